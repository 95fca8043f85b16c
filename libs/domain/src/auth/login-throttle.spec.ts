import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loginCounters } from './login-throttle.js';

const limits = { maxFailuresPerAccountAndIp: 5, maxFailuresPerIp: 200 };

describe('login throttle rules', () => {
  const counters = loginCounters('amina-key', '10.0.0.1', limits);

  it('counts per account and address, and per address', () => {
    assert.deepEqual(
      counters.map((c) => c.limit),
      [5, 200],
    );
    assert.ok(counters[0]!.key.includes('amina-key') && counters[0]!.key.includes('10.0.0.1'));
    assert.ok(!counters[1]!.key.includes('amina'));
  });

  it('has no counter of the account alone, so strangers elsewhere cannot lock its owner out', () => {
    const elsewhere = loginCounters('amina-key', '192.0.2.7', limits).map((c) => `${c.name}:${c.key}`);
    for (const counter of counters) assert.ok(!elsewhere.includes(`${counter.name}:${counter.key}`));
  });
});
