import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { logConnectionErrors } from './redis.js';

/**
 * Calls `work` each time Redis is reachable again after losing it: a Redis restarted empty has lost the job
 * schedulers, which must not wait for the worker's next restart. A connection of its own watches, since
 * BullMQ's do not say when they reconnect; the producers' connection fails fast and may come back after the
 * watcher, so `work` is tried every second until it takes. Returns what stops the watching.
 */
export function whenRedisReturns(redisUrl: string, name: string, work: () => Promise<void>, logger: Logger = new Logger(name)): () => void {
  const watcher = new Redis(redisUrl, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 250, 1000) });
  logConnectionErrors(watcher, name);
  let stopped = false;
  let first = true;
  let retrying = false;
  const retry = async () => {
    retrying = true;
    while (!stopped) {
      try {
        await work();
        break;
      } catch (error) {
        logger.warn(`${name}: not done yet (${(error as Error).message}); trying again in 1 s`);
        await new Promise((done) => setTimeout(done, 1000));
      }
    }
    retrying = false;
  };
  watcher.on('ready', () => {
    if (first) return void (first = false);
    if (!retrying) void retry();
  });
  return () => {
    stopped = true;
    watcher.disconnect();
  };
}
