import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDependencyUnavailable } from './dependencies.js';

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
