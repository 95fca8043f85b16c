// Shared by the benchmarks: settings from the environment, what a benchmark is and returns, one measured load run,
// batches of requests. The printed table is in table.ts. A benchmark prints; it never fails on a missed goal (only a
// crash ends the run with a non-zero code).
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { type AppConfig, loadConfig } from '@amahoro/config/config.js';
import { API_NODE_FLAGS } from '@amahoro/config/node-flags.js';
import { dropDatabaseAndCopies } from '@amahoro/database/postgres.js';
import { type PlannedRequest, type SendOptions, type Sent, sendFromHere, type WorkerInput } from './batch.js';

export interface Settings {
  /** Seconds of measured load, per side. */
  durationSeconds: number;
  /** Seconds of load before each measured run, thrown away (JIT, pools, caches). */
  warmupSeconds: number;
  connections: number;
  /**
   * Worker threads sending the load: 1 by default, so that autocannon does not share the event loop of the
   * server it measures (the server runs in this process). 0 sends it from the main thread.
   */
  loadWorkers: number;
}

/** One side of a benchmark, as measured. */
export interface Result {
  /** Mean of the per-second samples of completed requests. */
  requestsPerSecond: number;
  p99Ms: number;
  meanLatencyMs: number;
  requests: number;
  /**
   * CPU time of the main thread (the server's, when the load comes from worker threads) per request. Unlike
   * req/s it barely moves when other processes compete for the cores; undefined off Linux or with BENCH_WORKERS=0.
   */
  cpuMicrosPerRequest?: number;
  /** Connection errors, timeouts and non-2xx answers: a side with failures did not do the work measured. */
  failures: number;
}

/** What a benchmark's run measured: its two sides, and optionally more rows and goals of its own. */
export interface Measured {
  app: Result;
  baseline: Result;
  /** Checks of the data written, what a "request" is: printed under the table. */
  notes?: string[];
  /** Further sides (another setup of the app, another baseline), printed under the app's row, each with its ratio to the baseline. */
  more?: Array<{ side: string; result: Result }>;
  /** Goals that are no ratio of the two sides (a time, a memory peak), judged by the benchmark: `[what, met]`. */
  goals?: Array<[string, boolean]>;
}

export interface Benchmark {
  /** Short, used on the command line: `npm run bench -- health`. */
  name: string;
  /** Run only when named exactly on the command line (a long one), never by a plain `npm run bench`. */
  explicitOnly?: boolean;
  /** The labels of the two sides in the table, when not 'app' and 'bare'. */
  sides?: { app: string; baseline: string };
  /** What is compared, one line. */
  description: string;
  /** The least acceptable ratio app req/s ÷ baseline req/s, or 'report': the ratio is printed, not judged. */
  goal: number | 'report';
  /** A second goal, if any: the app's p99 latency at most this many times the baseline's. */
  p99Goal?: number;
  /**
   * Starts each side in turn (never both at once), measures it with `measure` (or `batchResult`), and closes
   * it. Notes (checks of the data written, what a "request" is) are printed under the table.
   */
  run: () => Promise<Measured>;
}

// The benchmark script is a tool, not the app: it reads its own few knobs here.
export function positiveNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min} (got "${raw}")`);
  return value;
}

let settings: Settings | undefined;

export function benchSettings(): Settings {
  settings ??= {
    durationSeconds: positiveNumber('BENCH_DURATION', 10, 1),
    warmupSeconds: positiveNumber('BENCH_WARMUP', 2, 0),
    connections: Math.round(positiveNumber('BENCH_CONNECTIONS', 20, 1)),
    loadWorkers: Math.round(positiveNumber('BENCH_WORKERS', 1, 0)),
  };
  return settings;
}

/** The API's node flags: BENCH_API_NODE_FLAGS (space-separated; empty: node's defaults), else the API's own. */
export const apiNodeFlags = (): string[] => process.env.BENCH_API_NODE_FLAGS?.split(' ').filter(Boolean) ?? API_NODE_FLAGS;

/**
 * The benchmarks run the API in this process, so this process runs with the API's node flags (apiNodeFlags): started
 * without them, the script runs itself again with them (signals passed on) and takes its exit code; true then, and the
 * caller does nothing else. The bare baselines and the load threads, in this process too, run with them as well.
 */
export async function rerunWithApiNodeFlags(): Promise<boolean> {
  const flags = apiNodeFlags();
  if (flags.every((flag) => process.execArgv.includes(flag))) return false;
  const child = spawn(process.execPath, [...process.execArgv, ...flags, process.argv[1]!, ...process.argv.slice(2)], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  const [code] = (await once(child, 'exit')) as [number | null];
  process.exitCode = code ?? 1;
  return true;
}

/** The app's configuration as `npm start` would build it, with request logging off (it would measure stdout). */
export function benchConfig(): AppConfig {
  return loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
}

/**
 * The bench writes thousands of courses, trainees and certificates: unless DATABASE_URL names one, it works in a
 * database of its own (`<the default>_bench`), never the one `npm start` shows, and starts it empty: a run's
 * leftovers change the next one's numbers (100 more courses in the catalog; a 10,000-certificate run took 69 s
 * instead of 41 s behind the e-mails the last one left unsent). Set before any process is spawned, so the APIs and
 * workers it starts use it too.
 */
export async function useBenchDatabase(): Promise<void> {
  if (process.env.DATABASE_URL?.trim()) return;
  const url = new URL(loadConfig({}).databaseUrl);
  url.pathname = `${url.pathname}_bench`;
  process.env.DATABASE_URL = url.toString();
  await dropDatabaseAndCopies(process.env.DATABASE_URL, { copies: false });
}

/**
 * A pool that reports, rather than crashes on, an idle connection closed under it (PostgreSQL restarted, the database
 * dropped by someone else): the next query fails with the reason instead.
 */
export function benchPool(max: number, options: Omit<pg.PoolConfig, 'connectionString' | 'max'> = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: benchConfig().databaseUrl, max, ...options });
  pool.on('error', (error) => console.error(`  an idle PostgreSQL connection closed: ${error.message}`));
  return pool;
}

/** `http://127.0.0.1:<port>` of a server listening on a free port. */
export function urlOf(server: { address(): AddressInfo | string | null }): string {
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error(`not listening on a TCP port: ${String(address)}`);
  return `http://127.0.0.1:${address.port}`;
}

