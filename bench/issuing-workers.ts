// Worker processes for the certificate benchmarks, started as in production (`node dist/apps/worker/src/main.js`, the
// bench's environment) on a Redis prefix of the run's own (removed afterwards), so that no other worker on this Redis
// takes its jobs; their memory and CPU read from /proc. BENCH_WORKER_CPU_PROF=<dir>: each writes a CPU profile there
// (node --cpu-prof) when it exits.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type pg from 'pg';
import { type AppConfig, loadConfig } from '@amahoro/config/config.js';
import { WORKER_ENV, WORKER_NODE_FLAGS } from '@amahoro/config/node-flags.js';
import { QUEUES } from '@amahoro/queue/jobs.js';
import { deleteKeysStartingWith } from '@amahoro/queue/redis.js';

/** A Redis prefix of this run's own (REDIS_PREFIX of the API and the workers). */
export function runPrefix(tag: string): string {
  return `amahoro-bench-${tag.toLowerCase()}`;
}

/** Deletes every key under the prefix: the run's queues and jobs. */
export async function removeRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  await deleteKeysStartingWith(redisUrl, `${prefix}:`);
}

/** Resident memory of a process, in kB (Linux: VmRSS of /proc/<pid>/status); undefined once it is gone. */
export function rssKb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU µs in a /proc stat line (ticks of 1/100 s); undefined if unreadable (gone). */
function statCpuMicros(path: string): number | undefined {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10_000 : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU time of a whole process (all its threads), in µs (Linux: /proc). */
export function processCpuMicros(pid: number): number | undefined {
  return statCpuMicros(`/proc/${pid}/stat`);
}

/** A value of each thread of a process, by thread id, read from its /proc/<pid>/task/<tid>/ directory (undefined: skipped). */
function perThread(pid: number, read: (dir: string) => number | undefined): Map<string, number> {
  const threads = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return threads;
  }
  for (const tid of tids) {
    const value = read(`/proc/${pid}/task/${tid}`);
    if (value !== undefined) threads.set(tid, value);
  }
  return threads;
}

/**
 * CPU µs of each thread of a process, by thread id: a worker process's two busiest threads are its render thread and
 * its worker thread (the others: the host thread, V8's helpers, which compile, and libuv's pool).
 */
export function threadCpuMicros(pid: number): Map<string, number> {
  return perThread(pid, (dir) => statCpuMicros(`${dir}/stat`));
}

/**
 * µs each thread of a process has spent runnable but waiting for a core, by thread id (Linux: the second field of
 * schedstat, in ns): what tells a thread short of CPU from one short of work.
 */
export function threadWaitMicros(pid: number): Map<string, number> {
  return perThread(pid, (dir) => {
    try {
      const waitedNs = Number(readFileSync(`${dir}/schedstat`, 'utf8').split(' ')[1]);
      return Number.isFinite(waitedNs) ? waitedNs / 1000 : undefined;
    } catch {
      return undefined;
    }
  });
}

/** CPU µs of each PostgreSQL backend serving `db`'s database (Linux, same machine), by pid; not `db`'s own. */
export async function backendCpuMicros(db: pg.Pool): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    const micros = processCpuMicros(pid);
    if (micros !== undefined) cpu.set(pid, micros);
  }
  return cpu;
}

/** CPU µs spent between two readings by pid or thread id (one that appeared meanwhile counts from 0), summed. */
export function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  return [...after].reduce((sum, [id, micros]) => sum + micros - (before.get(id) ?? 0), 0);
}

/** CPU µs Redis has used since it started (INFO cpu: its own count, all clients, not only this run's). */
export async function redisCpuMicros(redisUrl: string): Promise<number | undefined> {
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const info = await client.info('cpu');
    const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
    const total = seconds('used_cpu_sys') + seconds('used_cpu_user');
    return Number.isFinite(total) ? Math.round(total * 1e6) : undefined;
  } finally {
    client.disconnect();
  }
}

/** One RSS sample: when (performance.now()), in kB. */
export interface RssSample {
  atMs: number;
  kb: number;
}

/**
 * Peak RSS in each quarter of [fromMs, toMs]: memory that grows with the batch shows in the last quarters, against the
 * first (which holds the warm-up: compiled code, pools filled).
 */
