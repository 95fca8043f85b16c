import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recentlyUsed } from './recently-used.js';

describe('recently used values', () => {
  it('makes a value once, keeps the most recently used, and holds at most twice its limit', () => {
    const made: string[] = [];
    const memo = recentlyUsed<string>(3);
    const use = (key: string): string => memo(key, () => (made.push(key), key.toUpperCase()));
    assert.equal(use('a'), 'A');
    assert.equal(use('a'), 'A');
    assert.deepEqual(made, ['a']);
    for (let i = 0; i < 100; i++) {
      use(`word${i}`);
      use('a'); // used all along: never made again
    }
    assert.equal(made.filter((key) => key === 'a').length, 1);
    // The three most recently used are kept; what has not been used for more than six other keys is not.
    made.length = 0;
    for (const key of ['word99', 'word98', 'a']) use(key);
    assert.deepEqual(made, []);
    use('word0');
    assert.deepEqual(made, ['word0']);
  });
});
