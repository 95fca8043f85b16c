import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOverLimit, loginCounters } from './login-throttle.js';

const limits = { maxFailuresPerAccountAndIp: 5, maxFailuresPerAccount: 20, maxFailuresPerIp: 200 };

describe('login throttle rules', () => {
  const counters = loginCounters('amina@example.org', '10.0.0.1', limits);

  it('counts per account and address, per account, and per address', () => {
    assert.deepEqual(
      counters.map((c) => c.limit),
      [5, 20, 200],
    );
    assert.ok(counters[0]!.key.includes('amina@example.org') && counters[0]!.key.includes('10.0.0.1'));
    assert.ok(!counters[1]!.key.includes('10.0.0.1'));
    assert.ok(!counters[2]!.key.includes('amina'));
  });

  it('is over the limit as soon as any counter reaches its bar', () => {
    assert.equal(isOverLimit(counters, [4, 4, 4]), false);
    assert.equal(isOverLimit(counters, [5, 5, 5]), true);
    assert.equal(isOverLimit(counters, [0, 20, 20]), true);
    assert.equal(isOverLimit(counters, [0, 0, 200]), true);
    assert.equal(isOverLimit(counters, [0, 0, 0]), false);
  });

  it('treats missing counters as zero', () => {
    assert.equal(isOverLimit(counters, []), false);
    assert.equal(isOverLimit(counters, [Number.NaN, Number.NaN, Number.NaN]), false);
  });
});
