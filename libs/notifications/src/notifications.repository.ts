// The SQL of the events the academy's changes produce: writing them to the outbox (one statement each,
// set-based) and reading what they tell. Every method takes the manager to run on, so the caller owns the transaction.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';
import type { NotificationKind } from '@amahoro/domain/notifications/notification.rules.js';
import type { MessageData } from './message.types.js';

/** An outbox row as the worker writes it (its key already computed). */
export interface OutboxRow {
  dedupKey: string;
  userId: string;
  kind: NotificationKind;
  data: MessageData & { tokenId?: string };
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

/** A waitlisted enrolment's place in line (arrival order), as the column `place` of a query on enrollments `e`. */
export const WAITLIST_PLACE = `CASE WHEN e.status = 'waitlisted' THEN enrollment_waitlist_place(e.offering_id, e.seq) END AS place`;

/** notificationKey's format in SQL, for statements that write outbox rows themselves: kind, entity and recipient. */
export function notificationKeySql(kind: string, entityId: string, recipientId: string): string {
  return `${kind} || '/' || ${entityId} || '/' || ${recipientId}`;
}

/**
 * The outbox rows of enrolments' events, as one INSERT over `source`: rows with an enrolment's `id`, `user_id`,
 * `offering_id`, `status` and, when waitlisted, its `place` in line (WAITLIST_PLACE). Enrolling writes its event in
 * its own statement with this (EnrollmentsRepository.enrol).
 */
export function enrollmentEventsSql(source: string, kind: string, extra: string): string {
  return `INSERT INTO notifications (dedup_key, user_id, kind, data)
     SELECT ${notificationKeySql(kind, 'e.id', 'e.user_id')}, e.user_id, ${kind},
            jsonb_build_object('courseTitle', c.title, 'startsOn', o.starts_on::text, 'endsOn', o.ends_on::text, 'location', o.location, 'offeringId', o.id)
            || CASE WHEN e.place IS NOT NULL THEN jsonb_build_object('position', e.place) ELSE '{}' END
            || ${extra}
       FROM ${source} e JOIN offerings o ON o.id = e.offering_id JOIN courses c ON c.id = o.course_id
     ON CONFLICT (dedup_key) DO NOTHING`;
}

@Injectable()
export class NotificationsRepository {
  /** A repeated event (the same key) is ignored: each person gets at most one e-mail per event. */
  async insert(db: EntityManager, rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `INSERT INTO notifications (dedup_key, user_id, kind, data)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::jsonb[])
       ON CONFLICT (dedup_key) DO NOTHING`,
      [rows.map((r) => r.dedupKey), rows.map((r) => r.userId), rows.map((r) => r.kind), rows.map((r) => JSON.stringify(r.data))],
    );
  }

  /**
   * An enrolment changed status: its trainee hears of it. One statement, since enrolments call it holding the
   * offering's lock.
   */
  async insertEnrollmentEvents(db: EntityManager, kind: NotificationKind, enrollmentIds: string[], extra: MessageData): Promise<void> {
    await db.query(enrollmentEventsSql(`(SELECT *, ${WAITLIST_PLACE} FROM enrollments e WHERE id = ANY($2::uuid[]))`, '$1', '$3::jsonb'), [
      kind,
      enrollmentIds,
      JSON.stringify(extra),
    ]);
  }

  /**
   * Calls for nominations open now: one e-mail to each active focal point of an organisation with an
   * allocation (the key carries the opening time, so a call moved to a later opening is announced again).
   * Returns how many it wrote.
   */
  async insertOpenedNominationCalls(db: EntityManager): Promise<number> {
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

  async offering(db: EntityManager, offeringId: string): Promise<NotifiedOffering | null> {
    const [row]: NotifiedOffering[] = await db.query(
      `SELECT c.title AS "courseTitle", o.starts_on::text AS "startsOn", o.ends_on::text AS "endsOn", o.location,
              o.cancelled_at AS "cancelledAt", o.completed_at AS "completedAt"
         FROM offerings o JOIN courses c ON c.id = o.course_id WHERE o.id = $1`,
      [offeringId],
    );
    return row ?? null;
  }

  /** The people enrolled in an offering with one of these statuses. */
  async enrolledUserIds(db: EntityManager, offeringId: string, statuses: readonly EnrollmentStatus[]): Promise<string[]> {
    const rows: Array<{ userId: string }> = await db.query(
      `SELECT user_id AS "userId" FROM enrollments WHERE offering_id = $1 AND status = ANY($2::text[])`,
      [offeringId, statuses],
    );
    return rows.map((row) => row.userId);
  }

  async certificateHolder(db: EntityManager, certificateId: string): Promise<CertificateHolder | null> {
    const [row]: CertificateHolder[] = await db.query(
      `SELECT e.user_id AS "userId", c.serial, c.course_title AS "courseTitle", e.offering_id AS "offeringId"
         FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE c.id = $1`,
      [certificateId],
    );
    return row ?? null;
  }

  /** Offerings still to start, neither cancelled nor finalised: those with reminders ahead. */
  async upcomingOfferings(db: EntityManager): Promise<Array<{ id: string; startsOn: string }>> {
    return db.query(
      `SELECT id, starts_on::text AS "startsOn" FROM offerings WHERE cancelled_at IS NULL AND completed_at IS NULL AND starts_on > current_date`,
    );
  }
}
