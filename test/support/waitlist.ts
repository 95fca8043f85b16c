// The waitlist count kept for each offering (offering_waitlisted, by triggers on enrollments), checked against a
// count of the enrolments themselves.
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';

/** Every offering's kept count equals its number of waitlisted enrolments (all offerings of the spec's database). */
export async function assertWaitlistCounts(db: DataSource): Promise<void> {
  const rows: Array<{ id: string; kept: number; counted: number }> = await db.query(
    `SELECT o.id, offering_waitlisted(o.id) AS kept,
            (SELECT count(*)::int FROM enrollments e WHERE e.offering_id = o.id AND e.status = 'waitlisted') AS counted
       FROM offerings o`,
  );
  assert.ok(rows.length > 0, 'offerings to check');
  assert.deepEqual(rows.filter((row) => row.kept !== row.counted), [], 'offerings whose waitlist count is off');
}
