import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { DatabaseModule } from '@amahoro/database/database.module.js';
import { QueueModule } from '@amahoro/queue/queue.module.js';
import { Processor } from '@nestjs/bullmq';
import { IssuerKeysModule } from '@amahoro/certificates/issuer-keys.module.js';
import { NotificationsRepository } from '@amahoro/notifications/notifications.repository.js';
import { OutboxRepository } from '@amahoro/notifications/outbox.repository.js';
import { NOTIFICATION_MAX_BACKOFF_MS, QUEUES } from '@amahoro/queue/jobs.js';
import { AuditSealer } from './audit-sealer.service.js';
import { CertificatesProcessor } from './certificates.processor.js';
import { WorkerCertificatesRepository } from './certificates.repository.js';
import { CertificatesReconciler } from './certificates-reconciler.js';
import { NotificationSender } from './notification-sender.js';
import { NotificationsProcessor } from './notifications.processor.js';
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
    Processor(QUEUES.notifications, {
      connection,
      concurrency: config.workerConcurrency,
      lockDuration: config.workerStalledIntervalMs,
      stalledInterval: config.workerStalledIntervalMs,
      // A worker killed mid-send leaves its job stalled; it is picked up again, never dropped.
      maxStalledCount: 1000,
      settings: {
        // Doubling from MAIL_RETRY_DELAY_MS, at most ten minutes apart: a mail server down for hours loses nothing.
        backoffStrategy: (attemptsMade: number) => Math.min(config.mail.retryDelayMs * 2 ** Math.max(0, attemptsMade - 1), NOTIFICATION_MAX_BACKOFF_MS),
      },
    })(NotificationsProcessor);
    Processor(QUEUES.system, { connection })(SystemProcessor);
    return {
      module: WorkerModule,
      imports: [AppConfigModule.forRoot(config), DatabaseModule, QueueModule, IssuerKeysModule],
      providers: [
        AuditSealer,
        WorkerCertificatesRepository,
        CertificatesReconciler,
        SystemProcessor,
        CertificatesProcessor,
        NotificationsRepository,
        OutboxRepository,
        NotificationSender,
        NotificationsProcessor,
      ],
    };
  }
}
