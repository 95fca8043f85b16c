// Bulk issue of certificates, shared by the `certificates` and `certificates-10k` benchmarks: a finalised offering
// seeded by SQL, worker processes started as in production (`node dist/apps/worker/src/main.js`, the bench's
// environment), the API in this process, and the clock from the API call to the last certificate issued. Against it,
// the renderer alone in a loop in this process. Each run uses a Redis prefix of its own (removed afterwards), so that
// no other worker on this Redis takes its jobs.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type pg from 'pg';
import type { AppConfig } from '@amahoro/config/config.js';
import { type CertificatePdfData, renderCertificatePdf } from '@amahoro/certificates/certificate-pdf.js';
import { signCertificateCredential } from '@amahoro/certificates/credentials/credential.js';
import { loadIssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { newSerial } from '@amahoro/domain/certificates/certificate.rules.js';
import { QUEUES } from '@amahoro/queue/jobs.js';
import { NO_PASSWORD } from '../apps/api/src/auth/password.js';
import { insertCourse } from './seed.js';
import { batchResult, benchConfig, benchSettings, mainThreadCpuMicros, percentile, type Result } from './support.js';

/** Positions of the revocation list (certificate_status_index_seq): every certificate ever created takes one. */
const STATUS_LIST_SIZE = 131_072;
const COURSE_TITLE = 'Protection of Civilians in United Nations Peace Operations';

// Holder names in several Latin scripts (the font subsets differ with them), combined so that up to 10,800 differ.
const GIVEN = ['Aïcha', 'Jean-Pierre', 'Łukasz', 'Thị Hương', 'Şükrü', 'José', 'Zoë', 'Ngozi', 'Émilie', 'Erzsébet', 'Oluwaseun', 'Søren',
  'Chiara', 'Mehmet', 'Françoise', 'Nguyễn Văn', 'Agnieszka', 'Mamadou', 'Inés', 'Tomáš', 'Aroha', 'Kwame', 'Ioana', 'Dũng', 'Bjørn',
  'Claudine', 'Ahmad', 'Siobhán', 'Raúl', 'Nadège'];
const FAMILY = ['Uwimana', 'Habimana', 'Wiśniewski', 'Öztürk', 'Martínez Peña', 'Ødegaard', 'Okonkwo', 'Côté', 'Kővári', 'Adébáyọ̀',
  'Nørgaard', 'Bianchi', 'Yılmaz', 'Lefèvre', 'Trần', 'Kowalczyk', 'Diallo', 'Núñez', 'Dvořák', 'Ngata', 'Mensah', 'Popescu', 'Phạm',
  'Lindqvist', 'Mukamana', 'Haddad', 'Ó Súilleabháin', 'Gutiérrez', 'Niyonzima', 'Kagame-Mugisha'];
const SECOND = ['', 'Marie', 'Ana', 'Hiền', 'Olúwadámilọ́lá', 'Grzegorz', 'Ngọc', 'Ülkü', 'Solène', 'Dorothée', 'Ijeoma', 'Ágúst'];

export function holderName(i: number): string {
  const second = SECOND[Math.floor(i / (GIVEN.length * FAMILY.length)) % SECOND.length]!;
  const given = GIVEN[i % GIVEN.length]!;
  return `${given}${second ? ` ${second}` : ''} ${FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length]!}`;
}

export interface Course {
  id: string;
  code: string;
}

/** Fails before any work when the revocation list has fewer positions left than the run will take. */
export async function assertStatusListRoom(db: pg.Pool, needed: number): Promise<number> {
  const { rows } = await db.query<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM certificate_status_index_seq');
  const used = rows[0]!.is_called ? Number(rows[0]!.last_value) + 1 : 0;
  const left = STATUS_LIST_SIZE - used;
  if (left < needed) {
    throw new Error(
      `this database has ${left.toLocaleString('en-US')} revocation-list positions left (certificate_status_index_seq, ` +
        `${STATUS_LIST_SIZE.toLocaleString('en-US')} per database, one per certificate ever created) and the run needs ` +
        `${needed.toLocaleString('en-US')}: point DATABASE_URL at a fresh database`,
    );
  }
  return left;
}

/** `count` trainees with varied names (no password: they never log in). */
export async function insertTrainees(db: pg.Pool, tag: string, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, i) => holderName(i));
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO users (email, password_hash, full_name, role)
     SELECT format('bench-%s-holder-%s@bench.amahoro.org', lower($1::text), t.i), $2, t.name, 'trainee'
       FROM unnest($3::text[]) WITH ORDINALITY AS t (name, i)
      ORDER BY t.i
     RETURNING id`,
    [tag, NO_PASSWORD, names],
  );
  return rows.map((row) => row.id);
}

export async function insertCertificateCourse(db: pg.Pool, code: string): Promise<Course> {
  return { id: await insertCourse(db, code, COURSE_TITLE), code };
}

/** A finalised offering (ended three days ago) where each trainee completed with 80. */
export async function insertFinalisedOffering(db: pg.Pool, course: Course, trainees: string[]): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO offerings (course_id, starts_on, ends_on, location, capacity, seats_taken, enrollment_opens_at, enrollment_closes_at,
                            approval_mode, completed_at)
     VALUES ($1, current_date - 14, current_date - 3, 'Musanze, Rwanda', $2, $2, now() - interval '40 days', now() - interval '20 days',
             'auto', now())
     RETURNING id`,
    [course.id, trainees.length],
  );
  const offeringId = rows[0]!.id;
  await db.query(`INSERT INTO enrollments (offering_id, user_id, status, final_score) SELECT $1, unnest($2::uuid[]), 'completed', 80`, [
    offeringId,
    trainees,
  ]);
  return offeringId;
}

