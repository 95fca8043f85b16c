import { Logger } from '@nestjs/common';
import type { EventEmitter } from 'node:events';
import { isNotConnectionError } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
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
 * Options of the clients that serve requests: while Redis is out of reach a command fails at once (the API
 * answers 503) instead of waiting in an offline queue, and the client reconnects every second or so.
 */
export const FAIL_FAST_REDIS_OPTIONS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  connectTimeout: 1500,
  retryStrategy: (times: number) => Math.min(times * 250, 1000),
} satisfies RedisOptions;

/**
 * Logs a connection's errors as one structured line when it goes down (and when it is back, where the
 * emitter says so), not a line or a bare stack trace per failed reconnection. Listening for 'error' is also
 * what keeps ioredis and BullMQ from printing "Unhandled error event".
 */
export function logConnectionErrors(emitter: Pick<EventEmitter, 'on'>, name: string, logger: Logger = new Logger('Redis')): void {
  let loggedAt = 0;
  emitter.on('error', (error: Error) => {
    // Redis answered, with an error of its own: say what it was, each time.
    if (isLostJobError(error)) return logger.warn(`${name}: ${error.message}: Redis no longer holds this job (restarted without its data?)`);
    if (!isConnectionError(error)) return logger.error(`${name}: ${error.message}`);
    if (Date.now() - loggedAt < QUIET_MS) return;
    loggedAt = Date.now();
    logger.warn(`${name}: Redis unavailable (${error.message}); reconnecting`);
  });
  emitter.on('ready', () => {
    if (loggedAt === 0) return;
    loggedAt = 0;
    logger.log(`${name}: Redis reachable again`);
  });
}

/** While Redis stays down, one line per connection this often. */
const QUIET_MS = 30_000;

const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|Connection is closed|Stream isn't writeable|max retries per request|^LOADING /i;

/** Redis out of reach (or still loading), as opposed to an answer from it such as a script's error. */
export function isConnectionError(error: Error & { code?: string }): boolean {
  return !isNotConnectionError(error) || CONNECTION_ERROR.test(error.message) || CONNECTION_ERROR.test(error.code ?? '');
}

/** BullMQ's "Missing key for job …": Redis answered without the job, so it lost it (restarted empty, or evicted it). */
export function isLostJobError(error: Error): boolean {
  return /^Missing key for (parent )?job /.test(error.message);
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
