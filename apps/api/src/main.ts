// `npm run start:api`: the HTTP API alone (production; run the worker with `npm run start:worker`).
import 'reflect-metadata';
import { loadConfig, runOrExit } from '@amahoro/config/config.js';
import { assertDatabaseReachable } from '@amahoro/database/postgres.js';
import { assertRedisReachable } from '@amahoro/queue/redis.js';
import { createApi } from './api.js';

await runOrExit(async () => {
  const config = loadConfig();
  await Promise.all([assertDatabaseReachable(config.databaseUrl), assertRedisReachable(config.redisUrl)]);
  const app = await createApi(config);
  await app.listen({ port: config.port, host: config.host });
});
