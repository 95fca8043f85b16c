import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { REDIS } from '@amahoro/queue/redis.module.js';
import { CertificateErrors } from './certificates.errors.js';

/** Public verification, per address and minute, counted in Redis so the limit holds across api processes. */
@Injectable()
export class VerifyRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one request from the address; 429 past the limit. */
  async hit(ip: string): Promise<void> {
    const minute = Math.floor(Date.now() / 60_000);
    const key = `${this.config.redisPrefix}:verify:${ip}:${minute}`;
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, 61).exec()) as [[Error | null, number], unknown];
    if (count > this.config.certificates.verifyPerMinute) throw CertificateErrors.tooManyVerifications(60 - (Math.floor(Date.now() / 1000) % 60));
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
