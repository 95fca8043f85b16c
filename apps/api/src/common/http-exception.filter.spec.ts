import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import { toErrorBody } from './http-exception.filter.js';

/** A request whose log keeps what was said at each level. */
function request() {
  const said: Record<'warn' | 'error', string[]> = { warn: [], error: [] };
  const log = { warn: (_: unknown, message: string) => said.warn.push(message), error: (_: unknown, message: string) => said.error.push(message) };
  return { request: { log } as unknown as FastifyRequest, said };
}

describe('toErrorBody', () => {
  it('answers a transaction PostgreSQL rolled back for a collision 503 TRANSACTION_CONFLICT with Retry-After, logged as a warning', () => {
    for (const code of ['40P01', '40001', '55P03']) {
      const { request: req, said } = request();
      // As TypeORM throws it: a QueryFailedError with the driver's error inside.
      const failure = Object.assign(new Error('deadlock detected'), { name: 'QueryFailedError', driverError: { code } });
      const { body, retryAfter } = toErrorBody(failure, req);
      assert.deepEqual([body.statusCode, body.error, body.code, body.errorId, retryAfter], [503, 'Service Unavailable', 'TRANSACTION_CONFLICT', undefined, 1], code);
      assert.deepEqual([said.warn.length, said.error.length], [1, 0], `${code}: a warning, not an error`);
    }
  });

  it('still answers an outage 503 SERVICE_UNAVAILABLE and anything unexpected 500 with an error id', () => {
    const outage = toErrorBody(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), request().request);
    assert.deepEqual([outage.body.statusCode, outage.body.code, outage.retryAfter], [503, 'SERVICE_UNAVAILABLE', 5]);
    const { request: req, said } = request();
    const bug = toErrorBody(Object.assign(new Error('duplicate key'), { driverError: { code: '23505' } }), req);
    assert.deepEqual([bug.body.statusCode, bug.body.code, said.error.length], [500, 'INTERNAL_ERROR', 1]);
    assert.ok(bug.body.errorId);
  });
});
