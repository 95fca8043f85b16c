// The waitlist count the offering's row keeps (offerings.waitlisted, by triggers on enrollments), checked against
// a count of the enrolments themselves.
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';

/** Every offering's kept count equals its number of waitlisted enrolments (all offerings of the spec's database). */
export async function assertWaitlistCounts(db: DataSource): Promise<void> {
  const rows: Array<{ id: string; kept: number; counted: number }> = await db.query(
    `SELECT o.id, o.waitlisted AS kept, count(e.id)::int AS counted
       FROM offerings o LEFT JOIN enrollments e ON e.offering_id = o.id AND e.status = 'waitlisted'
      GROUP BY o.id`,
  );
  assert.ok(rows.length > 0, 'offerings to check');
  assert.deepEqual(rows.filter((row) => row.kept !== row.counted), [], 'offerings whose waitlist count is off');
}
