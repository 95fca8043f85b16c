// For specs that hold a transaction open and send a request that must wait for it: the moment it waits.
import assert from 'node:assert/strict';
import type { DataSource } from 'typeorm';

/** Resolves once a statement whose text is LIKE `pattern` waits for a lock; fails the spec after 10 s (`what` waits). */
export async function untilWaitingOnLock(db: DataSource, pattern: string, what: string): Promise<void> {
  for (let waited = 0; ; waited += 20) {
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [pattern])) as [{ n: number }];
    if (n > 0) return;
    assert.ok(waited < 10_000, what);
    await new Promise((done) => setTimeout(done, 20));
  }
}
