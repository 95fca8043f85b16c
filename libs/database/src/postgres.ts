import pg from 'pg';
import { DataSource } from 'typeorm';
import { StartupError } from '@amahoro/config/process.js';
import { AdvisoryLock } from './advisory-locks.js';
import { dataSourceOptions } from './data-source-options.js';

function describe(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `${url.hostname}:${url.port || 5432}${url.pathname}`;
}

function adminUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  return url.toString();
}

function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

/** True when a PostgreSQL server answers at the URL's host and port (whatever the database). */
export async function postgresAnswers(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl(databaseUrl), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates the URL's database when it is missing; a server that does not answer is a one-line StartupError. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  const client = new pg.Client({ connectionString: adminUrl(databaseUrl), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(`cannot reach PostgreSQL at ${describe(databaseUrl)} (DATABASE_URL): ${(error as Error).message}`);
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * A new database `<template>_<suffix>` copied from the URL's database (which nobody else may hold a connection to
 * while it is copied): far faster than running the migrations again. The tests' database per spec file.
 */
export async function cloneDatabase(templateUrl: string, suffix: string): Promise<string> {
  const template = databaseName(templateUrl);
  const name = `${template}_${suffix}`;
  const client = new pg.Client({ connectionString: adminUrl(templateUrl) });
  await client.connect();
  try {
    // Two copies from one template at the same instant can meet "source database is being accessed by other
    // users" (each copy briefly connects to it): take turns.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
      }
    }
  } finally {
    await client.end();
  }
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the URL's database and, unless told otherwise, every copy of it (`<name>_…`), whoever is still connected. */
export async function dropDatabaseAndCopies(databaseUrl: string, { copies = true } = {}): Promise<void> {
  const name = databaseName(databaseUrl);
  const client = new pg.Client({ connectionString: adminUrl(databaseUrl) });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR ($2 AND starts_with(datname, $1 || '_'))`,
      [name, copies],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Applies pending migrations; several processes starting together take turns on an advisory lock. */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl), migrationsTransactionMode: 'each' });
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new StartupError(`cannot connect to PostgreSQL at ${describe(databaseUrl)} (DATABASE_URL): ${(error as Error).message}`);
  }
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.Migrations]);
    await dataSource.runMigrations();
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.Migrations]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}

/** Fails with one clear line when the database is not reachable, before the framework starts retrying. */
export async function assertDatabaseReachable(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new StartupError(`cannot connect to PostgreSQL at ${describe(databaseUrl)} (DATABASE_URL): ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Fails with one line when migrations are pending: `start:api` and `start:worker` never migrate on their own. */
export async function assertSchemaCurrent(databaseUrl: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    if (await dataSource.showMigrations()) {
      throw new StartupError(`the database at ${describe(databaseUrl)} has pending migrations: run \`npm run migration:run\` first`);
    }
  } finally {
    await dataSource.destroy();
  }
}

/**
 * A line for the log when the server runs without autovacuum: the academy's tables are updated all day (seats,
 * certificates, the outbox, the audit seal), and their dead rows then pile up until every query reads them.
 */
export async function autovacuumWarning(databaseUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ autovacuum: string }>(`SELECT current_setting('autovacuum') AS autovacuum`);
    return rows[0]?.autovacuum === 'on'
      ? null
      : `autovacuum is off on the PostgreSQL at ${describe(databaseUrl)}: turn it on (its default), or run VACUUM ANALYZE regularly, or the tables slow down as dead rows gather`;
  } finally {
    await client.end().catch(() => undefined);
  }
}
