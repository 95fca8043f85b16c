// The events the academy's changes produce, written to the outbox in the transaction of the change.
import type { EntityManager } from 'typeorm';
import type { NotificationKind } from '@amahoro/domain/notifications/notification.rules.js';
import { recordNotifications } from './outbox.js';
import type { MessageData } from './templates.js';

/** What every e-mail about an offering says of it. */
export async function offeringFacts(tx: EntityManager, offeringId: string): Promise<MessageData> {
  const [row]: Array<{ title: string; starts_on: string; ends_on: string; location: string | null }> = await tx.query(
    `SELECT c.title, o.starts_on::text AS starts_on, o.ends_on::text AS ends_on, o.location
       FROM offerings o JOIN courses c ON c.id = o.course_id WHERE o.id = $1`,
    [offeringId],
  );
  return row ? { courseTitle: row.title, startsOn: row.starts_on, endsOn: row.ends_on, location: row.location, offeringId } : { offeringId };
}

/** A waitlisted enrolment's place in line (arrival order), as the column `place` of a query on enrollments `e`. */
export const WAITLIST_PLACE = `CASE WHEN e.status = 'waitlisted' THEN enrollment_waitlist_place(e.offering_id, e.seq) END AS place`;

/**
 * The outbox rows of enrolments' events, as one INSERT over `source`: rows with an enrolment's `id`, `user_id`,
 * `offering_id`, `status` and, when waitlisted, its `place` in line. The key is notificationKey's format.
 */
export function enrollmentEventsSql(source: string, kind: string, extra: string): string {
  return `INSERT INTO notifications (dedup_key, user_id, kind, data)
     SELECT ${kind} || '/' || e.id || '/' || e.user_id, e.user_id, ${kind},
            jsonb_build_object('courseTitle', c.title, 'startsOn', o.starts_on::text, 'endsOn', o.ends_on::text, 'location', o.location, 'offeringId', o.id)
            || CASE WHEN e.status = 'waitlisted' THEN jsonb_build_object('position', e.place) ELSE '{}' END
            || ${extra}
       FROM ${source} e JOIN offerings o ON o.id = e.offering_id JOIN courses c ON c.id = o.course_id
     ON CONFLICT (dedup_key) DO NOTHING`;
}

/** An enrolment changed status: its trainee hears of it. One statement, since enrolments call it holding the offering's lock. */
export async function recordEnrollmentEvents(
  tx: EntityManager,
  kind: Extract<NotificationKind, `enrollment.${string}`>,
  enrollmentIds: string[],
  extra: Pick<MessageData, 'reason'> = {},
): Promise<void> {
  if (enrollmentIds.length === 0) return;
  await tx.query(enrollmentEventsSql(`(SELECT *, ${WAITLIST_PLACE} FROM enrollments e WHERE id = ANY($2::uuid[]))`, '$1', '$3::jsonb'), [kind, enrollmentIds, JSON.stringify(extra)]);
}

/** The people an offering's change concerns: everyone holding or awaiting a seat. */
export async function recordOfferingEvent(
  tx: EntityManager,
  kind: 'offering.cancelled' | 'offering.rescheduled',
  offeringId: string,
  version: number,
  extra: Pick<MessageData, 'previousStartsOn' | 'previousEndsOn'> = {},
): Promise<void> {
  const people: Array<{ user_id: string }> = await tx.query(
    `SELECT user_id FROM enrollments WHERE offering_id = $1 AND status IN ('pending', 'approved', 'waitlisted')`,
    [offeringId],
  );
  const facts = await offeringFacts(tx, offeringId);
  await recordNotifications(
    tx,
    people.map(({ user_id }) => ({ kind, recipientId: user_id, entityId: offeringId, version, data: { ...facts, ...extra } })),
  );
}

export async function recordCertificateEvent(
  tx: EntityManager,
  kind: 'certificate.issued' | 'certificate.revoked',
  certificateId: string,
  reason?: string,
): Promise<void> {
  const [row]: Array<{ user_id: string; serial: string; course_title: string; offering_id: string }> = await tx.query(
    `SELECT e.user_id, c.serial, c.course_title, e.offering_id FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE c.id = $1`,
    [certificateId],
  );
  if (!row) return;
  await recordNotifications(tx, [
    {
      kind,
      recipientId: row.user_id,
      entityId: certificateId,
      data: { courseTitle: row.course_title, serial: row.serial, offeringId: row.offering_id, ...(reason ? { reason } : {}) },
    },
  ]);
}

/**
 * Calls for nominations that have opened: each focal point of an organisation with an allocation hears of
 * it once (the key carries the opening time, so a call moved to a later opening is announced again). Run
 * by the worker's sweep, so a call opening in the future is announced when it opens, and a focal point
 * added while the call is open hears of it too. Returns how many e-mails it wrote.
 */
export async function recordOpenedNominationCalls(db: Pick<EntityManager, 'query'>): Promise<number> {
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
