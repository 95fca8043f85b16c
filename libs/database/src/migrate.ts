// `npm run migration:run`: creates the database if it is missing and applies pending migrations, as `npm start` does.
import { loadConfig } from '@amahoro/config/config.js';
import { runOrExit } from '@amahoro/config/process.js';
import { ensureDatabase, runMigrations } from './postgres.js';

await runOrExit(async () => {
  const { databaseUrl } = loadConfig();
  await ensureDatabase(databaseUrl);
  await runMigrations(databaseUrl);
  process.stdout.write('migrations are up to date\n');
});
