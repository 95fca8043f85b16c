// The SQL of enrolments: making one (one statement that checks, takes a seat and writes), reading them as the
// API shows them, changing their status, and the reads other features make of them (whether a user is enrolled,
// whose an enrolment is). Every method takes the manager to run on, so the service that owns the use case owns
// the transaction.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APPROVAL_MODES, acceptsEnrolment, isOfferingClosed, OFFERING_STATUS_SQL, OFFERING_STATUSES, type OfferingStatus } from '@amahoro/domain/courses/offering.rules.js';
import { ENROLLMENT_STATUSES, type EnrollmentStatus, holdsSeat, initialStatus, isActive } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { enrollmentEventsSql, WAITLIST_PLACE } from '@amahoro/notifications/notifications.repository.js';
import { type EnrollmentView, toView, VIEW_COLUMNS, VIEW_FROM, type ViewRow } from './enrollment-view.js';
import { namedStatement } from '../common/sql.js';

/** Why the database refused an enrolment, checked in this order. */
export type EnrolRefusal =
  | { reason: 'offering_not_found' | 'user_not_found' | 'not_a_trainee' | 'already_exists' | 'window_closed' }
  | { reason: 'prerequisites_missing'; missing: string[] }
  | { reason: 'offering_closed'; status: OfferingStatus };

/** A new enrolment, as the API shows it. */
export type Enrolled = { refusal: null; enrollment: EnrollmentView };

export interface EnrollmentRef {
  id: string;
  offeringId: string;
  userId: string;
  status: EnrollmentStatus;
}

export interface EnrollmentFilter {
  offeringId?: string;
  userId?: string;
  status?: EnrollmentStatus;
}

// The domain's rules, as the values the enrolment statement compares with.
const INACTIVE = ENROLLMENT_STATUSES.filter((status) => !isActive(status));
/** The user's live enrolment (isActive) in the offering: the one a second enrolment would clash with. */
const LIVE_ENROLLMENT = (offering: string, user: string, inactive: string) =>
  `SELECT 1 FROM enrollments WHERE offering_id = ${offering} AND user_id = ${user} AND status <> ALL(${inactive})`;
const HOLDING_SEAT = ENROLLMENT_STATUSES.filter(holdsSeat);
const byMode = (seatsLeft: number) => JSON.stringify(Object.fromEntries(APPROVAL_MODES.map((mode) => [mode, initialStatus(mode, seatsLeft)])));
const ENTRY_WITH_SEAT = byMode(1);
const ENTRY_WITHOUT_SEAT = byMode(0);
const ACCEPTING = { admin: OFFERING_STATUSES.filter((s) => acceptsEnrolment(s, true)), trainee: OFFERING_STATUSES.filter((s) => acceptsEnrolment(s, false)) };

/**
 * The whole enrolment as one statement, so that it needs no transaction of its own. What does not change under
 * us (the offering and its course, the trainee, a live enrolment, the prerequisites) is checked first, without
 * a lock; only if all is well does it lock the offering's row (FOR NO KEY UPDATE, as OfferingsRepository.lock),
 * and then the window, the seat and the insert are decided on the row as it is now; the trainee's notification
 * is written with the enrolment. The lock is held from there to the commit, which follows at once. Concurrent
 * enrolments take turns on it in arrival order; the unique index settles a duplicate that slipped past the early
 * check. A waitlisted enrolment is last in line: its place is the offering's kept count of the waitlisted + 1
 * (offering_waitlisted: read once the lock is held, with a fresh snapshot, before this statement's own insert is
 * counted at its end).
 */
