import assert from 'node:assert/strict';
import { setTimeout as pause } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { sharedFor } from './web-app.js';

describe('sharedFor: one render for every visit of the next moment', () => {
  it('makes once for the calls of its window, including those while it runs, then again', async () => {
    let made = 0;
    // Windows of half a second: on a loaded machine a few ms windows closed before the test's next call.
    const page = sharedFor(500, async () => {
      made += 1;
      await pause(10);
      return `page ${made}`;
    });
    assert.deepEqual(await Promise.all(Array.from({ length: 20 }, page)), Array(20).fill('page 1'));
    assert.equal(await page(), 'page 1');
    assert.equal(made, 1);
    await pause(510);
    assert.equal(await page(), 'page 2');
    assert.equal(made, 2);
  });

  it('shares a failure only within its window', async () => {
    let calls = 0;
    const page = sharedFor(500, async () => {
      calls += 1;
      if (calls === 1) throw new Error('database away');
      return 'page';
    });
    await assert.rejects(page(), /database away/);
    await assert.rejects(page(), /database away/);
    await pause(510);
    assert.equal(await page(), 'page');
  });
});
