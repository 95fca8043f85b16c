// Bulk issue of certificates, shared by the `certificates` and `certificates-10k` benchmarks: the API in this process
// queues a finalised offering's certificates (issuing-seed.ts), the worker processes (issuing-workers.ts) issue them,
// and the clock runs from the API call to the last certificate issued. Against it, the renderer alone in a loop
// (issuing-render.ts).
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { AppConfig } from '@amahoro/config/config.js';
import { WARMUP_CERTIFICATES } from './issuing-render.js';
import { type Course, insertFinalisedOffering } from './issuing-seed.js';
import { backendCpuMicros, cpuSpent, processCpuMicros, redisCpuMicros, threadCpuMicros, threadWaitMicros, type WorkerProcess } from './issuing-workers.js';
import { batchResult, benchConfig, benchSettings, percentile, type Result } from './support.js';

export interface Issued {
  /** Measured side: certificates per second from the API call to the last one issued; latencies: API call to each one issued. */
  result: Result;
  /** From the API call to the last certificate issued (its row's last update). */
  elapsedMs: number;
  /** How long the API call itself took (it queues the certificates and their jobs, eight to a job). */
  postMs: number;
  issued: number;
  failed: number;
  /** Mean number of this database's connections waiting on an advisory lock (the audit trail's) at the samples. */
  advisoryWaiting: number;
  /** The mean of all connections of this database running a query at the samples. */
  active: number;
  /** The mean of connections of this database inside a transaction but idle: waiting for their client to send the next query. */
  idleInTransaction: number;
  /** CPU µs per certificate issued, during the batch: see `describeCpu`. */
  cpuPerCertificate: { workers?: number; busiestThreads: [number, number]; postgres: number; redis?: number };
  /** The render threads (each worker's busiest) during the batch: how many, and µs they waited for a core, summed (undefined: not known here). */
  renderThreads: { count: number; waitedMicros?: number };
}

/** The CPU µs of each thread of the workers, of this database's PostgreSQL backends, and of Redis, at one moment. */
async function cpuNow(db: pg.Pool, redisUrl: string, workers: WorkerProcess[]) {
  return {
    threads: workers.map((w) => threadCpuMicros(w.pid)),
    waits: workers.map((w) => threadWaitMicros(w.pid)),
    postgres: await backendCpuMicros(db),
    redis: await redisCpuMicros(redisUrl),
  };
}

type CpuReading = Awaited<ReturnType<typeof cpuNow>>;

/** Each worker's threads between two readings as [thread id, CPU µs spent], busiest first: its render thread, then its worker thread. */
function threadsByCpu(before: CpuReading, after: CpuReading): Array<Array<[string, number]>> {
  return after.threads.map((threads, i) =>
    [...threads].map(([tid, micros]): [string, number] => [tid, micros - (before.threads[i]!.get(tid) ?? 0)]).toSorted((a, b) => b[1] - a[1]),
  );
}

/** Per certificate between two readings. */
function cpuPerCertificate(before: CpuReading, after: CpuReading, byCpu: Array<Array<[string, number]>>, issued: number): Issued['cpuPerCertificate'] {
  const per = (micros: number) => (issued ? micros / issued : 0);
  const postgres = cpuSpent(before.postgres, after.postgres);
  return {
    busiestThreads: [0, 1].map((rank) => per(byCpu.reduce((sum, threads) => sum + Math.max(0, threads[rank]?.[1] ?? 0), 0))) as [number, number],
    postgres: per(postgres),
    redis: after.redis === undefined || before.redis === undefined ? undefined : per(after.redis - before.redis),
  };
}

/** µs each worker's busiest thread (its render thread) waited for a core between two readings, summed. */
function renderThreadsWaited(before: CpuReading, after: CpuReading, byCpu: Array<Array<[string, number]>>): number | undefined {
  let waited: number | undefined = 0;
  byCpu.forEach((threads, i) => {
    const tid = threads[0]?.[0];
    const now = tid === undefined ? undefined : after.waits[i]!.get(tid);
    waited = now === undefined || waited === undefined ? undefined : waited + now - (before.waits[i]!.get(tid!) ?? 0);
  });
  return waited;
}

// Polled every 200 ms during the batch, on the backends it measures: one pass over pg_stat_activity (three subqueries
// cost ~1 ms of planning a poll) and a prepared statement (PROGRESS), so the poller takes little of PostgreSQL's CPU.
const PROGRESS_SQL = `
  SELECT p.issued, p.failed, a.advisory_waiting, a.active, a.idle_in_transaction
    FROM (SELECT count(*) FILTER (WHERE c.status = 'issued')::int AS issued, count(*) FILTER (WHERE c.status = 'failed')::int AS failed
            FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id
           WHERE e.offering_id = $1) p,
         (SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory')::int AS advisory_waiting,
                 count(*) FILTER (WHERE state = 'active' AND pid <> pg_backend_pid())::int AS active,
                 count(*) FILTER (WHERE state = 'idle in transaction')::int AS idle_in_transaction
            FROM pg_stat_activity WHERE datname = current_database()) a`;

