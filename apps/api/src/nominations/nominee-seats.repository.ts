// The SQL that seats nominees: their accounts (found by e-mail, or made for them) and the offering's seat count
// as the board sees it (the enrolment itself is EnrollmentsRepository's). Every function takes the caller's
// EntityManager; the seat count itself changes only through courses/seats.ts, under the offering's lock.
import type { EntityManager } from 'typeorm';
import type { ExistingAccount } from '@amahoro/domain/users/user.rules.js';
import { NO_PASSWORD } from '../auth/password.js';
import type { Nomination } from './nominations.repository.js';

type Db = Pick<EntityManager, 'query'>;

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
