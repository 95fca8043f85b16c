import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDependencyUnavailable, isTransientConflict } from './dependencies.js';

describe('isDependencyUnavailable', () => {
  it('recognises a dependency out of reach, however the driver wraps it', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    assert.equal(isDependencyUnavailable(refused), true);
    assert.equal(isDependencyUnavailable(Object.assign(new Error('query failed'), { driverError: { code: '57P01' } })), true, 'admin shutdown, wrapped by TypeORM');
    assert.equal(isDependencyUnavailable({ code: '08006', message: 'connection failure' }), true);
    assert.equal(isDependencyUnavailable(new AggregateError([refused], '')), true);
    assert.equal(isDependencyUnavailable(new Error("Stream isn't writeable and enableOfflineQueue options is false")), true);
    assert.equal(isDependencyUnavailable(new Error('Connection terminated unexpectedly')), true);
    assert.equal(isDependencyUnavailable(new Error('timeout expired')), true, 'a new connection the server never answered');
  });

  it('leaves bugs and bad queries alone', () => {
    assert.equal(isDependencyUnavailable(new TypeError('x is undefined')), false);
    assert.equal(isDependencyUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' })), false);
    assert.equal(isDependencyUnavailable(null), false);
    assert.equal(isDependencyUnavailable('ECONNREFUSED'), false);
  });
});

describe('isTransientConflict', () => {
  it('recognises a transaction PostgreSQL rolled back for a collision, however it is wrapped', () => {
    for (const code of ['40P01', '40001', '55P03']) {
      assert.equal(isTransientConflict(Object.assign(new Error('query failed'), { driverError: { code } })), true, code);
      assert.equal(isDependencyUnavailable({ code }), false, `${code} is not an outage`);
    }
    assert.equal(isTransientConflict({ code: '40P01', message: 'deadlock detected' }), true);
  });

  it('leaves other failures alone', () => {
    assert.equal(isTransientConflict(Object.assign(new Error('duplicate key'), { code: '23505' })), false);
    assert.equal(isTransientConflict(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })), false);
    assert.equal(isTransientConflict(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })), false);
    assert.equal(isTransientConflict(null), false);
  });
});
