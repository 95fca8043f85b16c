// Statements run often enough that PostgreSQL's parse and plan outweigh their work: each is prepared once per
// connection (a named statement), then only bound and run. The certificate issue of 8 cost PostgreSQL ~450 µs more
// per statement parsed and planned each time (probe: 219-226 µs of backend CPU per certificate, 157-173 prepared).
// Only for statements whose best plan does not depend on the values: after five runs PostgreSQL may keep a
// generic plan.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';

/** The statement's name: its text's hash, so one text is one statement on each connection, whoever runs it. */
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `amahoro_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    // The texts are the code's own, a bounded set; a guard all the same against a text built from values.
    if (names.size < 1000) names.set(text, name);
  }
  return name;
}

/** The rows of a prepared statement run on the manager's connection (its transaction's, if it has one). */
export async function queryPrepared<T>(db: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = db.queryRunner ?? db.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as pg.ClientBase;
    return (await client.query<T & pg.QueryResultRow>({ name: nameOf(text), text, values })).rows;
  } finally {
    if (runner !== db.queryRunner) await runner.release();
  }
}