/** What the worker renders for a certificate of the course, as it would render it today. */
export function pdfInputs(config: AppConfig, course: Course, count: number): CertificatePdfData[] {
  const issuedOn = new Date().toISOString().slice(0, 10);
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: count }, (_, i) => {
    const serial = newSerial();
    return {
      academyName: config.certificates.academyName,
      holderName: holderName(i),
      courseTitle: COURSE_TITLE,
      courseCode: course.code,
      startsOn: day(14),
      endsOn: day(3),
      durationHours: 40,
      issuedOn,
      serial,
      verificationUrl: `${config.publicBaseUrl}/verify/${serial}`,
    };
  });
}

export interface Rendered {
  /** Certificates per second of wall time; cpu: of the whole process (all threads, as for the workers) per certificate. */
  result: Result;
  /** CPU time of the thread that renders (this one) per certificate, µs: the work of one core, whatever else runs. */
  threadMicrosPerCertificate?: number;
}

/**
 * The renderer alone (with `sign`, PDF and credential at once, as the worker makes them), one certificate after the
 * other in this process.
 */
export async function renderLoop(config: AppConfig, inputs: CertificatePdfData[], sign: boolean, warmup = 50): Promise<Rendered> {
  const keys = sign ? await loadIssuerKeys({ signingKeyJwk: config.certificates.signingKeyJwk, dataDir: config.dataDir }) : undefined;
  const one = async (data: CertificatePdfData, index: number): Promise<void> => {
    const pdf = renderCertificatePdf(data);
    if (!keys) {
      await pdf;
      return;
    }
    await Promise.all([
      pdf,
      signCertificateCredential(
        {
          certificateId: randomUUID(),
          serial: data.serial,
          holderName: data.holderName,
          courseTitle: data.courseTitle,
          courseCode: data.courseCode,
          courseSummary: 'Seeded by the benchmark.',
          durationHours: data.durationHours,
          startsOn: data.startsOn,
          endsOn: data.endsOn,
          completedOn: data.endsOn,
          issuedAt: new Date(),
          statusListIndex: index % STATUS_LIST_SIZE,
          academyName: data.academyName,
          verificationUrl: data.verificationUrl,
        },
        keys,
        config.publicBaseUrl,
      ),
    ]);
  };
  if (benchSettings().warmupSeconds > 0) for (let i = 0; i < Math.min(warmup, inputs.length); i++) await one(inputs[i]!, i);
  const latenciesMs: number[] = [];
  const cpuBefore = process.cpuUsage();
  const threadBefore = mainThreadCpuMicros();
  const started = performance.now();
  for (const [index, data] of inputs.entries()) {
    const at = performance.now();
    await one(data, index);
    latenciesMs.push(performance.now() - at);
  }
  const elapsedMs = performance.now() - started;
  const threadAfter = mainThreadCpuMicros();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    result: batchResult({ latenciesMs, failures: 0, elapsedMs, cpuMicros: cpu.user + cpu.system }),
    threadMicrosPerCertificate: threadBefore === undefined || threadAfter === undefined ? undefined : (threadAfter - threadBefore) / inputs.length,
  };
}

