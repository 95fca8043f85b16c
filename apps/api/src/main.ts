// `npm run start:api`: the HTTP API alone (production; run the worker with `npm run start:worker`).
import 'reflect-metadata';
import { loadConfig } from '@amahoro/config/config.js';
import { runOrExit, stopOnSignals } from '@amahoro/config/process.js';
import { assertDatabaseReachable, assertSchemaCurrent, autovacuumWarning } from '@amahoro/database/postgres.js';
import { createLogger } from '@amahoro/logging/logger.js';
import { assertRedisReachable } from '@amahoro/queue/redis.js';
import { createApi } from './api.js';

await runOrExit(async () => {
  const config = loadConfig();
  await Promise.all([assertDatabaseReachable(config.databaseUrl), assertRedisReachable(config.redisUrl)]);
  await assertSchemaCurrent(config.databaseUrl);
  const logger = createLogger(config.logLevel, 'api');
  const vacuum = await autovacuumWarning(config.databaseUrl);
  if (vacuum) logger.warn(vacuum);
  const app = await createApi(config, logger);
  await app.listen({ port: config.port, host: config.host });
  stopOnSignals(() => app.close(), (message) => logger.info(message));
});
