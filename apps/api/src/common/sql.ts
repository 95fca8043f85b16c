import type pg from 'pg';
import { type EntityManager, QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** A unique index refused the row: the caller turns it into its own 409. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION;
}

/** `%text%` for ILIKE, with the pattern characters of the text itself escaped. */
export function containsPattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const statementNames = new Map<string, string>();

/**
 * A hot read as a named prepared statement, on the manager's connection (its transaction's, or one from the pool):
 * PostgreSQL parses and plans it once per connection rather than on every call (the catalog page's planning cost
 * PostgreSQL more than running it), which TypeORM's `query` cannot ask for. `text` must come from a small fixed set
 * (values go in `values`): each distinct text is prepared once on each connection and kept there.
 */
export async function preparedQuery<T>(db: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  let name = statementNames.get(text);
  if (name === undefined) statementNames.set(text, (name = `amahoro_${statementNames.size + 1}`));
  const runner = db.queryRunner ?? db.dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as pg.ClientBase;
    return (await client.query<T & pg.QueryResultRow>({ name, text, values })).rows;
  } finally {
    if (!db.queryRunner) await runner.release();
  }
}
