// The outbox's SQL: writing events (one statement each, set-based), and what the worker's sweep and sender do
// with a row. Every method takes the manager to run on, so the caller owns the transaction; every write by the
// worker is conditional on the row's state, so a job that runs twice changes nothing the second time.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';
import type { NotificationStatus } from '@amahoro/domain/notifications/delivery.rules.js';
import type { Language, NotificationKind } from '@amahoro/domain/notifications/notification.rules.js';
import type { AccountTokenPurpose } from './account-tokens.js';
import type { MessageData } from './message.types.js';

type Db = Pick<EntityManager, 'query'>;

/** An outbox row as the worker writes it (its key already computed). */
export interface OutboxRow {
  dedupKey: string;
  userId: string;
  kind: NotificationKind;
  data: MessageData & { tokenId?: string };
}

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

/** What every e-mail about an offering says of it, and whether it still runs. */
export interface NotifiedOffering {
  courseTitle: string;
  startsOn: string;
  endsOn: string;
  location: string | null;
  cancelledAt: Date | null;
  completedAt: Date | null;
}

export interface CertificateHolder {
  userId: string;
  serial: string;
  courseTitle: string;
  offeringId: string;
}

const ENQUEUED = `id, enqueue_count AS "enqueueCount"`;

@Injectable()
export class NotificationsRepository {
  /** A repeated event (the same key) is ignored: each person gets at most one e-mail per event. */
  async insert(db: Db, rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO notifications (dedup_key, user_id, kind, data)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::jsonb[])
       ON CONFLICT (dedup_key) DO NOTHING`,
      [rows.map((r) => r.dedupKey), rows.map((r) => r.userId), rows.map((r) => r.kind), rows.map((r) => JSON.stringify(r.data))],
    );
  }

  /**
   * One e-mail per enrolment to its trainee, with the offering's facts (and the place on the waitlist when
   * waitlisted). One statement, since enrolments call it holding the offering's lock; the key is
   * notificationKey's format. Returns the waitlist places it told, by enrolment id.
   */
  async insertEnrollmentEvents(db: Db, kind: NotificationKind, enrollmentIds: string[], extra: MessageData): Promise<Map<string, number>> {
    const rows: Array<{ id: string; position: number }> = await db.query(
      `WITH told AS (
         SELECT e.id, e.user_id, c.title, o.starts_on, o.ends_on, o.location, o.id AS offering_id,
                CASE WHEN e.status = 'waitlisted' THEN (SELECT count(*)::int FROM enrollments w
                  WHERE w.offering_id = e.offering_id AND w.status = 'waitlisted' AND w.seq <= e.seq) END AS position
           FROM enrollments e JOIN offerings o ON o.id = e.offering_id JOIN courses c ON c.id = o.course_id
          WHERE e.id = ANY($2::uuid[])),
       written AS (
         INSERT INTO notifications (dedup_key, user_id, kind, data)
         SELECT $1 || '/' || t.id || '/' || t.user_id, t.user_id, $1,
                jsonb_build_object('courseTitle', t.title, 'startsOn', t.starts_on::text, 'endsOn', t.ends_on::text, 'location', t.location, 'offeringId', t.offering_id)
                || CASE WHEN t.position IS NOT NULL THEN jsonb_build_object('position', t.position) ELSE '{}' END
                || $3::jsonb
           FROM told t
         ON CONFLICT (dedup_key) DO NOTHING)
       SELECT id, position FROM told WHERE position IS NOT NULL`,
      [kind, enrollmentIds, JSON.stringify(extra)],
    );
    return new Map(rows.map((row) => [row.id, row.position]));
  }

  /**
   * Calls for nominations open now: one e-mail to each active focal point of an organisation with an
   * allocation (the key carries the opening time, so a call moved to a later opening is announced again).
   * Returns how many it wrote.
   */
  async insertOpenedNominationCalls(db: Db): Promise<number> {
    const rows: unknown[] = await db.query(
      `INSERT INTO notifications (dedup_key, user_id, kind, data)
       SELECT 'nomination.call_opened/' || k.offering_id || '/' || extract(epoch FROM k.opens_at)::bigint || '/' || u.id, u.id, 'nomination.call_opened',
              jsonb_build_object('courseTitle', c.title, 'startsOn', o.starts_on::text, 'endsOn', o.ends_on::text, 'offeringId', o.id,
                                 'organisationName', g.name, 'closesAt', to_char(k.closes_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
         FROM nomination_calls k
         JOIN nomination_allocations a ON a.offering_id = k.offering_id AND a.seats > 0
         JOIN organisations g ON g.id = a.organisation_id
         JOIN users u ON u.organisation_id = a.organisation_id AND u.role = 'focal_point' AND u.active
         JOIN offerings o ON o.id = k.offering_id
         JOIN courses c ON c.id = o.course_id
        WHERE k.opens_at <= now() AND k.closes_at > now() AND o.cancelled_at IS NULL
       ON CONFLICT (dedup_key) DO NOTHING
       RETURNING 1`,
    );
    return rows.length;
  }

  async offering(db: Db, offeringId: string): Promise<NotifiedOffering | null> {
    const [row]: NotifiedOffering[] = await db.query(
      `SELECT c.title AS "courseTitle", o.starts_on::text AS "startsOn", o.ends_on::text AS "endsOn", o.location,
              o.cancelled_at AS "cancelledAt", o.completed_at AS "completedAt"
         FROM offerings o JOIN courses c ON c.id = o.course_id WHERE o.id = $1`,
      [offeringId],
    );
    return row ?? null;
  }

  /** The people enrolled in an offering with one of these statuses. */
  async enrolledUserIds(db: Db, offeringId: string, statuses: readonly EnrollmentStatus[]): Promise<string[]> {
    const rows: Array<{ userId: string }> = await db.query(
      `SELECT user_id AS "userId" FROM enrollments WHERE offering_id = $1 AND status = ANY($2::text[])`,
      [offeringId, statuses],
    );
    return rows.map((row) => row.userId);
  }

  async certificateHolder(db: Db, certificateId: string): Promise<CertificateHolder | null> {
    const [row]: CertificateHolder[] = await db.query(
      `SELECT e.user_id AS "userId", c.serial, c.course_title AS "courseTitle", e.offering_id AS "offeringId"
         FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE c.id = $1`,
      [certificateId],
    );
    return row ?? null;
  }

  /** Offerings still to start, neither cancelled nor finalised: those with reminders ahead. */
  async upcomingOfferings(db: Db): Promise<Array<{ id: string; startsOn: string }>> {
    return db.query(
      `SELECT id, starts_on::text AS "startsOn" FROM offerings WHERE cancelled_at IS NULL AND completed_at IS NULL AND starts_on > current_date`,
    );
  }

  /** New rows, oldest first, marked as handed to a job (another sweep skips rows this one has locked). */
  async takeNew(db: Db, limit: number): Promise<Enqueued[]> {
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
  async overdue(db: Db, olderThanSeconds: number, limit: number): Promise<Enqueued[]> {
    return db.query(
      `SELECT ${ENQUEUED} FROM notifications
        WHERE status IN ('pending', 'sending') AND enqueued_at < now() - make_interval(secs => $1)
          AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }

  /** Hands rows to a new job: a new enqueue count, so a new job id. */
  async handOver(db: Db, ids: string[]): Promise<Enqueued[]> {
    if (ids.length === 0) return [];
    const [rows] = (await db.query(
      `UPDATE notifications SET enqueued_at = now(), enqueue_count = enqueue_count + 1 WHERE id = ANY($1::uuid[]) RETURNING ${ENQUEUED}`,
      [ids],
    )) as [Enqueued[], number];
    return rows;
  }

  /** Rows that were not queued after all: the next sweep takes them again. */
  async releaseUnqueued(db: Db, ids: string[]): Promise<void> {
    await db.query(`UPDATE notifications SET enqueued_at = NULL WHERE id = ANY($1::uuid[]) AND status = 'pending'`, [ids]);
  }

  /**
   * Claims a row for one attempt (status `sending`, leased for leaseMs): pending, or sending with its lease
   * run out (its worker died mid-send). Null when another attempt holds it or it is settled.
   */
  async claim(db: Db, notificationId: string, leaseMs: number): Promise<ClaimedNotification | null> {
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

  async status(db: Db, notificationId: string): Promise<NotificationStatus | null> {
    const [row]: Array<{ status: NotificationStatus }> = await db.query(`SELECT status FROM notifications WHERE id = $1`, [notificationId]);
    return row?.status ?? null;
  }

  async markSkipped(db: Db, notificationId: string): Promise<void> {
    await db.query(`UPDATE notifications SET status = 'skipped', claimed_until = NULL WHERE id = $1`, [notificationId]);
  }

  /** The attempt failed: pending again, for the job's next attempt. */
  async markRetry(db: Db, notificationId: string, error: string): Promise<void> {
    await db.query(`UPDATE notifications SET status = 'pending', claimed_until = NULL, last_error = $2 WHERE id = $1`, [notificationId, error.slice(0, 500)]);
  }

  async markSent(db: Db, notificationId: string): Promise<void> {
    await db.query(`UPDATE notifications SET status = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL WHERE id = $1`, [notificationId]);
  }
}
