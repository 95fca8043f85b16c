import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The offering's row keeps how many of its enrolments are waitlisted, kept true by the database on every insert,
 * status change and delete of an enrolment. Enrolling reads it under the offering's lock, which it holds anyway:
 * a newly waitlisted enrolment is last in line, so its place is that count + 1 (counting the line instead read
 * ~850 rows per enrolment under that lock in the 2,000-trainee benchmark).
 *
 * Inserts are counted row by row, and only the waitlisted ones (WHEN): enrolling inserts one row. Updates and
 * deletes are counted per statement from their transition tables, one update per offering: promotion and
 * finalising move a whole waitlist at once, and updating the same offering row once per enrolment costs
 * quadratically (1,700 rows: ~190 ms against ~10 ms). Every status change already holds the offering's lock
 * (courses/seats.ts), so the trigger's update of that row adds no lock and no new lock order.
 */
export class OfferingWaitlistedCount1795002140000 implements MigrationInterface {
  name = 'OfferingWaitlistedCount1795002140000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE offerings ADD COLUMN waitlisted int NOT NULL DEFAULT 0 CONSTRAINT offerings_waitlisted_not_negative CHECK (waitlisted >= 0)`);
    await db.query(`
      CREATE FUNCTION offerings_count_waitlisted_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE offerings SET waitlisted = waitlisted + 1 WHERE id = NEW.offering_id;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION offerings_count_waitlisted_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          UPDATE offerings o SET waitlisted = o.waitlisted + d.delta
            FROM (SELECT offering_id, sum(delta)::int AS delta
                    FROM (SELECT offering_id, -1 AS delta FROM old_rows WHERE status = 'waitlisted'
                          UNION ALL SELECT offering_id, 1 FROM new_rows WHERE status = 'waitlisted') m
                   GROUP BY offering_id) d
           WHERE o.id = d.offering_id AND d.delta <> 0;
        ELSE
          UPDATE offerings o SET waitlisted = o.waitlisted - d.n
            FROM (SELECT offering_id, count(*)::int AS n FROM old_rows WHERE status = 'waitlisted' GROUP BY offering_id) d
           WHERE o.id = d.offering_id;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER enrollments_count_waitlisted_insert AFTER INSERT ON enrollments
        FOR EACH ROW WHEN (NEW.status = 'waitlisted') EXECUTE FUNCTION offerings_count_waitlisted_insert()`);
    await db.query(`
      CREATE TRIGGER enrollments_count_waitlisted_update AFTER UPDATE ON enrollments
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION offerings_count_waitlisted_change()`);
    await db.query(`
      CREATE TRIGGER enrollments_count_waitlisted_delete AFTER DELETE ON enrollments
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION offerings_count_waitlisted_change()`);
    // Filled once the triggers exist: creating them locked enrolments against writes until this commits.
    await db.query(`
      UPDATE offerings o SET waitlisted = w.n
        FROM (SELECT offering_id, count(*)::int AS n FROM enrollments WHERE status = 'waitlisted' GROUP BY offering_id) w
       WHERE o.id = w.offering_id`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER enrollments_count_waitlisted_delete ON enrollments`);
    await db.query(`DROP TRIGGER enrollments_count_waitlisted_update ON enrollments`);
    await db.query(`DROP TRIGGER enrollments_count_waitlisted_insert ON enrollments`);
    await db.query(`DROP FUNCTION offerings_count_waitlisted_change()`);
    await db.query(`DROP FUNCTION offerings_count_waitlisted_insert()`);
    await db.query(`ALTER TABLE offerings DROP COLUMN waitlisted`);
  }
}
