import { type DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { DatabaseModule } from '@amahoro/database/database.module.js';
import { QueueModule } from '@amahoro/queue/queue.module.js';
import { Processor } from '@nestjs/bullmq';
import type { WorkerOptions } from 'bullmq';
import { IssuerKeysModule } from '@amahoro/certificates/issuer-keys.module.js';
import { NotificationsRepository } from '@amahoro/notifications/notifications.repository.js';
import { OutboxRepository } from '@amahoro/notifications/outbox.repository.js';
import { NOTIFICATION_MAX_BACKOFF_MS, QUEUES } from '@amahoro/queue/jobs.js';
import { AuditSealer } from './audit-sealer.service.js';
import { CertificateMakers } from './certificate-makers.js';
import { CertificatesIssuer } from './certificates-issuer.js';
import { CertificatesProcessor } from './certificates.processor.js';
import { WorkerCertificatesRepository } from './certificates.repository.js';
import { CertificatesReconciler } from './certificates-reconciler.js';
import { CERTIFICATES_WORKER_OPTIONS, CertificatesWorker } from './certificates.worker.js';
import { NOTIFICATION_JOBS_AT_ONCE, NotificationSender } from './notification-sender.js';
import { NotificationsProcessor } from './notifications.processor.js';
import { SystemProcessor } from './system.processor.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    // Worker options come from the configuration, set here where the workers are built: the certificates worker takes
    // them as a provider (certificates.worker.ts); the notifications and system processors still get the decorator here.
    // A job whose worker died (lock not renewed) is handed to another after stalledInterval.
    // Workers keep ioredis' offline queue (unlike producers, which fail fast) and reconnect every second or so.
    const connection = { url: config.redisUrl, retryStrategy: (times: number) => Math.min(times * 250, 1000) };
    Processor(QUEUES.notifications, {
      connection,
      concurrency: NOTIFICATION_JOBS_AT_ONCE,
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
        CertificateMakers,
        CertificatesIssuer,
        CertificatesProcessor,
        {
          provide: CERTIFICATES_WORKER_OPTIONS,
          useValue: {
            connection,
            concurrency: config.workerConcurrency,
            lockDuration: config.workerStalledIntervalMs,
            stalledInterval: config.workerStalledIntervalMs,
            maxStalledCount: 3,
          } satisfies WorkerOptions,
        },
        CertificatesWorker,
        SystemProcessor,
        NotificationsRepository,
        OutboxRepository,
        NotificationSender,
        NotificationsProcessor,
      ],
    };
  }
}