/** A Redis prefix of this run's own (REDIS_PREFIX of the API and the workers). */
export function runPrefix(tag: string): string {
  return `amahoro-bench-${tag.toLowerCase()}`;
}

/** Deletes every key under the prefix: the run's queues and jobs. */
export async function removeRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
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

/** User + system CPU time of a whole process (all its threads), in µs (Linux: /proc, ticks of 1/100 s). */
export function processCpuMicros(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10_000 : undefined;
  } catch {
    return undefined;
  }
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** The last 20,000 characters it wrote (warnings and errors only: LOG_LEVEL=warn). */
  output: () => string;
  exitCode: () => number | null;
  exited: Promise<number | null>;
  /** RSS in kB, sampled every 200 ms from its start. */
  rss: { peakKb: number; lastKb: number; samples: number };
}

/**
 * `count` worker processes, as `npm run start:worker` runs them, with this process's environment and the run's Redis
 * prefix; their RSS sampled every 200 ms until they exit.
 */
export function startWorkers(count: number, redisPrefix: string, concurrency: string): WorkerProcess[] {
  const script = fileURLToPath(new URL('../apps/worker/src/main.js', import.meta.url));
  return Array.from({ length: count }, () => {
    const env = { ...process.env, LOG_LEVEL: 'warn', REDIS_PREFIX: redisPrefix, WORKER_CONCURRENCY: concurrency };
    const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const rss = { peakKb: 0, lastKb: 0, samples: 0 };
    const sample = () => {
      const kb = child.pid === undefined ? undefined : rssKb(child.pid);
      if (kb === undefined) return;
      rss.lastKb = kb;
      rss.peakKb = Math.max(rss.peakKb, kb);
      rss.samples++;
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

export interface Issued {
  /** Measured side: certificates per second from the API call to the last one issued; latencies: API call to each one issued. */
  result: Result;
  /** From the API call to the last certificate issued (its row's last update). */
  elapsedMs: number;
  /** How long the API call itself took (it queues a job per certificate). */
  postMs: number;
  issued: number;
  failed: number;
  /** Mean number of this database's connections waiting on an advisory lock (the audit trail's) at the samples. */
  advisoryWaiting: number;
  /** The mean of all connections of this database running a query at the samples. */
  active: number;
  /** The mean of connections of this database inside a transaction but idle: waiting for their client to send the next query. */
  idleInTransaction: number;
}

const PROGRESS_SQL = `
  SELECT count(*) FILTER (WHERE c.status = 'issued')::int AS issued, count(*) FILTER (WHERE c.status = 'failed')::int AS failed,
         (SELECT count(*)::int FROM pg_stat_activity
           WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory') AS advisory_waiting,
         (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()) AS active,
         (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction') AS idle_in_transaction
    FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id
   WHERE e.offering_id = $1`;

/**
 * POST /api/v1/offerings/:id/certificates as the admin, then waits until every certificate of the offering is issued
 * or failed (polled by SQL every 200 ms: light on the two cores), or until none moves for 60 s.
 */
export async function issueAndWait(apiUrl: string, token: string, db: pg.Pool, offeringId: string, expected: number, workers: WorkerProcess[]): Promise<Issued> {
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
      PROGRESS_SQL,
      [offeringId],
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
  };
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

/** Certificates queued in this database by someone else: a worker started now would issue them too (it re-sends them). */
export async function queuedElsewhere(db: pg.Pool): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM certificates WHERE status = 'queued'`);
  return rows[0]!.n;
}

export const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** What the samples of pg_stat_activity saw during a batch, in words. */
export function describeConnections(issued: Issued): string {
  return (
    `PostgreSQL connections of this database, mean of the samples: ${issued.active.toFixed(1)} running a query, of which ` +
    `${issued.advisoryWaiting.toFixed(1)} waiting on an advisory lock (the audit trail's), ${issued.idleInTransaction.toFixed(1)} idle in a ` +
    'transaction (waiting for their worker to send the next query)'
  );
}
