// The data of offerings: the rows with their course and instructors, the seat count and the waitlist, the
// instructors' assignments. Every method takes the manager to run on, so the caller owns the transaction.
import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { Offering } from '@amahoro/database/entities/offering.entity.js';
import { User } from '@amahoro/database/entities/user.entity.js';
import { OFFERING_STATUS_SQL, type OfferingStatus } from '@amahoro/domain/courses/offering.rules.js';
import type { EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';

export interface OfferingFilter {
  courseId?: string;
  status?: OfferingStatus;
  /** Ends on or after. */
  from?: string;
  /** Starts on or before. */
  to?: string;
  /** Only the offerings this instructor teaches, whatever their course's status. */
  taughtBy?: string;
  /** Who else sees offerings of unpublished courses: a SQL condition on `o` and `:viewer`; none given, everyone (admins). */
  unpublishedVisibleIf?: { sql: string; viewer?: string };
  limit: number;
  offset: number;
}

@Injectable()
export class OfferingsRepository {
  /**
   * The offering's row lock: every change to its seats, waitlist or status takes it first, so they take turns.
   * NO KEY UPDATE, not UPDATE: rows that refer to the offering (a nomination, an assessment) take KEY SHARE on it,
   * and a list of nominations that holds the call's lock must not wait for a save of the call that waits for it.
   */
  lock(db: EntityManager, id: string): Promise<Offering | null> {
    return db.getRepository(Offering).findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  exists(db: EntityManager, id: string): Promise<boolean> {
    return db.getRepository(Offering).existsBy({ id });
  }

  /** With its course and instructors. */
  withDetails(db: EntityManager, id: string): Promise<Offering | null> {
    return db.getRepository(Offering).findOne({ where: { id }, relations: { course: true, instructors: true } });
  }

  async insert(db: EntityManager, offering: Partial<Offering>): Promise<string> {
    return (await db.getRepository(Offering).save(db.getRepository(Offering).create(offering))).id;
  }

  async save(db: EntityManager, offering: Offering): Promise<void> {
    await db.getRepository(Offering).save(offering);
  }

  /**
   * Cancelled, for a caller holding the offering's lock. Its nomination call's row is taken first: a list or a
   * substitution checked against the call (under that row's lock) while it was open lands before the
   * cancellation, never after it.
   */
  async cancel(db: EntityManager, id: string): Promise<void> {
    await db.query('SELECT offering_id FROM nomination_calls WHERE offering_id = $1 FOR NO KEY UPDATE', [id]);
    await db.getRepository(Offering).update(id, { cancelledAt: new Date() });
  }

  async adjustSeats(db: EntityManager, id: string, delta: number): Promise<void> {
    await db.query('UPDATE offerings SET seats_taken = seats_taken + $2, updated_at = now() WHERE id = $1', [id, delta]);
  }

  /** The first `count` of the waitlist, in arrival order (`seq`), move to `status`. Returns their ids. */
  async promoteWaitlisted(db: EntityManager, offeringId: string, count: number, status: EnrollmentStatus): Promise<string[]> {
    const [rows] = (await db.query(
      `UPDATE enrollments SET status = $3, updated_at = now()
        WHERE id IN (SELECT id FROM enrollments WHERE offering_id = $1 AND status = 'waitlisted' ORDER BY seq LIMIT $2)
        RETURNING id`,
      [offeringId, count, status],
    )) as [Array<{ id: string }>, number];
    return rows.map((row) => row.id);
  }

  /** The kept counts (offering_waitlists, maintained by triggers on enrollments); none kept yet is 0. */
  async waitlistLengths(db: EntityManager, ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ offering_id: string; n: number }> = await db.query(
      `SELECT offering_id, waitlisted AS n FROM offering_waitlists WHERE offering_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((row) => [row.offering_id, row.n]));
  }

  /** A page of offerings (with course and instructors) in date order, and how many match. */
  async page(db: EntityManager, filter: OfferingFilter): Promise<{ items: Offering[]; total: number }> {
    const qb = db.getRepository(Offering).createQueryBuilder('o').innerJoin('o.course', 'c');
    if (filter.taughtBy) {
      qb.andWhere('EXISTS (SELECT 1 FROM offering_instructors t WHERE t.offering_id = o.id AND t.user_id = :taughtBy)', { taughtBy: filter.taughtBy });
    } else if (filter.unpublishedVisibleIf) {
      qb.andWhere(`(c.status = 'published' OR ${filter.unpublishedVisibleIf.sql})`, { viewer: filter.unpublishedVisibleIf.viewer });
    }
    if (filter.courseId) qb.andWhere('o.course_id = :courseId', { courseId: filter.courseId });
    if (filter.status) qb.andWhere(`${OFFERING_STATUS_SQL} = :status`, { status: filter.status });
    if (filter.from) qb.andWhere('o.ends_on >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('o.starts_on <= :to', { to: filter.to });
    const [page, total] = await qb.orderBy('o.starts_on', 'ASC').addOrderBy('o.id', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
    const ids = page.map((o) => o.id);
    const full = ids.length ? await db.getRepository(Offering).find({ where: { id: In(ids) }, relations: { course: true, instructors: true } }) : [];
    const byId = new Map(full.map((o) => [o.id, o]));
    return { items: ids.map((id) => byId.get(id)!), total };
  }

  /** Those of these users who are active instructors. */
  activeInstructors(db: EntityManager, ids: string[]): Promise<User[]> {
    return ids.length === 0 ? Promise.resolve([]) : db.getRepository(User).findBy({ id: In(ids), role: 'instructor', active: true });
  }

  async replaceInstructors(db: EntityManager, offeringId: string, userIds: string[]): Promise<void> {
    await db.query('DELETE FROM offering_instructors WHERE offering_id = $1', [offeringId]);
    if (userIds.length > 0) {
      await db.query('INSERT INTO offering_instructors (offering_id, user_id) SELECT $1, unnest($2::uuid[])', [offeringId, userIds]);
    }
  }

  async isAssigned(db: EntityManager, offeringId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await db.query('SELECT 1 FROM offering_instructors WHERE offering_id = $1 AND user_id = $2', [offeringId, userId]);
    return rows.length > 0;
  }

  /** The assignment as a SQL condition on an offerings alias, for lists (`param`: the user's id). */
  assignedSql(alias: string, param: string): string {
    return `EXISTS (SELECT 1 FROM offering_instructors si WHERE si.offering_id = ${alias}.id AND si.user_id = ${param})`;
  }
}
