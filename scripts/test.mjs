// `npm test`: unit specs (beside the code) and e2e specs (test/), on real PostgreSQL and Redis.
// Each run gets its own database and Redis key prefix, dropped afterwards, so runs never collide; the run's
// database, migrated once, is the template each e2e spec file copies into a database of its own
// (test/support/own-database.ts), so spec files never share state either.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { loadConfig } from '../dist/libs/config/src/config.js';
import { dropDatabaseAndCopies, ensureDatabase, runMigrations } from '../dist/libs/database/src/postgres.js';
import { deleteKeysStartingWith } from '../dist/libs/queue/src/redis.js';

const base = loadConfig();
const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const url = new URL(base.databaseUrl);
url.pathname = `/amahoro_test_${runId}`;
const env = {
  ...process.env,
  NODE_ENV: 'test',
  DATABASE_URL: url.toString(),
  REDIS_PREFIX: `amahoro-test-${runId}`,
  // Errors only: an unexpected error (a 500) prints its stack beside the test that met it, which a flaky run needs.
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  DEMO_DATA: 'false',
  AMAHORO_TEST_TEMPLATE: 'true',
  // Every test registers its users from 127.0.0.1: the registration limit has a spec of its own.
  REGISTER_MAX_PER_IP: '1000000',
};

// `--browser` (npm run test:web): the web application's journeys in Chromium, one at a time.
const browser = process.argv.includes('--browser');
const suffix = browser ? '.browser.js' : '.spec.js';

async function specs(dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) found.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return found;
}

const filter = process.argv.slice(2).filter((arg) => arg !== '--browser');
const files = (await specs('dist'))
  .map((file) => relative(process.cwd(), file))
  .filter((file) => filter.length === 0 || filter.some((f) => file.includes(f)))
  .sort();

await ensureDatabase(env.DATABASE_URL);
let code = 1;
try {
  await runMigrations(env.DATABASE_URL);
  code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', './dist/test/support/own-database.js', '--test', `--test-concurrency=${browser ? 1 : Math.max(2, availableParallelism())}`, `--test-timeout=${browser ? 300000 : 120000}`, ...files],
      { env, stdio: 'inherit' },
    );
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0)));
  });
} finally {
  await dropDatabaseAndCopies(env.DATABASE_URL);
  // Every key of the run, those of tests that took a prefix of their own (`<prefix>-throttle`) included.
  await deleteKeysStartingWith(base.redisUrl, env.REDIS_PREFIX);
}
process.exit(code);
