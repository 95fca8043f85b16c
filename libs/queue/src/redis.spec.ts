import type { Logger } from '@nestjs/common';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { loadConfig } from '@amahoro/config/config.js';
import { deleteKeysStartingWith, isConnectionError, isLostJobError, logConnectionErrors } from './redis.js';

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

describe('Redis errors', () => {
  const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

  it('tells Redis out of reach from an answer of its own', () => {
    for (const error of [
      coded('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'),
      coded('read ECONNRESET', 'ECONNRESET'),
      new Error('Connection is closed.'),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      new Error('Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.'),
      new Error('LOADING Redis is loading the dataset in memory'),
    ])
      assert.equal(isConnectionError(error), true, error.message);
    for (const message of ['Missing key for job 42. moveToFinished', 'Missing lock for job 42. moveToFinished', 'ERR unknown command'])
      assert.equal(isConnectionError(new Error(message)), false, message);
  });

  it('knows a job Redis lost from other answers', () => {
    assert.equal(isLostJobError(new Error('Missing key for job 42. moveToFinished')), true);
    assert.equal(isLostJobError(new Error('Missing key for parent job bull:q:1. addJob')), true);
    assert.equal(isLostJobError(new Error('ERR unknown command')), false);
    assert.equal(isLostJobError(new Error('Connection is closed.')), false);
  });

  it('logs a lost job as lost, each time, and an outage once as Redis unavailable', () => {
    const lines: string[] = [];
    const logger = { warn: (line: string) => void lines.push(`warn ${line}`), error: (line: string) => void lines.push(`error ${line}`), log: () => undefined };
    const emitter = new EventEmitter();
    logConnectionErrors(emitter, 'worker q', logger as unknown as Logger);
    emitter.emit('error', new Error('Missing key for job 7. moveToFinished'));
    emitter.emit('error', new Error('Missing key for job 7. moveToFinished'));
    emitter.emit('error', coded('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'));
    emitter.emit('error', coded('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'));
    emitter.emit('error', new Error('ERR something else'));
    assert.deepEqual(lines, [
      'warn worker q: Missing key for job 7. moveToFinished: Redis no longer holds this job (restarted without its data?)',
      'warn worker q: Missing key for job 7. moveToFinished: Redis no longer holds this job (restarted without its data?)',
      'warn worker q: Redis unavailable (connect ECONNREFUSED 127.0.0.1:6379); reconnecting',
      'error worker q: ERR something else',
    ]);
  });
});