const ENROL_SQL = `
  WITH target AS (
         SELECT o.id, o.course_id, c.status AS course_status, c.code AS course_code, c.title AS course_title
           FROM offerings o JOIN courses c ON c.id = o.course_id WHERE o.id = $1),
       trainee AS (
         SELECT id, role, active, email, full_name, gender, nationality, category, rank, organization FROM users WHERE id = $2),
       missing AS (
         SELECT array_agg(p.code || ' (' || p.title || ')') AS prerequisites
           FROM target t JOIN course_prerequisites cp ON cp.course_id = t.course_id JOIN courses p ON p.id = cp.prerequisite_id
          WHERE NOT EXISTS (SELECT 1 FROM enrollments d JOIN offerings x ON x.id = d.offering_id
                             WHERE d.user_id = $2 AND d.status = 'completed' AND x.course_id = p.id)),
       early AS (
         SELECT CASE
           WHEN NOT EXISTS (SELECT 1 FROM target WHERE course_status = 'published' OR $3) THEN 'offering_not_found'
           WHEN NOT EXISTS (SELECT 1 FROM trainee) THEN 'user_not_found'
           WHEN NOT EXISTS (SELECT 1 FROM trainee WHERE role = 'trainee' AND active) THEN 'not_a_trainee'
           WHEN EXISTS (${LIVE_ENROLLMENT('$1', '$2', '$4')}) THEN 'already_exists'
           WHEN (SELECT prerequisites FROM missing) IS NOT NULL THEN 'prerequisites_missing'
         END AS refusal),
       locked AS (
         SELECT o.id, o.capacity, o.seats_taken, o.approval_mode, o.starts_on, o.ends_on, ${OFFERING_STATUS_SQL} AS status
           FROM offerings o WHERE o.id = $1 AND (SELECT refusal FROM early) IS NULL FOR NO KEY UPDATE),
       decided AS (
         SELECT l.*,
                CASE WHEN l.status <> ALL($5) THEN 'not_accepting' END AS refusal,
                CASE WHEN l.seats_taken < l.capacity THEN $6::jsonb ELSE $7::jsonb END ->> l.approval_mode AS entry
           FROM locked l),
       seat AS (
         UPDATE offerings o SET seats_taken = o.seats_taken + 1, updated_at = now()
           FROM decided d WHERE o.id = d.id AND d.refusal IS NULL AND d.entry = ANY($8)),
       inserted AS (
         INSERT INTO enrollments (offering_id, user_id, status)
         SELECT d.id, $2, d.entry FROM decided d WHERE d.refusal IS NULL
         RETURNING *),
       placed AS (SELECT e.*, CASE WHEN e.status = 'waitlisted' THEN offering_waitlisted(e.offering_id) + 1 END AS place FROM inserted e),
       told AS (${enrollmentEventsSql('placed', `'enrollment.' || e.status`, `'{}'::jsonb`)})
  SELECT coalesce(early.refusal, d.refusal) AS refusal, d.status AS offering_status, m.prerequisites,
         i.id, i.status, i.created_at, i.updated_at, i.place, $1::uuid AS offering_id, $2::uuid AS user_id,
         u.email, u.full_name, u.gender, u.nationality, u.category, u.rank, u.organization,
         d.starts_on::text AS starts_on, d.ends_on::text AS ends_on, t.course_id, t.course_code, t.course_title
    FROM early CROSS JOIN missing m LEFT JOIN decided d ON true LEFT JOIN placed i ON true
    LEFT JOIN trainee u ON true LEFT JOIN target t ON true`;

/** Named (parsing and planning it cost PostgreSQL about 1 ms per enrolment, more than running it). */
const ENROL_STATEMENT = namedStatement(ENROL_SQL);

type EnrolRow = Omit<ViewRow, 'final_score' | 'failed_on' | 'reason'> & {
  refusal: Exclude<EnrolRefusal['reason'], 'offering_closed' | 'window_closed'> | 'not_accepting' | null;
  offering_status: OfferingStatus | null;
  prerequisites: string[] | null;
};

@Injectable()
export class EnrollmentsRepository {
  /** Enrols the trainee if every rule allows it, or says why not (and writes nothing). */
  async enrol(db: EntityManager, offeringId: string, userId: string, byAdmin: boolean): Promise<Enrolled | { refusal: EnrolRefusal }> {
    const [row] = (await db.query(ENROL_STATEMENT, [
      offeringId,
      userId,
      byAdmin,
      INACTIVE,
      byAdmin ? ACCEPTING.admin : ACCEPTING.trainee,
      ENTRY_WITH_SEAT,
      ENTRY_WITHOUT_SEAT,
      HOLDING_SEAT,
    ])) as [EnrolRow];
    switch (row.refusal) {
      case null:
        return { refusal: null, enrollment: toView({ ...row, final_score: null, failed_on: null, reason: null }) };
      case 'prerequisites_missing':
        return { refusal: { reason: row.refusal, missing: row.prerequisites ?? [] } };
      case 'not_accepting': {
        const status = row.offering_status!;
        return { refusal: isOfferingClosed(status) ? { reason: 'offering_closed', status } : { reason: 'window_closed' } };
      }
      default:
        return { refusal: { reason: row.refusal } };
    }
  }

  async find(db: EntityManager, id: string): Promise<EnrollmentRef | null> {
    const [row]: Array<{ id: string; offering_id: string; user_id: string; status: EnrollmentStatus }> = await db.query(
      'SELECT id, offering_id, user_id, status FROM enrollments WHERE id = $1',
      [id],
    );
    return row ? { id: row.id, offeringId: row.offering_id, userId: row.user_id, status: row.status } : null;
  }

