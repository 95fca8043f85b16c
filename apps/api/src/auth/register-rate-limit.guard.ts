import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { REDIS } from '@amahoro/queue/redis.module.js';
import { consumeOrThrow, redisLimiter } from '../common/rate-limit.js';
import { AuthErrors } from './auth.errors.js';

/** Self-registration per address and window: one address cannot mint accounts by the hundred. */
@Injectable()
export class RegisterRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = redisLimiter(redis, config, 'register', config.registration.maxPerIp, config.registration.windowSeconds);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await consumeOrThrow(this.limiter, context.switchToHttp().getRequest<FastifyRequest>().ip, AuthErrors.tooManyRegistrations);
    return true;
  }
}
