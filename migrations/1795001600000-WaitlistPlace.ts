import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A waitlisted enrolment's place in line: 1 + those of its offering waitlisted before it (arrival order, `seq`).
 * VOLATILE on purpose: it reads with a fresh snapshot, so that the one statement that enrols (and takes the
 * offering's row lock mid-way) counts everyone who got in line while it waited for that lock, which the
 * statement's own snapshot, taken before the wait, cannot see.
 */
export class WaitlistPlace1795001600000 implements MigrationInterface {
  name = 'WaitlistPlace1795001600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION enrollment_waitlist_place(offering uuid, seq bigint) RETURNS int LANGUAGE sql VOLATILE AS $$
        SELECT count(*)::int + 1 FROM enrollments w WHERE w.offering_id = $1 AND w.status = 'waitlisted' AND w.seq < $2
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION enrollment_waitlist_place(uuid, bigint)`);
  }
}
