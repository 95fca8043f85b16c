import { Redis } from 'ioredis';
import { StartupError } from '@amahoro/config/process.js';

/** True when a Redis server answers PING at the URL. */
export async function redisAnswers(redisUrl: string): Promise<boolean> {
  const client = new Redis(redisUrl, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function assertRedisReachable(redisUrl: string): Promise<void> {
  if (!(await redisAnswers(redisUrl))) {
    const url = new URL(redisUrl);
    throw new StartupError(`cannot connect to Redis at ${url.hostname}:${url.port || 6379} (REDIS_URL)`);
  }
}

/**
 * Deletes every key whose name starts with `prefix` (`amahoro-test-<run>` takes `amahoro-test-<run>:…` and
 * the `amahoro-test-<run>-throttle:…` of a test that used a prefix of its own); returns how many.
 */
export async function deleteKeysStartingWith(redisUrl: string, prefix: string): Promise<number> {
  const client = new Redis(redisUrl);
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      if (keys.length) deleted += await client.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await client.quit();
  }
  return deleted;
}
