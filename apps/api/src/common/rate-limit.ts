// Counters in Redis through rate-limiter-flexible: each hit is counted atomically (one Lua script) before
// anything is decided, so concurrent requests cannot slip past a limit, and every api process shares them.
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { AppConfig } from '@amahoro/config/config.js';
import type { AppError } from './app-error.js';

/** A limiter whose keys live under the deployment's Redis prefix and expire with their window. */
export function redisLimiter(redis: Redis, config: AppConfig, name: string, points: number, windowSeconds: number): RateLimiterRedis {
  return new RateLimiterRedis({ storeClient: redis, keyPrefix: `${config.redisPrefix}:${name}`, points, duration: windowSeconds });
}

/** Counts one hit on `key`; past the limit, throws the error made from the seconds until it lifts. */
export async function consumeOrThrow(limiter: RateLimiterRedis, key: string, tooMany: (retryAfterSeconds: number) => AppError): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw tooMany(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
    throw rejection;
  }
}