/**
 * Certificates each worker issues before it is measured: WARMUP_CERTIFICATES, at most `atMost`, none with
 * BENCH_WARMUP=0. A fresh worker renders its first several hundred far slower, and its heaps grow to their limits over
 * its first ~2,500 (RSS ~120 MB when ready, ~172 MB after 2,500, 185-188 MB from then on): measured cold, a worker was
 * measured warming up (scale-out's 2 workers "shrank" to 0.72× of 1; the 10,000's memory "was not flat").
 */
export function warmupPerWorker(atMost = WARMUP_CERTIFICATES): number {
  return benchSettings().warmupSeconds > 0 ? Math.min(WARMUP_CERTIFICATES, atMost) : 0;
}

/** The warm-up of a set of workers: an offering of `count` certificates per worker. */
export interface WorkerWarmup {
  count: number;
  offeringIds: string[];
}

/** An offering per worker, each of the first warmupPerWorker() of `trainees` (none without warm-up). */
export async function seedWorkerWarmup(db: pg.Pool, course: Course, trainees: string[], workers: number): Promise<WorkerWarmup> {
  const count = warmupPerWorker(trainees.length);
  const offeringIds = await Promise.all(Array.from({ length: count ? workers : 0 }, () => insertFinalisedOffering(db, course, trainees.slice(0, count))));
  return { count, offeringIds };
}

/** Issues the warm-up's offerings one after the other (the workers share each), not measured. */
export async function warmUpWorkers(apiUrl: string, token: string, db: pg.Pool, warmup: WorkerWarmup, workers: WorkerProcess[]): Promise<void> {
  for (const offeringId of warmup.offeringIds) await issueAndWait(apiUrl, token, db, offeringId, warmup.count, workers);
}

/**
 * POST /api/v1/offerings/:id/certificates as the admin, then waits until every certificate of the offering is issued
 * or failed (polled by SQL every 200 ms: light on the two cores), or until none moves for 60 s.
 */
export async function issueAndWait(apiUrl: string, token: string, db: pg.Pool, offeringId: string, expected: number, workers: WorkerProcess[]): Promise<Issued> {
  const { redisUrl } = benchConfig();
  const splitBefore = await cpuNow(db, redisUrl, workers);
  const cpuBefore = workers.map((w) => processCpuMicros(w.pid));
  const startedAtMs = Date.now();
  const started = performance.now();
  const response = await fetch(`${apiUrl}/api/v1/offerings/${offeringId}/certificates`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const answer = await response.text();
  const postMs = performance.now() - started;
  if (response.status !== 202) throw new Error(`POST …/certificates answered ${response.status} ${answer.slice(0, 500)}`);
  const { queued } = JSON.parse(answer) as { queued: number };
  if (queued !== expected) throw new Error(`POST …/certificates queued ${queued}, expected ${expected}: ${answer}`);

  let progress = { issued: 0, failed: 0 };
  let lastMove = performance.now();
  const waiting: number[] = [];
  const active: number[] = [];
  const idleInTransaction: number[] = [];
  while (progress.issued + progress.failed < expected) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { rows } = await db.query<{ issued: number; failed: number; advisory_waiting: number; active: number; idle_in_transaction: number }>(
      { name: 'bench-certificates-progress', text: PROGRESS_SQL, values: [offeringId] },
    );
    const now = rows[0]!;
    waiting.push(now.advisory_waiting);
    active.push(now.active);
    idleInTransaction.push(now.idle_in_transaction);
    if (now.issued + now.failed > progress.issued + progress.failed) lastMove = performance.now();
    progress = now;
    const dead = workers.find((w) => w.exitCode() !== null);
    if (dead) throw new Error(`a worker exited (${dead.exitCode()}) during the batch:\n${dead.output()}`);
    if (performance.now() - lastMove > 60_000) {
      console.error(`  certificates: stuck at ${progress.issued} issued, ${progress.failed} failed of ${expected} for 60 s`);
      break;
    }
  }
  const cpuAfter = workers.map((w) => processCpuMicros(w.pid));
  const splitAfter = await cpuNow(db, redisUrl, workers);
  const byCpu = threadsByCpu(splitBefore, splitAfter);
  // The end: the last certificate's update (its transaction's start, just before its commit), on the same clock.
  const { rows } = await db.query<{ ms: number }>(
    `SELECT extract(epoch FROM c.updated_at) * 1000 - $2 AS ms
       FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id
      WHERE e.offering_id = $1 AND c.status = 'issued'`,
    [offeringId, startedAtMs],
  );
  const latenciesMs = rows.map((row) => Number(row.ms));
  const elapsedMs = Math.max(postMs, percentile(latenciesMs, 100));
  const cpuMicros = cpuBefore.every((c) => c !== undefined) && cpuAfter.every((c) => c !== undefined)
    ? cpuAfter.reduce((sum, c, i) => sum + c! - cpuBefore[i]!, 0)
    : undefined;
  const mean = (values: number[]) => (values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : 0);
  return {
    result: batchResult({ latenciesMs, failures: expected - latenciesMs.length, elapsedMs, cpuMicros }),
    elapsedMs,
    postMs,
    issued: latenciesMs.length,
    failed: progress.failed,
    advisoryWaiting: mean(waiting),
    active: mean(active),
    idleInTransaction: mean(idleInTransaction),
    cpuPerCertificate: { ...cpuPerCertificate(splitBefore, splitAfter, byCpu, latenciesMs.length), workers: cpuMicros === undefined ? undefined : cpuMicros / Math.max(1, latenciesMs.length) },
    renderThreads: { count: workers.length, waitedMicros: renderThreadsWaited(splitBefore, splitAfter, byCpu) },
  };
}

