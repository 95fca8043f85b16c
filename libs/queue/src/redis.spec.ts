import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { loadConfig } from '@amahoro/config/config.js';
import { deleteKeysStartingWith } from './redis.js';

describe('deleteKeysStartingWith', () => {
  it('removes the prefix’s keys and those of prefixes grown from it, and nothing else', async () => {
    const { redisUrl, redisPrefix } = loadConfig();
    const prefix = `${redisPrefix}-cleanup-${randomUUID()}`;
    const neighbour = `${redisPrefix}-other-${randomUUID()}:kept`;
    const redis = new Redis(redisUrl);
    try {
      await redis.mset(`${prefix}:bull:certificates:meta`, '1', `${prefix}-throttle:login-fail-ip:10.0.0.1`, '1', neighbour, '1');
      await redis.set(`${prefix}:no-expiry`, '1');
      assert.equal(await deleteKeysStartingWith(redisUrl, prefix), 3);
      assert.deepEqual(await redis.keys(`${prefix}*`), []);
      assert.equal(await redis.get(neighbour), '1');
    } finally {
      await redis.del(neighbour);
      await redis.quit();
    }
  });
});
