import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** A unique index refused the row: the caller turns it into its own 409. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string }).code === UNIQUE_VIOLATION;
}

/** `%text%` for ILIKE, with the pattern characters of the text itself escaped. */
export function containsPattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const statements = new Map<string, string>();

/**
 * The SQL as a named statement, for TypeORM's `query`, which hands it to pg as it is: PostgreSQL parses and plans
 * it once per connection rather than on every call (the catalog page's planning cost PostgreSQL more than running
 * it). Where TypeORM shows the query (a failed one's error, its logger) it shows the SQL. `text` must come from a
 * small fixed set, with the values as parameters: each distinct text is prepared once on each connection, and kept.
 */
export function namedStatement(text: string): string {
  let statement = statements.get(text);
  if (statement === undefined) {
    const named = { name: `amahoro.${statements.size + 1}`, text, toString: () => text, toJSON: () => text };
    statement = named as unknown as string;
    statements.set(text, statement);
  }
  return statement;
}
