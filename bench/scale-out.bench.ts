// The README's scale-out story, measured: API and worker processes (`npm run start:api`, `npm run start:worker`)
// sharing one PostgreSQL and one Redis. First 1 API + 1 worker, then 2 APIs + 2 workers: the anonymous catalog
// loaded on every API at once (the table's rows: requests per second of all of them); trainees enrolling under
// contention into one offering of fewer seats, their requests dealt round-robin to the APIs; a bulk issue of
// certificates that the workers share. Throughput should grow with the processes, and the result stay exact:
// every seat taken once, the rest waitlisted, each certificate issued once.
import type pg from 'pg';
import { createApi } from '../apps/api/src/api.js';
import { type ApiProcess, startApis, stopApis } from './api-processes.js';
import { CATALOG_PATH, seedCatalog } from './catalog.bench.js';
import type { PlannedRequest } from './batch.js';
import { assertStatusListRoom, type Course, insertCertificateCourse, insertFinalisedOffering, insertTrainees } from './issuing-seed.js';
import { processCpuMicros, removeRedisKeys, runPrefix, startWorkers, stopWorkers, waitForWorkers } from './issuing-workers.js';
import { issueAndWait, issuingConfig, seedWorkerWarmup, warmUpWorkers, warmupPerWorker, type WorkerWarmup } from './issuing.js';
import { insertCourse, insertOffering, insertUsers, issueTokens, runTag } from './seed.js';
import { type Benchmark, batchResult, benchPool, benchSettings, measure, type Result, sendRequests } from './support.js';

const TRAINEES = 400;
const SEATS = 150;
/** Enrolments sent before the measured ones (on an offering of their own): the APIs' JIT, pools and caches. */
const WARMUP = 50;
const CONCURRENCY = 20;
const CERTIFICATES = 1000;
/** Seconds of catalog load on each setup (shorter than the other benchmarks': two setups, each starting processes). */
const CATALOG_SECONDS = 5;

const n = (value: number) => Math.round(value).toLocaleString('en-US');

interface Setup {
  processes: number;
  label: string;
  warmupOfferingId: string;
  offeringId: string;
  /** A token per trainee: the warm-up's first, then the measured ones'. */
  tokens: string[];
  certificateOfferingId: string;
  /** Issued before the measured certificates, as in the certificates benchmark. */
  certificateWarmup: WorkerWarmup;
}

interface Run {
  catalog: Result;
  enrolment: Result;
  certificates: Result;
  notes: string[];
  right: boolean;
}

/** The requests dealt round-robin to the APIs, CONCURRENCY in flight in all; the APIs' CPU per enrolment. */
async function enrol(apis: ApiProcess[], offeringId: string, tokens: string[]): Promise<{ result: Result; statuses: Map<number, number> }> {
  const requests: PlannedRequest[] = tokens.map((token) => ({ method: 'POST', path: `/api/v1/offerings/${offeringId}/enrollments`, token }));
  const cpuBefore = apis.map((api) => processCpuMicros(api.pid) ?? 0);
  const sent = await Promise.all(
    apis.map((api, i) => sendRequests(api.url, requests.filter((_, index) => index % apis.length === i), { concurrency: CONCURRENCY / apis.length })),
  );
  const cpuMicros = apis.reduce((sum, api, i) => sum + (processCpuMicros(api.pid) ?? 0) - cpuBefore[i]!, 0);
  const statuses = new Map<number, number>();
  for (const status of sent.flatMap((s) => s.statuses)) statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const result = batchResult({
    latenciesMs: sent.flatMap((s) => s.latenciesMs.filter((_, i) => s.ok[i])),
    failures: sent.reduce((sum, s) => sum + s.ok.filter((ok) => !ok).length, 0),
    // They start together: the batch lasts as long as the slowest API's share.
    elapsedMs: Math.max(...sent.map((s) => s.elapsedMs)),
    cpuMicros,
  });
  return { result, statuses };
}

