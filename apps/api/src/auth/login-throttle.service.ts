import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { type LoginCounter, loginCounters } from '@amahoro/domain/auth/login-throttle.js';
import { REDIS } from '@amahoro/queue/redis.module.js';
import { consumeOrThrow, redisLimiter } from '../common/rate-limit.js';
import { AuthErrors } from './auth.errors.js';

/**
 * Login throttling after rate-limiter-flexible's login-protection recipe, counted before the password is
 * tested: every attempt takes a point from each counter first, so 40 concurrent guesses test no more
 * passwords than the limit allows. A success gives its points back: successful logins are never counted.
 */
@Injectable()
export class LoginThrottleService {
  private readonly limiters: Map<LoginCounter['name'], RateLimiterRedis>;

  constructor(
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { windowSeconds } = config.loginThrottle;
    this.limiters = new Map(
      this.counters('', '').map((counter) => [counter.name, redisLimiter(redis, config, counter.name, counter.limit, windowSeconds)]),
    );
  }

  /** Counts the attempt on every counter; 429 when any of them is over its limit. */
  async begin(email: string, ip: string): Promise<void> {
    for (const counter of this.counters(email, ip)) {
      await consumeOrThrow(this.limiters.get(counter.name)!, counter.key, AuthErrors.tooManyAttempts);
    }
  }

  /** The owner proved the password: this account's counter from this address starts again, the address gets its point back. */
  async succeeded(email: string, ip: string): Promise<void> {
    const [accountAndIp, address] = this.counters(email, ip);
    await Promise.all([
      this.limiters.get(accountAndIp!.name)!.delete(accountAndIp!.key),
      this.limiters.get(address!.name)!.reward(address!.key, 1),
    ]);
  }

  private counters(email: string, ip: string): LoginCounter[] {
    // Redis keys carry a digest of the email, not the address itself.
    const account = createHash('sha256').update(email).digest('base64url').slice(0, 22);
    return loginCounters(account, ip, this.config.loginThrottle);
  }
}
