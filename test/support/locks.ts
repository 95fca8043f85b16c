// For specs that hold a transaction open and send a request that must wait for it: the transaction, and the moment
// the request waits.
import assert from 'node:assert/strict';
import type { DataSource, QueryRunner } from 'typeorm';

/**
 * Runs `hold` in a transaction on a connection of its own, as another session of the academy would; whatever `hold`
 * leaves open (it failed, or it never committed) is rolled back, and the connection always goes back.
 */
export async function withHeldTransaction<T>(db: DataSource, hold: (tx: QueryRunner) => Promise<T>): Promise<T> {
  const tx = db.createQueryRunner();
  await tx.connect();
  try {
    await tx.startTransaction();
    return await hold(tx);
  } finally {
    if (tx.isTransactionActive) await tx.rollbackTransaction();
    await tx.release();
  }
}

/**
 * Resolves once a statement whose text is LIKE `pattern` waits for a lock, or once `answered` says the request
 * answered without waiting (the spec's assertions then tell why); fails the spec after 10 s (`what` waits).
 */
export function untilWaitingOnLock(db: DataSource, pattern: string, what: string, answered?: () => boolean): Promise<void> {
  return until(db, `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`, [pattern], what, answered);
}

/** Resolves once a session waits for an advisory lock of this class (`AdvisoryLock`); fails the spec after 10 s. */
export function untilWaitingOnAdvisoryLock(db: DataSource, classId: number, what: string): Promise<void> {
  return until(db, `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1`, [classId], what);
}

async function until(db: DataSource, countSql: string, params: unknown[], what: string, answered = () => false): Promise<void> {
  for (let waited = 0; !answered(); waited += 20) {
    const [{ n }] = (await db.query(countSql, params)) as [{ n: number }];
    if (n > 0) return;
    assert.ok(waited < 10_000, what);
    await new Promise((done) => setTimeout(done, 20));
  }
}
