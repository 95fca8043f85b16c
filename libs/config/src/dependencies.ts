// Failures that are not the request's fault and pass by themselves, as opposed to a bug or a bad query: PostgreSQL
// or Redis out of reach, or a transaction PostgreSQL rolled back because it collided with a concurrent one. The API
// answers either 503 with Retry-After; the worker leaves the certificate queued for later.

// The socket could not be opened, or broke.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
// PostgreSQL: shutting down, crashed, starting up, or out of connections (SQLSTATE class 08 is matched as a class).
const POSTGRES_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
// PostgreSQL ended the transaction for a collision: a deadlock (40P01), a serialization failure (40001), a lock
// waited for past lock_timeout (55P03). Nothing of it was written; sent again, it meets the other one finished.
const CONFLICT_CODES = new Set(['40P01', '40001', '55P03']);
// What the drivers say without a code: node-postgres's pool and client, ioredis with no offline queue.
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  // A server that accepts the socket but never answers its start-up (frozen, or behind a stalled proxy).
  /^timeout expired$/,
  /is not queryable/i,
  /Stream isn't writeable/i,
  /Connection is closed/i,
  /max retries per request/i,
];

interface Failure {
  code?: unknown;
  message?: unknown;
  name?: unknown;
}

export function isDependencyUnavailable(error: unknown): boolean {
  return anyCause(error, ({ code, message, name }) =>
    (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) ||
    name === 'MaxRetriesPerRequestError' ||
    (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))),
  );
}

/** A transaction PostgreSQL rolled back because it collided with a concurrent one (CONFLICT_CODES). */
export function isTransientConflict(error: unknown): boolean {
  return anyCause(error, ({ code }) => typeof code === 'string' && CONFLICT_CODES.has(code));
}

/** Whether the error or one it wraps matches: TypeORM wraps the driver's error; Node wraps each address tried (AggregateError). */
function anyCause(error: unknown, matches: (failure: Failure) => boolean, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  if (matches(error as Failure)) return true;
  const { driverError, cause, errors } = error as { driverError?: unknown; cause?: unknown; errors?: unknown };
  return (
    anyCause(driverError, matches, depth + 1) ||
    anyCause(cause, matches, depth + 1) ||
    (Array.isArray(errors) && errors.some((e) => anyCause(e, matches, depth + 1)))
  );
}
