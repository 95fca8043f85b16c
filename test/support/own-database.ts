// Loaded with `node --import` into every spec file's process (scripts/test.mjs): an e2e spec (or a browser journey)
// gets a database of its own, cloned from the run's migrated template, and a Redis prefix of its own, so spec files never share
// state (a worker of one file cannot take another file's jobs, a count never sees another file's rows).

const template = process.env.AMAHORO_TEST_TEMPLATE;
const file = process.argv[1] ?? '';
if (template && /[\\/]test[\\/](browser[\\/])?[^\\/]+\.(spec|browser)\.js$/.test(file)) {
  // Imported here, not above: a unit spec's process needs no database code.
  const { cloneDatabase } = await import('@amahoro/database/postgres.js');
  const own = await cloneDatabase(process.env.DATABASE_URL!, `${process.pid}`);
  process.env.DATABASE_URL = own;
  process.env.REDIS_PREFIX = `${process.env.REDIS_PREFIX}-${process.pid}`;
}
