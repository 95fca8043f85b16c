import { InjectQueue, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job, Queue } from 'bullmq';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { type Language, type NotificationKind, wants } from '@amahoro/domain/notifications/notification.rules.js';
import { accountLink, accountTokenSecret, type AccountTokenPurpose } from '@amahoro/notifications/account-tokens.js';
import { recordNotifications } from '@amahoro/notifications/outbox.js';
import { recordOpenedNominationCalls } from '@amahoro/notifications/events.js';
import { scheduleReminders } from '@amahoro/notifications/reminders.js';
import { type MessageData, renderMessage } from '@amahoro/notifications/templates.js';
import {
  JOBS,
  type JobPayload,
  NOTIFICATION_BACKOFF,
  NOTIFICATION_SEND_ATTEMPTS,
  notificationJobId,
  QUEUES,
} from '@amahoro/queue/jobs.js';

type Send = JobPayload<typeof QUEUES.notifications, typeof JOBS.sendNotification>;
type Remind = JobPayload<typeof QUEUES.notifications, typeof JOBS.remind>;
type Outcome = { outcome: 'sent' | 'skipped' | 'already-sent' } | { enqueued: number } | { recipients: number } | { offerings: number };

interface Claimed {
  id: string;
  kind: NotificationKind;
  data: MessageData & { tokenId?: string };
  email: string;
  full_name: string;
  preferred_language: Language;
  notification_settings: Record<string, boolean>;
  active: boolean;
  token_purpose: AccountTokenPurpose | null;
}

/** Rows whose job went missing (Redis lost it, or every attempt failed) are handed over again after this. */
const HAND_OVER_AFTER = '5 minutes';

/**
 * Sends the outbox. A row is claimed (status `sending`, with a lease) before the SMTP conversation and marked
 * `sent` once the server accepted the message, so a retry, a second worker or a stalled job picked up again
 * after its worker died never sends a sent row again. The one window left is SMTP's own: a worker that dies
 * after the server accepted and before PostgreSQL recorded it sends once more when the lease ends (the copy
 * carries the same Message-ID). The @Processor decorator is applied in WorkerModule.
 */
