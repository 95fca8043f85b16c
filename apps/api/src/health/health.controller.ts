import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { REDIS } from '@amahoro/queue/redis.module.js';
import { Public } from '../common/auth.decorators.js';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../common/http-exception.filter.js';
import { SerializedResponse } from '../common/serialized-response.js';
import { HealthRepository } from './health.repository.js';

type Status = 'up' | 'down';

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status: 'ok' | 'degraded';
  @ApiProperty({ enum: ['up', 'down'] })
  db: Status;
  @ApiProperty({ enum: ['up', 'down'] })
  redis: Status;
}

const CHECK_TIMEOUT_MS = 2000;

/**
 * A probe's deadline, one timer for both checks of a request and cleared once both answered (probes run
 * thousands of times a second): `within` is the check, or 'down' when the deadline comes first.
 */
function deadline(ms: number): { within: (check: Promise<unknown>) => Promise<Status>; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Status>((resolve) => {
    timer = setTimeout(() => resolve('down'), ms);
  });
  const answer = (check: Promise<unknown>) => check.then((): Status => 'up', (): Status => 'down');
  return { within: (check) => Promise.race([answer(check), expired]), clear: () => clearTimeout(timer) };
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: HealthRepository,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Whether the API, PostgreSQL and Redis are up' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'PostgreSQL or Redis is down' })
  @SerializedResponse()
  async getHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const checks = deadline(CHECK_TIMEOUT_MS);
    const [db, redis] = await Promise.all([
      checks.within(this.probe(() => this.database.ping())),
      checks.within(this.probe(() => this.redis.ping())),
    ]).finally(checks.clear);
    const healthy = db === 'up' && redis === 'up';
    void reply.status(healthy ? 200 : 503);
    if (!healthy) void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return { status: healthy ? 'ok' : 'degraded', db, redis };
  }

  /** The check's promise; one that throws before it returns one is a failed check too. */
  private probe(check: () => Promise<unknown>): Promise<unknown> {
    try {
      return check();
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