/** Fails before any load when a side answers something else than the other would: the comparison would be void. */
export async function expectJson(url: string, status: number, body: unknown): Promise<void> {
  const response = await fetch(url);
  const text = await response.text();
  if (response.status !== status || text !== JSON.stringify(body)) {
    throw new Error(`GET ${url} answered ${response.status} ${text}; expected ${status} ${JSON.stringify(body)}`);
  }
}

function load(options: autocannon.Options, seconds: number): Promise<autocannon.Result> {
  const { connections, loadWorkers } = benchSettings();
  return Promise.resolve(autocannon({ connections, workers: loadWorkers || undefined, ...options, duration: seconds }));
}

/** User + system CPU time of this process's main thread, in µs (Linux: /proc, in ticks of 1/100 s). */
export function mainThreadCpuMicros(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime: the 14th and 15th
    return Number.isFinite(ticks) ? ticks * 10_000 : undefined;
  } catch {
    return undefined;
  }
}

export interface MeasureOptions {
  /** CPU µs of the server measured, when it is not this thread (another process); sampled around the measured load. */
  serverCpuMicros?: () => number | undefined;
  /** Shorter runs than the configured ones (a benchmark with several setups to measure). */
  durationSeconds?: number;
  warmupSeconds?: number;
}

/** Warms up, then measures the URL for the configured duration and connections. */
export async function measure(options: autocannon.Options, how: MeasureOptions = {}): Promise<Result> {
  const settings = benchSettings();
  const { durationSeconds = settings.durationSeconds, warmupSeconds = settings.warmupSeconds } = how;
  const cpu = how.serverCpuMicros ?? (settings.loadWorkers > 0 ? mainThreadCpuMicros : () => undefined);
  if (warmupSeconds > 0) await load(options, warmupSeconds);
  const cpuBefore = cpu();
  const result = await load(options, durationSeconds);
  const cpuAfter = cpuBefore === undefined ? undefined : cpu();
  const requests = result.requests.total ?? 0;
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    meanLatencyMs: result.latency.average,
    requests,
    cpuMicrosPerRequest: cpuAfter === undefined || requests === 0 ? undefined : (cpuAfter - cpuBefore!) / requests,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** A fixed batch of operations (enrolments, grading rounds) timed one by one, rather than a timed load. */
export interface Batch {
  /** Milliseconds, of the operations that succeeded. */
  latenciesMs: number[];
  failures: number;
  /** Wall time of the whole batch. */
  elapsedMs: number;
  /** CPU time of the main thread during the batch, when it is the server's (or the baseline's) alone. */
  cpuMicros?: number;
}

/** The p-th percentile (0–100) of the values, nearest rank; 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A batch as a Result: operations per second of wall time, latencies of the ones that succeeded. */
export function batchResult(batch: Batch): Result {
  const requests = batch.latenciesMs.length + batch.failures;
  const mean = batch.latenciesMs.length ? batch.latenciesMs.reduce((sum, ms) => sum + ms, 0) / batch.latenciesMs.length : 0;
  return {
    requestsPerSecond: batch.elapsedMs > 0 ? (requests * 1000) / batch.elapsedMs : 0,
    p99Ms: percentile(batch.latenciesMs, 99),
    meanLatencyMs: mean,
    requests,
    cpuMicrosPerRequest: batch.cpuMicros === undefined || requests === 0 ? undefined : batch.cpuMicros / requests,
    failures: batch.failures,
  };
}

/**
 * Sends a fixed list of requests, `concurrency` at a time, from a worker thread (from this one with
 * BENCH_WORKERS=0), with the main thread's CPU time meanwhile: the server's, when it runs in this process.
 */
export async function sendRequests(baseUrl: string, requests: PlannedRequest[], options: SendOptions): Promise<Sent & { cpuMicros?: number }> {
  if (benchSettings().loadWorkers === 0) return sendFromHere(baseUrl, requests, options);
  const input: WorkerInput = { batchWorker: true, baseUrl, requests, options };
  const worker = new Worker(new URL('./batch.js', import.meta.url), { workerData: input });
  const cpuBefore = mainThreadCpuMicros();
  try {
    const sent = await new Promise<Sent>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the load worker exited (${code}) before answering`)));
    });
    const cpuAfter = cpuBefore === undefined ? undefined : mainThreadCpuMicros();
    return { ...sent, cpuMicros: cpuAfter === undefined ? undefined : cpuAfter - cpuBefore! };
  } finally {
    await worker.terminate();
  }
}