  /**
   * An approved enrolment holding a seat, for a caller that holds the offering's lock and has checked the seat
   * and the offering (a selected nominee's). Returns its id.
   */
  async insertApproved(db: EntityManager, offeringId: string, userId: string): Promise<string> {
    const [row]: Array<{ id: string }> = await db.query(`INSERT INTO enrollments (offering_id, user_id, status) VALUES ($1, $2, 'approved') RETURNING id`, [offeringId, userId]);
    return row!.id;
  }

  /** Whether the user holds a live enrolment in the offering (the rule the enrolment statement checks). */
  async holdsLive(db: EntityManager, offeringId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(LIVE_ENROLLMENT('$1', '$2', '$3::text[]'), [offeringId, userId, INACTIVE]);
    return rows.length > 0;
  }

  /** Whether the user has an enrolment in the offering: with one of `statuses`, or with any when none are given. */
  async isEnrolled(db: EntityManager, offeringId: string, userId: string, statuses?: readonly EnrollmentStatus[]): Promise<boolean> {
    const rows: unknown[] = await db.query(
      'SELECT 1 FROM enrollments WHERE offering_id = $1 AND user_id = $2 AND ($3::text[] IS NULL OR status = ANY($3::text[]))',
      [offeringId, userId, statuses ?? null],
    );
    return rows.length > 0;
  }

  /** The ids of the offering's enrolments with one of these statuses. */
  async idsIn(db: EntityManager, offeringId: string, statuses: readonly EnrollmentStatus[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await db.query('SELECT id FROM enrollments WHERE offering_id = $1 AND status = ANY($2::text[])', [offeringId, statuses]);
    return rows.map((row) => row.id);
  }

  /**
   * The user's enrolment in the offering with one of these statuses, row-locked (their acts on it take turns); null
   * if none. NO KEY UPDATE, not UPDATE: rows that refer to the enrolment (a grade, its version) take KEY SHARE on it,
   * and a bulk grading that holds the grade writers' turn must not wait for an attempt that waits for that turn.
   */
  async lockOfUser(db: EntityManager, offeringId: string, userId: string, statuses: readonly EnrollmentStatus[]): Promise<string | null> {
    const [row]: Array<{ id: string }> = await db.query(
      `SELECT id FROM enrollments WHERE offering_id = $1 AND user_id = $2 AND status = ANY($3::text[]) FOR NO KEY UPDATE`,
      [offeringId, userId, statuses],
    );
    return row?.id ?? null;
  }

  /** The user the enrolment belongs to, if it is an enrolment of the offering. */
  async ownerIn(db: EntityManager, enrollmentId: string, offeringId: string): Promise<string | null> {
    const [row]: Array<{ user_id: string }> = await db.query('SELECT user_id FROM enrollments WHERE id = $1 AND offering_id = $2', [enrollmentId, offeringId]);
    return row?.user_id ?? null;
  }

  /** A status change, with its reason when one is given. */
  async setStatus(db: EntityManager, id: string, status: EnrollmentStatus, reason: string | undefined): Promise<void> {
    await db.query(
      'UPDATE enrollments SET status = $2, reason = CASE WHEN $3::boolean THEN $4 ELSE reason END, updated_at = now() WHERE id = $1',
      [id, status, reason !== undefined, reason ?? null],
    );
  }

  async view(db: EntityManager, id: string): Promise<EnrollmentView | null> {
    const [row]: ViewRow[] = await db.query(`SELECT ${VIEW_COLUMNS}, ${WAITLIST_PLACE} ${VIEW_FROM} WHERE e.id = $1`, [id]);
    return row ? toView(row) : null;
  }

  /** A page of enrolments in arrival order, and how many match. */
  async page(db: EntityManager, filter: EnrollmentFilter & { limit: number; offset: number }): Promise<{ items: EnrollmentView[]; total: number }> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const match = (column: string, value: unknown) => {
      values.push(value);
      conditions.push(`${column} = $${values.length}`);
    };
    if (filter.offeringId !== undefined) match('e.offering_id', filter.offeringId);
    if (filter.userId !== undefined) match('e.user_id', filter.userId);
    if (filter.status !== undefined) match('e.status', filter.status);
    const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [rows, counted] = await Promise.all([
      db.query(`SELECT ${VIEW_COLUMNS}, ${WAITLIST_PLACE} ${VIEW_FROM} ${where} ORDER BY e.seq LIMIT ${filter.limit} OFFSET ${filter.offset}`, values) as Promise<ViewRow[]>,
      db.query(`SELECT count(*)::int AS n FROM enrollments e ${where}`, values) as Promise<Array<{ n: number }>>,
    ]);
    return { items: rows.map(toView), total: counted[0]!.n };
  }
}