@Injectable()
export class NotificationsProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationsProcessor.name);
  private readonly mailer: Transporter | null;
  private readonly leaseMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(QUEUES.notifications) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    const { smtpUrl, sendTimeoutMs } = config.mail;
    this.mailer = smtpUrl
      ? createTransport({ url: smtpUrl, connectionTimeout: sendTimeoutMs, greetingTimeout: sendTimeoutMs, socketTimeout: sendTimeoutMs })
      : null;
    // Longer than any one attempt can last, so a live sender is never overtaken.
    this.leaseMs = 4 * sendTimeoutMs;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.mailer) this.logger.warn('Mail is off: SMTP_URL is not set, notifications are recorded as skipped.');
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

  /** Reminders of offerings created while Redis was away: scheduling is idempotent (deterministic job ids). */
  private async reconcileReminders(): Promise<number> {
    const upcoming: Array<{ id: string; starts_on: string }> = await this.db.query(
      `SELECT id, starts_on::text AS starts_on FROM offerings WHERE cancelled_at IS NULL AND completed_at IS NULL AND starts_on > current_date`,
    );
    for (const offering of upcoming) await scheduleReminders(this.queue, { id: offering.id, startsOn: offering.starts_on });
    return upcoming.length;
  }

  onApplicationShutdown(): void {
    this.mailer?.close();
  }

  async process(job: Job): Promise<Outcome> {
    switch (job.name) {
      case JOBS.sendNotification:
        return this.send((job.data as Send).notificationId);
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
    await recordOpenedNominationCalls(this.db);
    const fresh: Array<{ id: string; enqueue_count: number }> = await this.db
      .query(
        `UPDATE notifications SET enqueued_at = now(), enqueue_count = enqueue_count + 1
          WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND enqueued_at IS NULL
                        ORDER BY created_at LIMIT 1000 FOR UPDATE SKIP LOCKED)
          RETURNING id, enqueue_count`,
      )
      .then((result: [Array<{ id: string; enqueue_count: number }>, number]) => result[0]);
    const stale: Array<{ id: string; enqueue_count: number }> = await this.db.query(
      `SELECT id, enqueue_count FROM notifications
        WHERE status IN ('pending', 'sending') AND enqueued_at < now() - interval '${HAND_OVER_AFTER}'
          AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY created_at LIMIT 200`,
    );
    const lost: string[] = [];
    for (const row of stale) {
      const state = await this.queue.getJobState(notificationJobId(row.id, row.enqueue_count));
      if (state === 'unknown' || state === 'failed' || state === 'completed') lost.push(row.id);
    }
    const handedOver: Array<{ id: string; enqueue_count: number }> = lost.length
      ? await this.db
          .query(`UPDATE notifications SET enqueued_at = now(), enqueue_count = enqueue_count + 1 WHERE id = ANY($1::uuid[]) RETURNING id, enqueue_count`, [lost])
          .then((result: [Array<{ id: string; enqueue_count: number }>, number]) => result[0])
      : [];
    const rows = [...fresh, ...handedOver];
    if (rows.length === 0) return 0;
    try {
      await this.queue.addBulk(
        rows.map((row) => ({
          name: JOBS.sendNotification,
          data: { notificationId: row.id },
          opts: { jobId: notificationJobId(row.id, row.enqueue_count), attempts: NOTIFICATION_SEND_ATTEMPTS, backoff: { type: NOTIFICATION_BACKOFF } },
        })),
      );
    } catch (error) {
      // Not queued after all: the next sweep takes them again.
      await this.db.query(`UPDATE notifications SET enqueued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [rows.map((r) => r.id)]);
      throw error;
    }
    return rows.length;
  }

  private async send(notificationId: string): Promise<{ outcome: 'sent' | 'skipped' | 'already-sent' }> {
    const [row]: Claimed[] = await this.db
      .query(
        `UPDATE notifications n SET status = 'sending', claimed_until = now() + make_interval(secs => $2::float8 / 1000), attempts = n.attempts + 1
           FROM users u
          WHERE n.id = $1 AND u.id = n.user_id
            AND (n.status = 'pending' OR (n.status = 'sending' AND n.claimed_until < now()))
          RETURNING n.id, n.kind, n.data, u.email, u.full_name, u.preferred_language, u.notification_settings, u.active,
                    (SELECT purpose FROM user_tokens t WHERE t.id::text = n.data->>'tokenId'
                        AND t.used_at IS NULL AND t.expires_at > now()) AS token_purpose`,
        [notificationId, this.leaseMs],
      )
      .then((result: [Claimed[], number]) => result[0]);
    if (!row) {
      const [current]: Array<{ status: string }> = await this.db.query(`SELECT status FROM notifications WHERE id = $1`, [notificationId]);
      if (!current || current.status === 'sent' || current.status === 'skipped') return { outcome: 'already-sent' };
      // Another attempt holds the lease (its worker may have died mid-send): try again once it has run out.
      throw new Error(`notification ${notificationId} is being sent by another attempt`);
    }
    // A link that was used, replaced or expired while the e-mail waited is not worth sending.
    const deadLink = row.kind.startsWith('account.') && !row.token_purpose;
    if (!this.mailer || !row.active || deadLink || !wants(row.kind, row.notification_settings)) {
      await this.db.query(`UPDATE notifications SET status = 'skipped', claimed_until = NULL WHERE id = $1`, [row.id]);
      return { outcome: 'skipped' };
    }
    const { publicBaseUrl, certificates } = this.config;
    const message = renderMessage(row.kind, row.data, {
      language: row.preferred_language,
      recipientName: row.full_name,
      academyName: certificates.academyName,
      publicBaseUrl,
      accountLink:
        row.data.tokenId && row.token_purpose
          ? accountLink(publicBaseUrl, row.token_purpose, accountTokenSecret(this.config.jwt.accessSecret, row.data.tokenId))
          : undefined,
    });
    try {
      await this.mailer.sendMail({
        from: this.config.mail.from,
        to: { name: row.full_name, address: row.email },
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: `<${row.id}@${new URL(publicBaseUrl).hostname}>`,
        headers: { 'X-Amahoro-Notification': row.kind },
      });
    } catch (error) {
      await this.db.query(`UPDATE notifications SET status = 'pending', claimed_until = NULL, last_error = $2 WHERE id = $1`, [
        row.id,
        String((error as Error).message).slice(0, 500),
      ]);
      throw error;
    }
    await this.db.query(`UPDATE notifications SET status = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL WHERE id = $1`, [row.id]);
    return { outcome: 'sent' };
  }

  /** A reminder whose offering was cancelled, finished or moved since it was scheduled does nothing. */
  private async remind({ offeringId, startsOn, daysBefore }: Remind): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [offering]: Array<{ title: string; starts_on: string; ends_on: string; location: string | null }> = await tx.query(
        `SELECT c.title, o.starts_on::text AS starts_on, o.ends_on::text AS ends_on, o.location
           FROM offerings o JOIN courses c ON c.id = o.course_id
          WHERE o.id = $1 AND o.cancelled_at IS NULL AND o.completed_at IS NULL AND o.starts_on = $2::date`,
        [offeringId, startsOn],
      );
      if (!offering) return 0;
      const attendees: Array<{ user_id: string }> = await tx.query(`SELECT user_id FROM enrollments WHERE offering_id = $1 AND status = 'approved'`, [offeringId]);
      await recordNotifications(
        tx,
        attendees.map(({ user_id }) => ({
          kind: 'offering.reminder',
          recipientId: user_id,
          entityId: offeringId,
          version: `${startsOn}-${daysBefore}d`,
          data: { courseTitle: offering.title, startsOn: offering.starts_on, endsOn: offering.ends_on, location: offering.location, daysBefore, offeringId },
        })),
      );
      return attendees.length;
    });
  }
}
