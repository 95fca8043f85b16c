import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { REDIS } from '@amahoro/queue/redis.module.js';
import { consumeOrThrow, redisLimiter } from '../common/rate-limit.js';
import { CertificateErrors } from './certificates.errors.js';

/** Public verification, per address and minute, counted in Redis so the limit holds across api processes. */
@Injectable()
export class VerifyRateLimiter {
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(APP_CONFIG) config: AppConfig) {
    this.limiter = redisLimiter(redis, config, 'verify', config.certificates.verifyPerMinute, 60);
  }

  /** Counts one request from the address; 429 past the limit. */
  hit(ip: string): Promise<void> {
    return consumeOrThrow(this.limiter, ip, CertificateErrors.tooManyVerifications);
  }
}

@Injectable()
export class VerifyRateLimitGuard implements CanActivate {
  constructor(private readonly limiter: VerifyRateLimiter) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    await this.limiter.hit(context.switchToHttp().getRequest<FastifyRequest>().ip);
    return true;
  }
}
