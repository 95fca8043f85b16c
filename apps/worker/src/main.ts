// `npm run start:worker`: the queue worker alone; run as many as the load needs.
import 'reflect-metadata';
import { loadConfig, runOrExit } from '@amahoro/config/config.js';
import { assertDatabaseReachable } from '@amahoro/database/postgres.js';
import { assertRedisReachable } from '@amahoro/queue/redis.js';
import { createWorker } from './worker.js';

await runOrExit(async () => {
  const config = loadConfig();
  await Promise.all([assertDatabaseReachable(config.databaseUrl), assertRedisReachable(config.redisUrl)]);
  await createWorker(config);
});
