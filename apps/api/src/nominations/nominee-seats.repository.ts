// The SQL that seats nominees: their accounts (found by e-mail, or made for them), the enrolment a selection
// makes or a withdrawal ends, and the offering's seat count as the board sees it. Every function takes the
// caller's EntityManager; the seat count itself changes only through courses/seats.ts, under the offering's lock.
import type { EntityManager } from 'typeorm';
import { ENROLLMENT_STATUSES, type EnrollmentStatus, isActive } from '@amahoro/domain/enrollments/enrollment.rules.js';
import type { ExistingAccount } from '@amahoro/domain/nominations/nomination.rules.js';
import { NO_PASSWORD } from '../auth/password.js';
import type { Nomination } from './nominations.repository.js';

type Db = Pick<EntityManager, 'query'>;

const ACTIVE_ENROLLMENT_STATUSES = ENROLLMENT_STATUSES.filter(isActive);

/** For each e-mail with an account: its id and the courses it has completed. */
export async function accountsByEmail(db: Db, emails: string[]): Promise<Map<string, { userId: string; completedCourseIds: string[] }>> {
  const rows: Array<{ email: string; id: string; courses: string[] }> = await db.query(
    `SELECT u.email, u.id, coalesce(array_agg(DISTINCT o.course_id) FILTER (WHERE e.status = 'completed'), '{}') AS courses
       FROM users u LEFT JOIN enrollments e ON e.user_id = u.id LEFT JOIN offerings o ON o.id = e.offering_id
      WHERE u.email = ANY($1::text[]) GROUP BY u.id`,
    [emails],
  );
  return new Map(rows.map((r) => [r.email, { userId: r.id, completedCourseIds: r.courses }]));
}

export async function enrollmentStatusOf(db: Db, enrollmentId: string): Promise<EnrollmentStatus | null> {
  const [row]: Array<{ status: EnrollmentStatus }> = await db.query(`SELECT status FROM enrollments WHERE id = $1`, [enrollmentId]);
  return row?.status ?? null;
}

/** Whether every seat is taken now (read without the offering's lock: a quick refusal, checked again under it). */
export async function offeringIsFull(db: Db, offeringId: string): Promise<boolean> {
  const [row]: Array<{ full: boolean }> = await db.query(`SELECT seats_taken >= capacity AS full FROM offerings WHERE id = $1`, [offeringId]);
  return row?.full ?? false;
}

export async function seatsTaken(db: Db, offeringId: string): Promise<number> {
  const [row]: Array<{ seatsTaken: number }> = await db.query(`SELECT seats_taken AS "seatsTaken" FROM offerings WHERE id = $1`, [offeringId]);
  return row!.seatsTaken;
}

/** The account an address has, if any, with what seating a nominee needs to know of it. */
export async function accountByEmail(db: Db, email: string): Promise<(ExistingAccount & { id: string }) | null> {
  const [row]: Array<{ id: string; role: string; active: boolean; emailVerified: boolean; passwordHash: string }> = await db.query(
    `SELECT id, role, active, email_verified AS "emailVerified", password_hash AS "passwordHash" FROM users WHERE email = $1`,
    [email],
  );
  if (!row) return null;
  const { passwordHash, ...account } = row;
  return { ...account, hasPassword: passwordHash !== NO_PASSWORD };
}

/** A trainee's account made from the nomination, without a password (its owner is invited to set one). */
export async function insertTrainee(db: Db, nomination: Nomination, organisationName: string | null): Promise<string> {
  const [created]: Array<{ id: string }> = await db.query(
    `INSERT INTO users (email, password_hash, full_name, role, gender, nationality, category, rank, organization)
     VALUES ($1, $2, $3, 'trainee', $4, $5, $6, $7, $8) RETURNING id`,
    [nomination.email, NO_PASSWORD, nomination.fullName, nomination.gender, nomination.nationality, nomination.category, nomination.rank, organisationName],
  );
  return created!.id;
}

/** Whether the user already holds an enrolment in the offering that counts (not rejected or withdrawn). */
export async function holdsEnrollment(db: Db, offeringId: string, userId: string): Promise<boolean> {
  const rows: unknown[] = await db.query(`SELECT 1 FROM enrollments WHERE offering_id = $1 AND user_id = $2 AND status = ANY($3::text[])`, [offeringId, userId, ACTIVE_ENROLLMENT_STATUSES]);
  return rows.length > 0;
}

export async function insertApprovedEnrollment(db: Db, offeringId: string, userId: string): Promise<string> {
  const [enrollment]: Array<{ id: string }> = await db.query(`INSERT INTO enrollments (offering_id, user_id, status) VALUES ($1, $2, 'approved') RETURNING id`, [offeringId, userId]);
  return enrollment!.id;
}

export async function withdrawEnrollment(db: Db, enrollmentId: string): Promise<void> {
  await db.query(`UPDATE enrollments SET status = 'withdrawn', updated_at = now() WHERE id = $1`, [enrollmentId]);
}
