import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { REDIS } from '@amahoro/queue/redis.module.js';
import { Public } from '../common/auth.decorators.js';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../common/http-exception.filter.js';
import { SerializedResponse } from '../common/serialized-response.js';

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

/** The promise, or a rejection after `ms`; the timer is cleared either way (probes run thousands of times a second). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Whether the API, PostgreSQL and Redis are up' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'PostgreSQL or Redis is down' })
  @SerializedResponse()
  async getHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponse> {
    const [db, redis] = await Promise.all([
      // Straight on the driver's pool: a TypeORM query runner per probe costs more than the probe.
      this.probe(() => (this.db.driver as unknown as { master: { query(sql: string): Promise<unknown> } }).master.query('SELECT 1')),
      this.probe(() => this.redis.ping()),
    ]);
    const healthy = db === 'up' && redis === 'up';
    void reply.status(healthy ? 200 : 503);
    if (!healthy) void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return { status: healthy ? 'ok' : 'degraded', db, redis };
  }

  private async probe(check: () => Promise<unknown>): Promise<Status> {
    try {
      await within(check(), CHECK_TIMEOUT_MS);
      return 'up';
    } catch {
      return 'down';
    }
  }
}
