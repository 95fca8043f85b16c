import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { DatabaseModule } from '@amahoro/database/database.module.js';
import { QueueModule } from '@amahoro/queue/queue.module.js';
import { Processor } from '@nestjs/bullmq';
import { IssuerKeysModule } from '@amahoro/certificates/issuer-keys.module.js';
import { QUEUES } from '@amahoro/queue/jobs.js';
import { AuditSealer } from './audit-sealer.service.js';
import { CertificatesProcessor } from './certificates.processor.js';
import { CertificatesReconciler } from './certificates-reconciler.js';
import { SystemProcessor } from './system.processor.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    // Worker options come from the configuration, so the decorator is applied here rather than on the class.
    // A job whose worker died (lock not renewed) is handed to another after stalledInterval.
    // Workers keep ioredis' offline queue (unlike producers, which fail fast) and reconnect every second or so.
    const connection = { url: config.redisUrl, retryStrategy: (times: number) => Math.min(times * 250, 1000) };
    Processor(QUEUES.certificates, {
      connection,
      concurrency: config.workerConcurrency,
      lockDuration: config.workerStalledIntervalMs,
      stalledInterval: config.workerStalledIntervalMs,
      maxStalledCount: 3,
    })(CertificatesProcessor);
    Processor(QUEUES.system, { connection })(SystemProcessor);
    return {
      module: WorkerModule,
      imports: [AppConfigModule.forRoot(config), DatabaseModule, QueueModule, IssuerKeysModule],
      providers: [AuditSealer, CertificatesReconciler, SystemProcessor, CertificatesProcessor],
    };
  }
}
