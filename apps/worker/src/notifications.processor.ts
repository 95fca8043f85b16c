import { InjectQueue, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { HAND_OVER_AFTER_SECONDS, jobIsLost } from '@amahoro/domain/notifications/delivery.rules.js';
import { REMINDED_STATUSES, reminderStillApplies, reminderVersion } from '@amahoro/domain/notifications/notification.rules.js';
import { NotificationsRepository } from '@amahoro/notifications/notifications.repository.js';
import { type Enqueued, OutboxRepository } from '@amahoro/notifications/outbox.repository.js';
import { recordNotifications } from '@amahoro/notifications/outbox.js';
import { scheduleReminders } from '@amahoro/notifications/reminders.js';
import {
  freshNotificationJobPrefix,
  idsByJob,
  JOBS,
  type JobPayload,
  NOTIFICATION_BACKOFF,
  NOTIFICATION_SEND_ATTEMPTS,
  NOTIFICATIONS_PER_JOB,
  QUEUES,
} from '@amahoro/queue/jobs.js';
import { logConnectionErrors } from '@amahoro/queue/redis.js';
import { whenRedisReturns } from '@amahoro/queue/redis-returns.js';
import { NotificationSender, type SendOutcomes } from './notification-sender.js';

type Send = JobPayload<typeof QUEUES.notifications, typeof JOBS.sendNotification>;
type Remind = JobPayload<typeof QUEUES.notifications, typeof JOBS.remind>;
type Outcome = SendOutcomes | { enqueued: number } | { recipients: number } | { offerings: number };

/** Rows a sweep hands to jobs at most: new ones, and ones whose job may be lost. */
const NEW_PER_SWEEP = 1000;
const OVERDUE_PER_SWEEP = 200;

/**
 * The outbox's jobs: a sweep that hands rows to send jobs (up to NOTIFICATIONS_PER_JOB rows each), the sends
 * (NotificationSender), the reminders and their hourly reconciliation. The @Processor decorator is applied in WorkerModule.
 */
@Injectable()
export class NotificationsProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopWatching?: () => void;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: NotificationsRepository,
    private readonly outbox: OutboxRepository,
    private readonly sender: NotificationSender,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    // Without an 'error' listener BullMQ prints every failed reconnection as a bare stack trace.
    logConnectionErrors(this.worker, `worker ${QUEUES.notifications}`);
    await this.schedule();
    this.stopWatching = whenRedisReturns(this.config.redisUrl, 'notification schedules', () => this.schedule());
  }

  onApplicationShutdown(): void {
    this.stopWatching?.();
  }

  /** The sweep and the reminders' reconciliation, on BullMQ job schedulers (idempotent). */
  private async schedule(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'notifications-sweep',
      { every: this.config.mail.sweepIntervalMs },
      { name: JOBS.sweepNotifications, data: {}, opts: { removeOnComplete: true, removeOnFail: 100, attempts: 1 } },
    );
    await this.queue.upsertJobScheduler(
      'reminders-reconcile',
      { every: 3600_000 },
      { name: JOBS.reconcileReminders, data: {}, opts: { removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  async process(job: Job): Promise<Outcome> {
    switch (job.name) {
      case JOBS.sendNotification:
        return this.sender.send(notificationIds(job.data as Send));
      case JOBS.sweepNotifications:
        return { enqueued: await this.sweep() };
      case JOBS.remind:
        return { recipients: await this.remind(job.data as Remind) };
      case JOBS.reconcileReminders:
        return { offerings: await this.reconcileReminders() };
      default:
        throw new Error(`unknown job ${job.name} on queue ${QUEUES.notifications}`);
    }
  }

  /** Moves new outbox rows to the queue, and rows whose job went missing once more. */
  private async sweep(): Promise<number> {
    const db = this.db.manager;
    await this.notifications.insertOpenedNominationCalls(db);
    const fresh = await this.outbox.takeNew(db, NEW_PER_SWEEP, NOTIFICATIONS_PER_JOB, freshNotificationJobPrefix());
    const lost: string[] = [];
    for (const [jobId, ids] of idsByJob(await this.outbox.overdue(db, HAND_OVER_AFTER_SECONDS, OVERDUE_PER_SWEEP))) {
      // A row without a job id was handed over by a worker of an older version: treated as lost (claims keep it sent once).
      if (jobIsLost(jobId ? await this.queue.getJobState(jobId) : 'unknown')) lost.push(...ids);
    }
    const rows: Enqueued[] = [...fresh, ...(await this.outbox.handOver(db, lost, NOTIFICATIONS_PER_JOB, freshNotificationJobPrefix()))];
    if (rows.length === 0) return 0;
    try {
      await this.queue.addBulk(
        [...idsByJob(rows)].map(([jobId, ids]) => ({
          name: JOBS.sendNotification,
          data: { notificationIds: ids } satisfies Send,
          opts: { jobId, attempts: NOTIFICATION_SEND_ATTEMPTS, backoff: { type: NOTIFICATION_BACKOFF } },
        })),
      );
    } catch (error) {
      // Not queued after all: the next sweep takes them again.
      await this.outbox.releaseUnqueued(db, rows.map((row) => row.id));
      throw error;
    }
    return rows.length;
  }

  /** A reminder whose offering was cancelled, finished or moved since it was scheduled does nothing. */
  private async remind({ offeringId, startsOn, daysBefore }: Remind): Promise<number> {
    return this.db.transaction(async (tx) => {
      const offering = await this.notifications.offering(tx, offeringId);
      if (!offering || !reminderStillApplies(offering, startsOn)) return 0;
      const attendees = await this.notifications.enrolledUserIds(tx, offeringId, REMINDED_STATUSES);
      const { courseTitle, endsOn, location } = offering;
      await recordNotifications(
        tx,
        attendees.map((recipientId) => ({
          kind: 'offering.reminder',
          recipientId,
          entityId: offeringId,
          version: reminderVersion(startsOn, daysBefore),
          data: { courseTitle, startsOn: offering.startsOn, endsOn, location, daysBefore, offeringId },
        })),
      );
      return attendees.length;
    });
  }

  /** Reminders of offerings created while Redis was away: scheduling is idempotent (deterministic job ids). */
  private async reconcileReminders(): Promise<number> {
    const upcoming = await this.notifications.upcomingOfferings(this.db.manager);
    for (const offering of upcoming) await scheduleReminders(this.queue, offering);
    return upcoming.length;
  }
}

/** A send job's rows; a job of one row queued before rows were batched names it alone. */
function notificationIds(data: Send): string[] {
  return 'notificationIds' in data ? data.notificationIds : [data.notificationId];
}
