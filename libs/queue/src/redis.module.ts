import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { FAIL_FAST_REDIS_OPTIONS, logConnectionErrors } from './redis.js';

/** A shared Redis client for counters and health checks (BullMQ keeps its own connections). */
export const REDIS = Symbol('REDIS');

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const client = new Redis(config.redisUrl, { ...FAIL_FAST_REDIS_OPTIONS, lazyConnect: true });
        logConnectionErrors(client, 'counters');
        // Connected before the first request: without an offline queue, a command sent earlier would fail.
        await client.connect();
        return client;
      },
    },
  ],
  exports: [REDIS],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
