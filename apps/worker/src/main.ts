// `npm run start:worker`: the queue worker alone; run as many as the load needs.
import 'reflect-metadata';
import { loadConfig } from '@amahoro/config/config.js';
import { runOrExit, stopOnSignals } from '@amahoro/config/process.js';
import { assertDatabaseReachable, assertSchemaCurrent } from '@amahoro/database/postgres.js';
import { createLogger } from '@amahoro/logging/logger.js';
import { assertRedisReachable } from '@amahoro/queue/redis.js';
import { createWorker } from './worker.js';

await runOrExit(async () => {
  const config = loadConfig();
  await Promise.all([assertDatabaseReachable(config.databaseUrl), assertRedisReachable(config.redisUrl)]);
  await assertSchemaCurrent(config.databaseUrl);
  const logger = createLogger(config.logLevel, 'worker');
  const worker = await createWorker(config, logger);
  // The line operators (and the tests) wait for: every queue's consumer has started.
  logger.info('worker ready');
  stopOnSignals(() => worker.close(), (message) => logger.info(message));
});
