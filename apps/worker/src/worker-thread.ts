// The worker's Nest context in a thread of its own, started by worker-host.ts: its heap is bounded by the
// resourceLimits it was started with (V8 then collects before it grows, rather than letting RSS climb), whatever
// command started the process. It reports 'ready' or a start-up failure, and closes on 'stop'.
import 'reflect-metadata';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import type { AppConfig } from '@amahoro/config/config.js';
import { assertDatabaseReachable, assertSchemaCurrent } from '@amahoro/database/postgres.js';
import { pino } from 'pino';
import { createLogger } from '@amahoro/logging/logger.js';
import { assertRedisReachable } from '@amahoro/queue/redis.js';
import { createWorker } from './worker.js';

export interface WorkerThreadData {
  config: AppConfig;
  /** Check PostgreSQL, Redis and the schema first (`start:worker`); the launcher has just set them up itself. */
  checkDependencies: boolean;
}

/** What the thread tells its host. */
export type WorkerThreadMessage = { type: 'ready' } | { type: 'failed'; name: string; message: string; stack?: string };

const port = parentPort!;
const { config, checkDependencies } = workerData as WorkerThreadData;
try {
  if (checkDependencies) {
    await Promise.all([assertDatabaseReachable(config.databaseUrl), assertRedisReachable(config.redisUrl)]);
    await assertSchemaCurrent(config.databaseUrl);
  }
  // Written at once: a thread's buffered lines would be lost when it ends.
  const logger = createLogger(config.logLevel, 'worker', pino.destination({ dest: 1, sync: true }));
  const worker = await createWorker(config, logger);
  // The line operators (and the tests) wait for: every queue's consumer has started; with the heap limit it runs under.
  logger.info({ heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20) }, 'worker ready');
  // 'stop' from the host: finish the jobs in hand, close the connections, end the thread (0, or 1 if closing failed).
  port.once('message', () => {
    worker.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  });
  port.postMessage({ type: 'ready' } satisfies WorkerThreadMessage);
} catch (error) {
  const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ type: 'failed', name, message, stack } satisfies WorkerThreadMessage);
}