/** The catalog loaded on every API at once, the connections shared out; their sum, their CPU per request. */
async function loadCatalog(apis: ApiProcess[]): Promise<Result> {
  const { connections, warmupSeconds, durationSeconds } = benchSettings();
  const each = await Promise.all(
    apis.map((api) =>
      measure(
        { url: `${api.url}${CATALOG_PATH}`, connections: Math.max(1, Math.round(connections / apis.length)) },
        { serverCpuMicros: () => processCpuMicros(api.pid), durationSeconds: Math.min(durationSeconds, CATALOG_SECONDS), warmupSeconds: Math.min(warmupSeconds, 1) },
      ),
    ),
  );
  const requests = each.reduce((sum, r) => sum + r.requests, 0);
  const cpu = each.every((r) => r.cpuMicrosPerRequest !== undefined) ? each.reduce((sum, r) => sum + r.cpuMicrosPerRequest! * r.requests, 0) : undefined;
  return {
    requestsPerSecond: each.reduce((sum, r) => sum + r.requestsPerSecond, 0),
    p99Ms: Math.max(...each.map((r) => r.p99Ms)),
    meanLatencyMs: requests ? each.reduce((sum, r) => sum + r.meanLatencyMs * r.requests, 0) / requests : 0,
    requests,
    cpuMicrosPerRequest: cpu === undefined || requests === 0 ? undefined : cpu / requests,
    failures: each.reduce((sum, r) => sum + r.failures, 0),
  };
}

/** Seats taken exactly (as many approved as seats, the others waitlisted, one enrolment each); each certificate issued once. */
async function check(db: pg.Pool, setup: Setup): Promise<{ note: string; right: boolean }> {
  const seats = (
    await db.query<{ seats_taken: number; approved: number; waitlisted: number; other: number; trainees: number }>(
      `SELECT o.seats_taken, count(*) FILTER (WHERE e.status = 'approved')::int AS approved,
              count(*) FILTER (WHERE e.status = 'waitlisted')::int AS waitlisted,
              count(*) FILTER (WHERE e.status NOT IN ('approved', 'waitlisted'))::int AS other, count(DISTINCT e.user_id)::int AS trainees
         FROM offerings o JOIN enrollments e ON e.offering_id = o.id WHERE o.id = $1 GROUP BY o.id`,
      [setup.offeringId],
    )
  ).rows[0]!;
  const issued = (
    await db.query<{ certificates: number; issued: number; audited_once: number }>(
      `SELECT count(*)::int AS certificates, count(*) FILTER (WHERE c.status = 'issued')::int AS issued,
              count(*) FILTER (WHERE (SELECT count(*) FROM audit_log a WHERE a.action = 'certificate.issued' AND a.entity_id = c.id::text) = 1)::int AS audited_once
         FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.offering_id = $1`,
      [setup.certificateOfferingId],
    )
  ).rows[0]!;
  const seatsRight = seats.seats_taken === SEATS && seats.approved === SEATS && seats.waitlisted === TRAINEES - SEATS && seats.other === 0 && seats.trainees === TRAINEES;
  const certificatesRight = issued.certificates === CERTIFICATES && issued.issued === CERTIFICATES && issued.audited_once === CERTIFICATES;
  return {
    right: seatsRight && certificatesRight,
    note:
      `${setup.label}: ${n(seats.seats_taken)}/${n(SEATS)} seats taken, ${n(seats.approved)} approved, ${n(seats.waitlisted)} waitlisted of ` +
      `${n(TRAINEES)} (one enrolment each: ${seats.trainees === TRAINEES ? 'yes' : 'NO'}); ${n(issued.issued)} of ${n(CERTIFICATES)} certificates ` +
      `issued in ${n(issued.certificates)} rows, ${n(issued.audited_once)} audited exactly once: ${seatsRight && certificatesRight ? 'right.' : 'WRONG.'}`,
  };
}

async function runSetup(db: pg.Pool, setup: Setup, redisPrefix: string, adminToken: string): Promise<Run> {
  const config = issuingConfig(redisPrefix);
  const workers = startWorkers(setup.processes, redisPrefix);
  let apis: ApiProcess[] = [];
  try {
    apis = await startApis(setup.processes, redisPrefix);
    await waitForWorkers(config, workers);
    const catalog = await loadCatalog(apis);
    await enrol(apis, setup.warmupOfferingId, setup.tokens.slice(0, WARMUP));
    const { result: enrolment, statuses } = await enrol(apis, setup.offeringId, setup.tokens.slice(WARMUP));
    const issuingApi = apis[apis.length - 1]!.url;
    await warmUpWorkers(issuingApi, adminToken, db, setup.certificateWarmup, workers);
    const certificates = await issueAndWait(issuingApi, adminToken, db, setup.certificateOfferingId, CERTIFICATES, workers);
    const cpu = workers.map((w) => `${((processCpuMicros(w.pid) ?? 0) / 1e6).toFixed(1)} s`).join(', ');
    const { note, right } = await check(db, setup);
    const answered = [...statuses].map(([status, count]) => `${n(count)} × ${status}`).join(', ');
    return {
      catalog,
      enrolment,
      certificates: certificates.result,
      right,
      notes: [
        `${setup.label}: enrolments ${enrolment.requestsPerSecond.toFixed(0)}/s (APIs' CPU ${n(enrolment.cpuMicrosPerRequest ?? 0)} µs each), answered ${answered}; certificates ${certificates.result.requestsPerSecond.toFixed(0)}/s from the POST to the last issued; worker CPU since start: ${cpu}.`,
        note,
      ],
    };
  } finally {
    await Promise.all([stopApis(apis), stopWorkers(workers)]);
  }
}

