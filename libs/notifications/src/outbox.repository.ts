// What the worker's sweep and sender do with an outbox row: hand it to a job, claim it, mark it. Every write is
// conditional on the row's state, so a job that runs twice changes nothing the second time; every method
// takes the manager to run on.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NotificationStatus } from '@amahoro/domain/notifications/delivery.rules.js';
import type { Language, NotificationKind } from '@amahoro/domain/notifications/notification.rules.js';
import type { AccountTokenPurpose } from './account-tokens.js';
import type { MessageData } from './message.types.js';

/** A row handed to a queue job: the job's id is derived from both. */
export interface Enqueued {
  id: string;
  enqueueCount: number;
}

/** A row the sender holds, with what it needs to write and address the e-mail. */
export interface ClaimedNotification {
  id: string;
  kind: NotificationKind;
  data: MessageData & { tokenId?: string };
  recipient: { email: string; fullName: string; language: Language; settings: Record<string, boolean>; active: boolean };
  /** The purpose of the row's account link while it still works (unused, unexpired); null otherwise. */
  livePurpose: AccountTokenPurpose | null;
}

const ENQUEUED = `id, enqueue_count AS "enqueueCount"`;

@Injectable()
export class OutboxRepository {
  /** New rows, oldest first, marked as handed to a job (another sweep skips rows this one has locked). */
  async takeNew(db: EntityManager, limit: number): Promise<Enqueued[]> {
    const [rows] = (await db.query(
      `UPDATE notifications SET enqueued_at = now(), enqueue_count = enqueue_count + 1
        WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND enqueued_at IS NULL
                      ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING ${ENQUEUED}`,
      [limit],
    )) as [Enqueued[], number];
    return rows;
  }

  /** Unsent rows handed to a job longer ago than this and not claimed now: their job may be lost. */
  async overdue(db: EntityManager, olderThanSeconds: number, limit: number): Promise<Enqueued[]> {
    return db.query(
      `SELECT ${ENQUEUED} FROM notifications
        WHERE status IN ('pending', 'sending') AND enqueued_at < now() - make_interval(secs => $1)
          AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  /** Hands rows to a new job: a new enqueue count, so a new job id. */
  async handOver(db: EntityManager, ids: string[]): Promise<Enqueued[]> {
    if (ids.length === 0) return [];
    const [rows] = (await db.query(
      `UPDATE notifications SET enqueued_at = now(), enqueue_count = enqueue_count + 1 WHERE id = ANY($1::uuid[]) RETURNING ${ENQUEUED}`,
      [ids],
    )) as [Enqueued[], number];
    return rows;
  }

  /** Rows that were not queued after all: the next sweep takes them again. */
  async releaseUnqueued(db: EntityManager, ids: string[]): Promise<void> {
    await db.query(`UPDATE notifications SET enqueued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [ids]);
  }

  /**
   * Claims a row for one attempt (status `sending`, leased for leaseMs): pending, or sending with its lease
   * run out (its worker died mid-send). Null when another attempt holds it or it is settled.
   */
  async claim(db: EntityManager, notificationId: string, leaseMs: number): Promise<ClaimedNotification | null> {
    type Row = Omit<ClaimedNotification, 'recipient'> & { email: string; fullName: string; language: Language; settings: Record<string, boolean>; active: boolean };
    const [rows] = (await db.query(
      `UPDATE notifications n SET status = 'sending', claimed_until = now() + make_interval(secs => $2::float8 / 1000), attempts = n.attempts + 1
         FROM users u
        WHERE n.id = $1 AND u.id = n.user_id
          AND (n.status = 'pending' OR (n.status = 'sending' AND n.claimed_until < now()))
        RETURNING n.id, n.kind, n.data, u.email, u.full_name AS "fullName", u.preferred_language AS language,
                  u.notification_settings AS settings, u.active,
                  (SELECT purpose FROM user_tokens t WHERE t.id::text = n.data->>'tokenId'
                      AND t.used_at IS NULL AND t.expires_at > now()) AS "livePurpose"`,
      [notificationId, leaseMs],
    )) as [Row[], number];
    const row = rows[0];
    if (!row) return null;
    const { email, fullName, language, settings, active, ...rest } = row;
    return { ...rest, recipient: { email, fullName, language, settings, active } };
  }

  async status(db: EntityManager, notificationId: string): Promise<NotificationStatus | null> {
    const [row]: Array<{ status: NotificationStatus }> = await db.query(`SELECT status FROM notifications WHERE id = $1`, [notificationId]);
    return row?.status ?? null;
  }

  async markSkipped(db: EntityManager, notificationId: string): Promise<void> {
    await db.query(`UPDATE notifications SET status = 'skipped', claimed_until = NULL WHERE id = $1`, [notificationId]);
  }

  /** The attempt failed: pending again, for the job's next attempt. */
  async markRetry(db: EntityManager, notificationId: string, error: string): Promise<void> {
    await db.query(`UPDATE notifications SET status = 'pending', claimed_until = NULL, last_error = $2 WHERE id = $1`, [notificationId, error.slice(0, 500)]);
  }

  async markSent(db: EntityManager, notificationId: string): Promise<void> {
    await db.query(`UPDATE notifications SET status = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL WHERE id = $1`, [notificationId]);
  }
}
