import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { Module, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { CertificateJobs } from './certificate-jobs.js';
import { DEFAULT_JOB_OPTIONS, QUEUES } from './jobs.js';
import { FAIL_FAST_REDIS_OPTIONS, logConnectionErrors } from './redis.js';

/**
 * BullMQ on the configured Redis, with every queue of the registry and the producer of certificate jobs; imported by
 * the API and the worker.
 * Producers fail fast while Redis is down (the API answers 503); workers set their own connection.
 */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        connection: { url: config.redisUrl, ...FAIL_FAST_REDIS_OPTIONS },
        prefix: `${config.redisPrefix}:bull`,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    BullModule.registerQueue(...Object.values(QUEUES).map((name) => ({ name }))),
  ],
  providers: [CertificateJobs],
  exports: [BullModule, CertificateJobs],
})
export class QueueModule implements OnModuleInit {
  constructor(private readonly modules: ModuleRef) {}

  onModuleInit(): void {
    for (const name of Object.values(QUEUES)) logConnectionErrors(this.modules.get<Queue>(getQueueToken(name), { strict: false }), `queue ${name}`);
  }
}
