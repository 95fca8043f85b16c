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
 * Each check's status, 'down' if it fails (or throws) or has not answered within `ms`. Probes run thousands of
 * times a second: one timer per probe, cleared once every check answered, and no promise beyond the checks' own.
 */
function statusWithin(checks: Array<() => Promise<unknown>>, ms: number): Promise<Status[]> {
  return new Promise((resolve) => {
    const statuses: Array<Status | undefined> = checks.map(() => undefined);
    let waiting = checks.length;
    const finish = () => {
      clearTimeout(timer);
      resolve(statuses.map((status) => status ?? 'down'));
    };
    const timer = setTimeout(finish, ms);
    checks.forEach((check, i) => {
      const answered = (status: Status) => () => {
        statuses[i] = status;
        if (--waiting === 0) finish();
      };
      started(check).then(answered('up'), answered('down'));
    });
  });
}

/** The check's promise; one that throws before it returns one is a failed check too. */
function started(check: () => Promise<unknown>): Promise<unknown> {
  try {
    return check();
  } catch (error) {
    return Promise.reject(error);
  }
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
    const [db, redis] = (await statusWithin([() => this.database.ping(), () => this.redis.ping()], CHECK_TIMEOUT_MS)) as [Status, Status];
    const healthy = db === 'up' && redis === 'up';
    void reply.status(healthy ? 200 : 503);
    if (!healthy) void reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
    return { status: healthy ? 'ok' : 'degraded', db, redis };
  }
}
