import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each offering's number of waitlisted enrolments, kept by the database on every insert, status change and delete
 * of an enrolment. Enrolling reads it once it holds the offering's lock: a newly waitlisted enrolment is last in
 * line, so its place is that count + 1 (counting the line instead read ~850 rows per enrolment under that lock in
 * the 2,000-trainee benchmark).
 *
 * In a table of its own, not on the offering's row: enrolments queue on that row's lock, and a new version of it
 * per waitlisted enrolment cost PostgreSQL as much CPU as the count it saves (each waiter then rechecks the row it
 * waited for). Every status change already holds the offering's lock (courses/seats.ts), so the counter's row
 * takes no other waiters. Read with offering_waitlisted: VOLATILE, a fresh snapshot, so that the enrolling
 * statement, whose own snapshot predates its wait for the lock, sees the count as the lock's last holder left it.
 *
 * Inserts are counted row by row, and only the waitlisted ones (WHEN): enrolling inserts one row. Updates and
 * deletes are counted per statement from their transition tables, one row per offering: promotion and finalising
 * move a whole waitlist at once, and updating the same row once per enrolment costs quadratically (1,700 rows:
 * ~190 ms against ~10 ms).
 */
export class OfferingWaitlistedCount1795002140000 implements MigrationInterface {
  name = 'OfferingWaitlistedCount1795002140000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE offering_waitlists (
        offering_id uuid PRIMARY KEY REFERENCES offerings (id) ON DELETE CASCADE,
        waitlisted int NOT NULL CONSTRAINT offering_waitlists_not_negative CHECK (waitlisted >= 0)
      )`);
    await db.query(`
      CREATE FUNCTION offering_waitlisted(offering uuid) RETURNS int LANGUAGE sql VOLATILE AS $$
        SELECT coalesce((SELECT waitlisted FROM offering_waitlists WHERE offering_id = $1), 0)
      $$`);
    await db.query(`
      CREATE FUNCTION offering_waitlists_count_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO offering_waitlists AS w (offering_id, waitlisted) VALUES (NEW.offering_id, 1)
          ON CONFLICT (offering_id) DO UPDATE SET waitlisted = w.waitlisted + 1;
        RETURN NULL;
      END $$`);
    // An offering without a row yet can only gain (its enrolments were never counted in); CHECK is tested on a row
    // proposed for insert before ON CONFLICT looks, so a loss is an update only.
    await db.query(`
      CREATE FUNCTION offering_waitlists_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          WITH d AS (SELECT offering_id, sum(delta)::int AS delta
                       FROM (SELECT offering_id, -1 AS delta FROM old_rows WHERE status = 'waitlisted'
                             UNION ALL SELECT offering_id, 1 FROM new_rows WHERE status = 'waitlisted') m
                      GROUP BY offering_id HAVING sum(delta) <> 0),
               changed AS (UPDATE offering_waitlists w SET waitlisted = w.waitlisted + d.delta FROM d
                            WHERE w.offering_id = d.offering_id RETURNING w.offering_id)
          INSERT INTO offering_waitlists AS w (offering_id, waitlisted)
          SELECT offering_id, delta FROM d WHERE delta > 0 AND offering_id NOT IN (SELECT offering_id FROM changed)
          ON CONFLICT (offering_id) DO UPDATE SET waitlisted = w.waitlisted + excluded.waitlisted;
        ELSE
          UPDATE offering_waitlists w SET waitlisted = w.waitlisted - d.n
            FROM (SELECT offering_id, count(*)::int AS n FROM old_rows WHERE status = 'waitlisted' GROUP BY offering_id) d
           WHERE w.offering_id = d.offering_id;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER enrollments_count_waitlisted_insert AFTER INSERT ON enrollments
        FOR EACH ROW WHEN (NEW.status = 'waitlisted') EXECUTE FUNCTION offering_waitlists_count_insert()`);
    await db.query(`
      CREATE TRIGGER enrollments_count_waitlisted_update AFTER UPDATE ON enrollments
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION offering_waitlists_count_change()`);
    await db.query(`
      CREATE TRIGGER enrollments_count_waitlisted_delete AFTER DELETE ON enrollments
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION offering_waitlists_count_change()`);
    // Filled once the triggers exist: creating them locked enrolments against writes until this commits.
    await db.query(`INSERT INTO offering_waitlists (offering_id, waitlisted) SELECT offering_id, count(*)::int FROM enrollments WHERE status = 'waitlisted' GROUP BY offering_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER enrollments_count_waitlisted_delete ON enrollments`);
    await db.query(`DROP TRIGGER enrollments_count_waitlisted_update ON enrollments`);
    await db.query(`DROP TRIGGER enrollments_count_waitlisted_insert ON enrollments`);
    await db.query(`DROP FUNCTION offering_waitlists_count_change()`);
    await db.query(`DROP FUNCTION offering_waitlists_count_insert()`);
    await db.query(`DROP FUNCTION offering_waitlisted(uuid)`);
    await db.query(`DROP TABLE offering_waitlists`);
  }
}