async function seedSetup(db: pg.Pool, tag: string, processes: number, course: Course, tokensFor: (count: number) => Promise<string[]>): Promise<Setup> {
  const label = processes === 1 ? '1 API + 1 worker' : `${processes} APIs + ${processes} workers`;
  const enrolmentCourse = await insertCourse(db, `SCL-${tag}-${processes}`, 'Scale-out Enrolment');
  const holders = await insertTrainees(db, `${tag}${processes}`, CERTIFICATES);
  return {
    processes,
    label,
    warmupOfferingId: await insertOffering(db, enrolmentCourse, WARMUP),
    offeringId: await insertOffering(db, enrolmentCourse, SEATS),
    tokens: await tokensFor(WARMUP + TRAINEES),
    certificateOfferingId: await insertFinalisedOffering(db, course, holders),
    certificateWarmup: await seedWorkerWarmup(db, course, holders, processes),
  };
}

export const scaleOutBenchmark: Benchmark = {
  name: 'scale-out',
  sides: { app: '2 APIs + 2 workers', baseline: '1 API + 1 worker' },
  description:
    `catalog load on every API, ${n(TRAINEES)} trainees enrolling into ${n(SEATS)} seats round-robin over the APIs, ${n(CERTIFICATES)} ` +
    'certificates over the workers: 2 API + 2 worker processes vs 1 + 1, on one PostgreSQL and Redis',
  goal: 'report',
  run: async () => {
    const db = benchPool(2);
    const tag = runTag();
    const redisPrefix = runPrefix(tag);
    try {
      await assertStatusListRoom(db, 2 * CERTIFICATES + 3 * warmupPerWorker(CERTIFICATES));
      await seedCatalog(db);
      const course = await insertCertificateCourse(db, `SCC-${tag}`);
      // Tokens are issued by an API in this process, as a login would (the trainees have no password).
      const issuer = await createApi(issuingConfig(redisPrefix));
      let setups: Setup[];
      let adminToken: string;
      try {
        let batch = 0;
        const tokensFor = async (count: number) => issueTokens(issuer, await insertUsers(db, `${tag}${batch++}`, 'trainee', count));
        [adminToken] = (await issueTokens(issuer, await insertUsers(db, tag, 'admin', 1))) as [string];
        setups = [await seedSetup(db, tag, 1, course, tokensFor), await seedSetup(db, tag, 2, course, tokensFor)];
      } finally {
        await issuer.close();
      }
      const [one, two] = [await runSetup(db, setups[0]!, redisPrefix, adminToken), await runSetup(db, setups[1]!, redisPrefix, adminToken)];
      const catalogGrowth = two.catalog.requestsPerSecond / one.catalog.requestsPerSecond;
      const certificateGrowth = two.certificates.requestsPerSecond / one.certificates.requestsPerSecond;
      return {
        app: two.catalog,
        baseline: one.catalog,
        goals: [
          [`catalog req/s with 2 APIs ${catalogGrowth.toFixed(2)}× 1 API (grows: > 1×)`, catalogGrowth > 1],
          [`certificates/s with 2 workers ${certificateGrowth.toFixed(2)}× 1 worker (grows: > 1×)`, certificateGrowth > 1],
          ['seats exact and each certificate issued once, both setups', one.right && two.right],
        ],
        notes: [
          `a request is one GET ${CATALOG_PATH} (${CATALOG_SECONDS} s on each setup, the connections shared out between the APIs); ` +
            'cpu µs/req: of the API processes. Enrolments (one offering: its row lock, not the APIs, sets their pace) check correctness ' +
            'across processes. The machine has 2 cores shared with PostgreSQL, Redis and the load: growth is bounded by what is left of them.',
          ...one.notes,
          ...two.notes,
        ],
      };
    } finally {
      await db.end();
      await removeRedisKeys(issuingConfig(redisPrefix).redisUrl, redisPrefix);
    }
  },
};
