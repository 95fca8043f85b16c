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
