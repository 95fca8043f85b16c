// Whether a failure means PostgreSQL or Redis cannot be reached right now, as opposed to a bug or a bad query.
// The API answers such a failure 503 with Retry-After; the worker leaves the certificate queued for later.

// The socket could not be opened, or broke.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
// PostgreSQL: shutting down, crashed, starting up, or out of connections (SQLSTATE class 08 is matched as a class).
const POSTGRES_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
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

export function isDependencyUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { code, message, name, driverError, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    driverError?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  if (name === 'MaxRetriesPerRequestError') return true;
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  // TypeORM wraps the driver's error; Node wraps each address tried (AggregateError).
  return (
    isDependencyUnavailable(driverError, depth + 1) ||
    isDependencyUnavailable(cause, depth + 1) ||
    (Array.isArray(errors) && errors.some((e) => isDependencyUnavailable(e, depth + 1)))
  );
}