export function rssQuarters(series: RssSample[], fromMs: number, toMs: number): number[] {
  const quarter = (toMs - fromMs) / 4;
  return [0, 1, 2, 3].map((i) => {
    const inside = series.filter((s) => s.atMs >= fromMs + i * quarter && s.atMs <= fromMs + (i + 1) * quarter);
    return Math.max(0, ...inside.map((s) => s.kb));
  });
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** The last 20,000 characters it wrote (warnings and errors only: LOG_LEVEL=warn). */
  output: () => string;
  exitCode: () => number | null;
  exited: Promise<number | null>;
  /** RSS in kB, sampled every 200 ms from its start. */
  rss: { peakKb: number; lastKb: number; samples: number; series: RssSample[] };
}

/** Jobs each worker process runs at once: WORKER_CONCURRENCY, or the worker's own default. */
export const workerConcurrency = (): number => loadConfig().workerConcurrency;
export const renderThreads = (): number => loadConfig().renderThreads;

/** The worker processes' node flags: BENCH_WORKER_NODE_FLAGS (space-separated; empty: node's defaults), else the worker's own. */
const workerNodeFlags = (): string[] => process.env.BENCH_WORKER_NODE_FLAGS?.split(' ').filter(Boolean) ?? WORKER_NODE_FLAGS;

/**
 * `count` worker processes, as `npm run start:worker` runs them (its node flags and WORKER_ENV too), with this process's environment, the run's Redis
 * prefix and `env`; their RSS sampled every 200 ms until they exit.
 */
export function startWorkers(count: number, redisPrefix: string, env: Record<string, string> = {}): WorkerProcess[] {
  const script = fileURLToPath(new URL('../apps/worker/src/main.js', import.meta.url));
  return Array.from({ length: count }, () => {
    const childEnv = { ...process.env, ...WORKER_ENV, LOG_LEVEL: 'warn', REDIS_PREFIX: redisPrefix, ...env };
    const profile = process.env.BENCH_WORKER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROF}`] : [];
    const child = spawn(process.execPath, [...workerNodeFlags(), ...profile, script], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const rss = { peakKb: 0, lastKb: 0, samples: 0, series: [] as RssSample[] };
    const sample = () => {
      const kb = child.pid === undefined ? undefined : rssKb(child.pid);
      if (kb === undefined) return;
      rss.lastKb = kb;
      rss.peakKb = Math.max(rss.peakKb, kb);
      rss.samples++;
      rss.series.push({ atMs: performance.now(), kb });
    };
    sample();
    const sampler = setInterval(sample, 200);
    // Should this process die (a crash, a database dropped under it), its workers go with it rather than linger.
    const orphaned = () => child.kill('SIGKILL');
    process.once('exit', orphaned);
    const exited = new Promise<number | null>((done) => {
      const finish = (code: number | null) => {
        clearInterval(sampler);
        process.removeListener('exit', orphaned);
        done(code);
      };
      child.once('exit', finish);
      child.once('error', (error) => {
        keep(Buffer.from(`${error.message}\n`));
        finish(child.exitCode ?? -1);
      });
    });
    if (child.pid === undefined) throw new Error(`could not start ${script}`);
    return { child, pid: child.pid, output: () => output, exitCode: () => child.exitCode, exited, rss };
  });
}

/** Waits until the certificates queue has `count` workers connected (BullMQ names their Redis clients). */
export async function waitForWorkers(config: AppConfig, workers: WorkerProcess[], timeoutMs = 60_000): Promise<number> {
  const queue = new Queue(QUEUES.certificates, { connection: { url: config.redisUrl }, prefix: `${config.redisPrefix}:bull` });
  const started = performance.now();
  try {
    for (;;) {
      const dead = workers.find((w) => w.exitCode() !== null);
      if (dead) throw new Error(`a worker exited (${dead.exitCode()}) before it was ready:\n${dead.output()}`);
      if ((await queue.getWorkersCount()) >= workers.length) return performance.now() - started;
      if (performance.now() - started > timeoutMs) {
        throw new Error(`the workers were not ready after ${timeoutMs} ms:\n${workers.map((w) => w.output()).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await queue.close();
  }
}

/** SIGTERM to each (they finish the job in hand), then SIGKILL to one still there after 20 s. The exit codes. */
export async function stopWorkers(workers: WorkerProcess[]): Promise<Array<number | null>> {
  return Promise.all(
    workers.map(async (worker) => {
      if (worker.exitCode() === null) worker.child.kill('SIGTERM');
      const timer = setTimeout(() => worker.child.kill('SIGKILL'), 20_000);
      try {
        return await worker.exited;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

export const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
