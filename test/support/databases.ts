// Test databases: copies of the run's migrated database (CREATE DATABASE … TEMPLATE, a file copy: far faster
// than running the migrations again), named after it so the run drops them all at its end.
import pg from 'pg';

const adminUrl = (databaseUrl: string) => Object.assign(new URL(databaseUrl), { pathname: '/postgres' }).toString();
const nameOf = (databaseUrl: string) => decodeURIComponent(new URL(databaseUrl).pathname.slice(1));

async function onServer<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(databaseUrl) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new database `<template>_<suffix>` copied from the template (the run's database, which nobody else holds a
 * connection to while it is copied); returns its URL.
 */
export async function cloneDatabase(templateUrl: string, suffix: string): Promise<string> {
  const template = nameOf(templateUrl);
  const name = `${template}_${suffix}`;
  await onServer(templateUrl, async (client) => {
    // Two copies from one template at the same instant can meet "source database is being accessed by other
    // users" (each copy briefly connects to it): take turns.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt === 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
      }
    }
  });
  return Object.assign(new URL(templateUrl), { pathname: `/${name}` }).toString();
}

/** Drops the database and every copy of it (`<name>_…`), whoever is still connected. */
export async function dropDatabaseAndCopies(databaseUrl: string): Promise<void> {
  const name = nameOf(databaseUrl);
  await onServer(databaseUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $1 || '_')`,
      [name],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  });
}
