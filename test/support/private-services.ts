// A PostgreSQL cluster and a Redis server of a test's own, on free ports in a temporary directory, that the
// test may stop, start and restart: outage drills never touch the machine's shared ones.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { closedPort } from './processes.js';

/** initdb and postgres refuse root: run them as the postgres user then. */
function asPostgresUser(command: string, args: string[]): string {
  const [file, argv] = userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file as string, argv as string[], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

export interface PrivatePostgres {
  url: (database: string) => string;
  stop: () => void;
  start: () => void;
  destroy: () => void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await closedPort();
  const dir = mkdtempSync(join(tmpdir(), 'amahoro-pg-'));
  if (userInfo().uid === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const data = join(dir, 'data');
  asPostgresUser('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c max_connections=200`;
  const start = () => void asPostgresUser('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const stop = () => void asPostgresUser('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
    start,
    destroy: () => {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivateRedis {
  url: string;
  /** Stops it and starts an empty one on the same port: a Redis that keeps nothing on disk. */
  restart: (downMs?: number) => Promise<void>;
  stop: () => Promise<void>;
  start: () => Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await closedPort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
        return;
      } catch {
        await sleep(50);
      }
    }
    throw new Error(`redis-server on port ${port} did not start`);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((done) => running.once('exit', done));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    stop,
    restart: async (downMs = 0) => {
      await stop();
      await sleep(downMs);
      await start();
    },
  };
}
