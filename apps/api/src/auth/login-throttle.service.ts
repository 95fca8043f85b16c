import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { isOverLimit, type LoginCounter, loginCounters } from '@amahoro/domain/auth/login-throttle.js';
import { REDIS } from '@amahoro/queue/redis.module.js';
import { AuthErrors } from './auth.errors.js';

/** Counts failed logins in Redis, so the limits hold across every api process. Successes are never counted. */
@Injectable()
export class LoginThrottleService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Throws 429 when this account (from this address, or overall) or this address is over its bar. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const counters = this.counters(email, ip);
    const counts = (await this.redis.mget(counters.map((c) => c.key))).map(Number);
    if (!isOverLimit(counters, counts)) return;
    const full = counters.filter((counter, index) => (counts[index] ?? 0) >= counter.limit);
    const ttls = await Promise.all(full.map((counter) => this.redis.ttl(counter.key)));
    throw AuthErrors.tooManyAttempts(Math.max(1, ...ttls));
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const window = this.config.loginThrottle.windowSeconds;
    const pipeline = this.redis.multi();
    for (const { key } of this.counters(email, ip)) pipeline.set(key, 0, 'EX', window, 'NX').incr(key);
    await pipeline.exec();
  }

  /** The owner proved the password: their account counters start again (the address's does not). */
  async recordSuccess(email: string, ip: string): Promise<void> {
    const [accountAndIp, account] = this.counters(email, ip);
    await this.redis.del(accountAndIp!.key, account!.key);
  }

  private counters(email: string, ip: string): LoginCounter[] {
    return loginCounters(email, ip, this.config.loginThrottle).map((c) => ({ ...c, key: `${this.config.redisPrefix}:${c.key}` }));
  }
}