/**
 * Where the CPU of a batch went, per certificate, in words: the worker processes (of which their busiest thread, the
 * render thread, and the next, the worker thread; the rest is the process's main thread and V8's helper threads,
 * mostly garbage collection), this database's PostgreSQL backends (the workers', the
 * API's and this poller's) and Redis (all its clients: other users of a shared Redis too). The machine's cores serve
 * them all.
 */
export function describeCpu(issued: Issued): string {
  const { workers, busiestThreads, postgres, redis } = issued.cpuPerCertificate;
  const [first, second] = busiestThreads;
  const n = (micros: number | undefined) => (micros === undefined ? '?' : Math.round(micros).toLocaleString('en-US'));
  return (
    `CPU µs per certificate: worker processes ${n(workers)} (their busiest threads ${n(first)} and ${n(second)}, other threads ` +
    `${workers === undefined ? '?' : n(workers - first - second)}), PostgreSQL ${n(postgres)}, Redis ${n(redis)}${describeRenderThreads(issued)}`
  );
}

/**
 * How the render threads spent the batch (from the POST to the last issue): running, runnable but waiting for a core
 * (taken by the worker thread, PostgreSQL, the API, V8's compiler threads…), or idle, waiting for work (the first
 * jobs' arrival included). The readings begin just before the POST and end up to one poll (200 ms) after the last
 * issue, when the render threads have nothing to do.
 */
function describeRenderThreads(issued: Issued): string {
  const { count, waitedMicros } = issued.renderThreads;
  // busiestThreads[0] is the render threads' CPU per certificate issued.
  const ranMicros = issued.cpuPerCertificate.busiestThreads[0] * issued.issued;
  if (waitedMicros === undefined || count === 0 || issued.elapsedMs <= 0) return '';
  const batch = count * issued.elapsedMs * 1000;
  const share = (micros: number) => `${Math.round((100 * micros) / batch)} %`;
  return `; the render thread${count > 1 ? 's' : ''} over the batch: ran ${share(ranMicros)}, waited for a core ${share(waitedMicros)}, idle ${share(Math.max(0, batch - ranMicros - waitedMicros))}`;
}

/** Whether the API's own progress view shows every certificate issued, in words. */
export async function checkThroughApi(apiUrl: string, token: string, offeringId: string, expected: number, side: string): Promise<string> {
  const response = await fetch(`${apiUrl}/api/v1/offerings/${offeringId}/certificates`, { headers: { authorization: `Bearer ${token}` } });
  const body = (await response.json()) as { items: unknown[]; counts: Record<string, number> };
  const { counts } = body;
  const right = response.status === 200 && counts.issued === expected && counts.queued === 0 && counts.failed === 0 && body.items.length === expected;
  const n = (count = 0) => count.toLocaleString('en-US');
  return (
    `${side}: GET …/certificates shows ${n(counts.issued)} issued, ${n(counts.queued)} queued, ${n(counts.failed)} failed of ` +
    `${n(expected)}: ${right ? 'right.' : 'WRONG.'}`
  );
}

/** The bench's configuration with the run's Redis prefix: the API in this process and the workers share it. */
export function issuingConfig(redisPrefix: string): AppConfig {
  return { ...benchConfig(), redisPrefix };
}

/** What the samples of pg_stat_activity saw during a batch, in words. */
export function describeConnections(issued: Issued): string {
  return (
    `PostgreSQL connections of this database, mean of the samples: ${issued.active.toFixed(1)} running a query, of which ` +
    `${issued.advisoryWaiting.toFixed(1)} waiting on an advisory lock (the audit trail's), ${issued.idleInTransaction.toFixed(1)} idle in a ` +
    'transaction (waiting for their worker to send the next query)'
  );
}
