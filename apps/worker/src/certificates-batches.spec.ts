import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Batches, firstOfEach } from './certificates-batches.js';

describe('batches of calls', () => {
  it('runs the calls of one turn as one, and what comes while it runs as the next', async () => {
    const runs: number[][] = [];
    let release: () => void = () => undefined;
    const batches = new Batches<number, number>(async (items) => {
      runs.push(items);
      if (runs.length === 1) await new Promise<void>((done) => (release = done));
      return items.map((n) => n * 10);
    });
    const first = [batches.add(1), batches.add(2)];
    await new Promise((done) => setImmediate(done));
    const second = [batches.add(3), batches.add(4), batches.add(5)];
    assert.deepEqual(runs, [[1, 2]], 'one at a time');
    release();
    assert.deepEqual(await Promise.all([...first, ...second]), [10, 20, 30, 40, 50]);
    assert.deepEqual(runs, [[1, 2], [3, 4, 5]]);
  });

  it('runs a failed batch again item by item: only the bad one fails', async () => {
    const batches = new Batches<number, number>(async (items) => {
      if (items.includes(2)) throw new Error('bad item');
      return items;
    });
    const settled = await Promise.allSettled([batches.add(1), batches.add(2), batches.add(3)]);
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'rejected', 'fulfilled']);
  });

  it('holds a batch while holdWhile says so, until it lets go, a recheck finds it let go, or maxHoldMs passed', async () => {
    const runs: number[][] = [];
    let more = true;
    const batches = new Batches<number, number>(async (items) => (runs.push(items), items), { holdWhile: (n) => n < 3 && more, maxHoldMs: 60_000 });
    const first = [batches.add(1), batches.add(2)];
    await new Promise((done) => setTimeout(done, 10));
    assert.equal(runs.length, 0, 'held: fewer than 3 and more to come');
    first.push(batches.add(3));
    assert.deepEqual(await Promise.all(first), [1, 2, 3]);
    const second = batches.add(4);
    await new Promise((done) => setTimeout(done, 10));
    more = false;
    batches.recheck();
    assert.equal(await second, 4);
    const timed = new Batches<number, number>(async (items) => (runs.push(items), items), { holdWhile: () => true, maxHoldMs: 20 });
    assert.equal(await timed.add(5), 5);
    assert.deepEqual(runs, [[1, 2, 3], [4], [5]]);
  });

  it('marks the first of each key', () => {
    assert.deepEqual(firstOfEach(['a', 'b', 'a', 'c', 'b'], (k) => k), [true, true, false, true, false]);
  });
});
