import { InjectQueue } from '@nestjs/bullmq';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Queue } from 'bullmq';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { JOBS, type JobPayload, type JobResult, QUEUES } from '@amahoro/queue/jobs.js';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { SystemErrors } from './system.errors.js';
import { ApiErrors } from '../common/error-responses.js';

type Ping = JobPayload<typeof QUEUES.system, typeof JOBS.ping>;
type PingResult = JobResult<typeof QUEUES.system, typeof JOBS.ping>;

export class PingDto {
  @ApiProperty({ example: 'hello worker' })
  @IsString()
  @Length(1, 200)
  message: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 30_000, description: 'How long the worker should pretend to work' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30_000)
  workMs?: number;
}

export class PingQueuedResponse {
  @ApiProperty()
  jobId: string;
}

export class PingResultResponse {
  @ApiProperty()
  echo: string;
  @ApiProperty({ format: 'date-time' })
  processedAt: string;
  @ApiProperty({ description: 'Process id of the worker that answered' })
  worker: number;
}

export class PingStatusResponse {
  @ApiProperty({ example: 'completed', description: 'BullMQ job state: waiting, active, completed, failed…' })
  state: string;
  @ApiPropertyOptional({ type: PingResultResponse })
  result?: PingResult;
}

/** Admins check that the worker is consuming: a ping goes API → Redis → worker and back. */
@ApiTags('system')
@Roles('admin')
@Controller('system')
export class SystemController {
  constructor(@InjectQueue(QUEUES.system) private readonly queue: Queue<Ping, PingResult>) {}

  @Post('ping')
  @ApiOperation({ summary: 'Send a ping through the queue to the worker' })
  @HttpCode(202)
  @ApiAcceptedResponse({ type: PingQueuedResponse })
  @ApiErrors(401, 403)
  async pingWorker(@CurrentUser() me: AuthUser, @Body() dto: PingDto): Promise<PingQueuedResponse> {
    const job = await this.queue.add(JOBS.ping, { message: dto.message, requestedBy: me.id, workMs: dto.workMs }, { attempts: 1 });
    return { jobId: job.id! };
  }

  @Get('ping/:jobId')
  @ApiOperation({ summary: 'Where a ping is: waiting, active, completed' })
  @ApiOkResponse({ type: PingStatusResponse })
  @ApiErrors(401, 403, SystemErrors.jobNotFound())
  async getPing(@Param('jobId') jobId: string): Promise<PingStatusResponse> {
    if (!/^\d{1,20}$/.test(jobId)) throw SystemErrors.jobNotFound();
    // The state first, then the job: a ping that completes between the two reads is then seen with its result
    // (read the other way round, it could answer "completed" with none).
    const state = await this.queue.getJobState(jobId);
    const job = await this.queue.getJob(jobId);
    if (!job || job.name !== JOBS.ping) throw SystemErrors.jobNotFound();
    return { state, result: job.returnvalue ?? undefined };
  }
}
