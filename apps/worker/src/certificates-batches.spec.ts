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

  it('marks the first of each key', () => {
    assert.deepEqual(firstOfEach(['a', 'b', 'a', 'c', 'b'], (k) => k), [true, true, false, true, false]);
  });
});
