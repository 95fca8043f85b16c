// Shared by the benchmarks: settings from the environment, one measured load run, the printed table.
// A benchmark prints; it never fails on a missed goal (only a crash ends the run with a non-zero code).
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type AppConfig, loadConfig } from '@amahoro/config/config.js';

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

export interface Benchmark {
  /** Short, used on the command line: `npm run bench -- health`. */
  name: string;
  /** What is compared, one line. */
  description: string;
  /** The least acceptable ratio app req/s ÷ baseline req/s. */
  goal: number;
  /** Starts each side in turn (never both at once), measures it with `measure`, and closes it. */
  run: () => Promise<{ app: Result; baseline: Result }>;
}

// The benchmark script is a tool, not the app: it reads its own few knobs here.
function positiveNumber(name: string, fallback: number, min: number): number {
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

/** The app's configuration as `npm start` would build it, with request logging off (it would measure stdout). */
export function benchConfig(): AppConfig {
  return loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
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
function mainThreadCpuMicros(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from the 3rd (state) on
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime: the 14th and 15th
    return Number.isFinite(ticks) ? ticks * 10_000 : undefined;
  } catch {
    return undefined;
  }
}

/** Warms up, then measures the URL for the configured duration and connections. */
export async function measure(options: autocannon.Options): Promise<Result> {
  const { durationSeconds, warmupSeconds } = benchSettings();
  if (warmupSeconds > 0) await load(options, warmupSeconds);
  const cpuBefore = benchSettings().loadWorkers > 0 ? mainThreadCpuMicros() : undefined;
  const result = await load(options, durationSeconds);
  const cpuAfter = cpuBefore === undefined ? undefined : mainThreadCpuMicros();
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

export interface Outcome {
  benchmark: Benchmark;
  app?: Result;
  baseline?: Result;
  error?: unknown;
}

function ratioOf(outcome: Outcome): number | undefined {
  if (!outcome.app || !outcome.baseline || outcome.baseline.requestsPerSecond === 0) return undefined;
  return outcome.app.requestsPerSecond / outcome.baseline.requestsPerSecond;
}

function verdict(outcome: Outcome): string {
  if (outcome.error) return 'crashed';
  if (outcome.app!.failures > 0 || outcome.baseline!.failures > 0) return 'invalid (failures)';
  return ratioOf(outcome)! >= outcome.benchmark.goal ? 'yes' : 'NO';
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(n < 10 ? 1 : 0);

export function printTable(outcomes: Outcome[]): void {
  const header = ['benchmark', 'side', 'req/s (avg)', 'p99 ms', 'mean ms', 'requests', 'failures', 'cpu µs/req', 'app/bare req/s', 'goal', 'met'];
  const rows: string[][] = [];
  for (const outcome of outcomes) {
    const { name, goal } = outcome.benchmark;
    const ratio = ratioOf(outcome);
    const goalText = `≥ ${goal.toFixed(2)}×`;
    if (outcome.error) {
      rows.push([name, '-', '-', '-', '-', '-', '-', '-', '-', goalText, verdict(outcome)]);
      continue;
    }
    const side = (r: Result) => [
      whole(r.requestsPerSecond),
      ms(r.p99Ms),
      ms(r.meanLatencyMs),
      whole(r.requests),
      whole(r.failures),
      r.cpuMicrosPerRequest === undefined ? '-' : whole(r.cpuMicrosPerRequest),
    ];
    rows.push([name, 'app', ...side(outcome.app!), ratio === undefined ? '-' : `${ratio.toFixed(2)}×`, goalText, verdict(outcome)]);
    rows.push(['', 'bare', ...side(outcome.baseline!), '', '', '']);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const left = new Set([0, 1, header.length - 1]);
  const line = (cells: string[]) =>
    cells.map((cell, i) => (left.has(i) ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('');
  console.log('req/s: mean of the per-second samples; latencies: 2xx answers only; cpu µs/req: CPU time of the');
  console.log('server thread per request, steadier than req/s when other processes share the cores.');
  for (const { benchmark, app, baseline } of outcomes) {
    if (app?.cpuMicrosPerRequest && baseline?.cpuMicrosPerRequest) {
      const times = app.cpuMicrosPerRequest / baseline.cpuMicrosPerRequest;
      console.log(`${benchmark.name}: the app spends ${times.toFixed(2)}× the CPU of the baseline per request.`);
    }
  }
}
