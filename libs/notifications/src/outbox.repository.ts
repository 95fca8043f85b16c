// What the worker's sweep and sender do with an outbox row: hand it to a job, claim it, mark it. Every write is
// conditional on the row's state, so a job that runs twice changes nothing the second time; every method
// takes the manager to run on.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { queryPrepared } from '@amahoro/database/prepared.js';
import type { NotificationStatus } from '@amahoro/domain/notifications/delivery.rules.js';
import type { Language, NotificationKind } from '@amahoro/domain/notifications/notification.rules.js';
import type { AccountTokenPurpose } from './account-tokens.js';
import type { MessageData } from './message.types.js';
import { chunkJobId } from '@amahoro/queue/jobs.js';

/** A row handed to a send job: the job's id, shared by the rows it sends. */
export interface Enqueued {
  id: string;
  jobId: string;
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

const ENQUEUED = `n.id, n.job_id AS "jobId"`;

/**
 * Hands the rows of `picked` (a subquery of ids and creation times) to jobs: up to `perJob` rows per job, oldest
 * first, each job id `<jobIdPrefix>-<n>`. Parameters: $1 what `picked` uses, $2 perJob, $3 jobIdPrefix.
 */
const handTo = (picked: string) =>
  `UPDATE notifications n SET enqueued_at = now(), enqueue_count = n.enqueue_count + 1, job_id = ${chunkJobId.sql('$3', 't.n', '$2')}
     FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) - 1 AS n FROM (${picked}) picked) t
    WHERE n.id = t.id
    RETURNING ${ENQUEUED}`;

@Injectable()
export class OutboxRepository {
  /**
   * New rows, oldest first, handed to jobs of up to `perJob` rows (ids `<jobIdPrefix>-<n>`); another sweep skips
   * rows this one has locked.
   */
  async takeNew(db: EntityManager, limit: number, perJob: number, jobIdPrefix: string): Promise<Enqueued[]> {
    const [rows] = (await db.query(
      handTo(`SELECT id, created_at FROM notifications WHERE status = 'pending' AND enqueued_at IS NULL
               ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`),
      [limit, perJob, jobIdPrefix],
    )) as [Enqueued[], number];
    return rows;
  }

  /** Unsent rows handed to a job longer ago than this and not claimed now: their job may be lost. */
  async overdue(db: EntityManager, olderThanSeconds: number, limit: number): Promise<Array<{ id: string; jobId: string | null }>> {
    return db.query(
      `SELECT ${ENQUEUED} FROM notifications n
        WHERE status IN ('pending', 'sending') AND enqueued_at < now() - make_interval(secs => $1)
          AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  /** Hands rows to new jobs, as takeNew does (a fresh prefix: new job ids). */
  async handOver(db: EntityManager, ids: string[], perJob: number, jobIdPrefix: string): Promise<Enqueued[]> {
    if (ids.length === 0) return [];
    const [rows] = (await db.query(handTo(`SELECT id, created_at FROM notifications WHERE id = ANY($1::uuid[])`), [ids, perJob, jobIdPrefix])) as [
      Enqueued[],
      number,
    ];
    return rows;
  }

  /** Rows that were not queued after all: the next sweep takes them again. */
  async releaseUnqueued(db: EntityManager, ids: string[]): Promise<void> {
    await db.query(`UPDATE notifications SET enqueued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [ids]);
  }

  /**
   * Claims rows for one attempt (status `sending`): pending, or sending with their lease run out (their worker died
   * mid-send). They are sent one after another in the order given, so the n-th is leased for n × leaseMs. The rows
   * claimed, in that order; those another attempt holds or that are settled are left out. The account link's token
   * is found by its primary key (tokenId is always one): compared as text, every row claimed read all of user_tokens
   * (~47 ms each with 50,000 tokens), a certificate's e-mail too, which has none.
   */
  async claim(db: EntityManager, notificationIds: string[], leaseMs: number): Promise<ClaimedNotification[]> {
    type Row = Omit<ClaimedNotification, 'recipient'> & {
      position: string;
      email: string;
      fullName: string;
      language: Language;
      settings: Record<string, boolean>;
      active: boolean;
    };
    // Prepared, as markSkipped and markSent: run for every send job (its plan cost ~280 µs of PostgreSQL's CPU each time).
    const rows = await queryPrepared<Row>(
      db,
      `UPDATE notifications n SET status = 'sending', claimed_until = now() + make_interval(secs => $2::float8 * o.position / 1000), attempts = n.attempts + 1
         FROM unnest($1::uuid[]) WITH ORDINALITY AS o (id, position), users u
        WHERE n.id = o.id AND u.id = n.user_id
          AND (n.status = 'pending' OR (n.status = 'sending' AND n.claimed_until < now()))
        RETURNING o.position, n.id, n.kind, n.data, u.email, u.full_name AS "fullName", u.preferred_language AS language,
                  u.notification_settings AS settings, u.active,
                  (SELECT purpose FROM user_tokens t WHERE t.id = (n.data->>'tokenId')::uuid
                      AND t.used_at IS NULL AND t.expires_at > now()) AS "livePurpose"`,
      [notificationIds, leaseMs],
    );
    return rows
      .sort((a, b) => Number(a.position) - Number(b.position))
      .map(({ position: _, email, fullName, language, settings, active, ...rest }) => ({ ...rest, recipient: { email, fullName, language, settings, active } }));
  }

  async statuses(db: EntityManager, notificationIds: string[]): Promise<Map<string, NotificationStatus>> {
    const rows: Array<{ id: string; status: NotificationStatus }> = await db.query(`SELECT id, status FROM notifications WHERE id = ANY($1::uuid[])`, [
      notificationIds,
    ]);
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  async markSkipped(db: EntityManager, notificationIds: string[]): Promise<void> {
    if (notificationIds.length === 0) return;
    await queryPrepared(db, `UPDATE notifications SET status = 'skipped', claimed_until = NULL WHERE id = ANY($1::uuid[])`, [notificationIds]);
  }

  /** The attempt failed: pending again, for the job's next attempt. */
  async markRetry(db: EntityManager, notificationId: string, error: string): Promise<void> {
    await db.query(`UPDATE notifications SET status = 'pending', claimed_until = NULL, last_error = $2 WHERE id = $1`, [notificationId, error.slice(0, 500)]);
  }

  async markSent(db: EntityManager, notificationId: string): Promise<void> {
    await queryPrepared(db, `UPDATE notifications SET status = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL WHERE id = $1`, [notificationId]);
  }
}
