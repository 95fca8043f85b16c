// The academy summary over 100,000 enrolments: GET /api/v1/reports/summary?from=&to= as an admin through the whole
// app (JWT check, guards, validation, a read-only repeatable-read transaction, the courses query, the grouped report
// query, its rows arranged per course and breakdown, ~1,500 groups of JSON) against the same grouped SQL (the
// exported SUMMARY_SQL) run bare on pg. One request at a time, ROUNDS per side.
// The data — 20 courses × 50 offerings in 2019 × 100 enrolments of 10,000 trainees of mixed gender, category and
// nationality, every status, certificates in some offerings — is seeded by SQL once per database (its course codes
// start with SEED_PREFIX) and reused by later runs in a database named by DATABASE_URL (the default one starts empty).
import pg from 'pg';
import { createApi } from '../apps/api/src/api.js';
import { SUMMARY_SQL } from '../apps/api/src/reports/reports.repository.js';
import { NO_PASSWORD } from '../apps/api/src/auth/password.js';
import type { PlannedRequest } from './batch.js';
import { insertUsers, issueTokens, runTag } from './seed.js';
import { type Benchmark, batchResult, benchConfig, benchPool, benchSettings, mainThreadCpuMicros, type Result, sendRequests, urlOf } from './support.js';

const SEED_PREFIX = 'SUM100K-';
const COURSES = 20;
const OFFERINGS_PER_COURSE = 50;
const ENROLMENTS_PER_OFFERING = 100;
const TRAINEES = 10_000;
const ENROLMENTS = COURSES * OFFERINGS_PER_COURSE * ENROLMENTS_PER_OFFERING;
/** The offerings run weekly through 2019: this range covers them all, and none of the other benchmarks' data. */
const FROM = '2019-01-01';
const TO = '2019-12-31';
const ROUNDS = 10;
const WARMUP_ROUNDS = 2;

const NATIONALITIES = [
  'RWA', 'BDI', 'KEN', 'UGA', 'TZA', 'COD', 'ETH', 'GHA', 'NGA', 'SEN', 'MLI', 'NER', 'TCD', 'CMR', 'ZAF', 'ZMB', 'MWI', 'EGY', 'MAR', 'TUN',
  'BGD', 'PAK', 'IND', 'NPL', 'IDN', 'CHN', 'FRA', 'DEU', 'NOR', 'SWE', 'IRL', 'CAN', 'BRA', 'URY', 'GTM', 'FJI', 'JOR', 'TUR', 'UKR', 'NLD',
];

const n = (value: number) => Math.round(value).toLocaleString('en-US');

/** Every enrolment of the seeded courses. */
async function seededEnrolments(db: pg.PoolClient | pg.Pool): Promise<{ courses: number; enrolments: number }> {
  const { rows } = await db.query<{ courses: number; enrolments: number }>(
    `SELECT (SELECT count(*)::int FROM courses WHERE code LIKE $1 || '%') AS courses,
            (SELECT count(*)::int FROM enrollments e JOIN offerings o ON o.id = e.offering_id JOIN courses c ON c.id = o.course_id
              WHERE c.code LIKE $1 || '%') AS enrolments`,
    [SEED_PREFIX],
  );
  return rows[0]!;
}

const SEED_STATEMENTS = [
  // 10,000 trainees: ~35% women, some without gender, category or nationality (reported as 'unknown').
  `INSERT INTO users (email, password_hash, full_name, role, gender, category, nationality)
   SELECT format('bench-sum100k-%s@bench.amahoro.org', lpad(i::text, 5, '0')), $1::text, format('Summary Trainee %s', i), 'trainee',
          CASE WHEN h < 5 THEN NULL WHEN h < 40 THEN 'female' WHEN h < 94 THEN 'male' WHEN h < 96 THEN 'other' ELSE 'undisclosed' END,
          CASE WHEN i % 10 = 0 THEN NULL WHEN i % 10 < 5 THEN 'military' WHEN i % 10 < 8 THEN 'police' ELSE 'civilian' END,
          CASE WHEN i % 23 = 0 THEN NULL ELSE ($2::text[])[1 + (i * 13) % cardinality($2::text[])] END
     FROM generate_series(0, ${TRAINEES - 1}) AS i, LATERAL (SELECT abs(hashint4(i)) % 100 AS h) AS x`,
  `INSERT INTO courses (code, title, summary, category, delivery_mode, language, duration_hours, pass_mark, status, published_at)
   SELECT format('${SEED_PREFIX}%s', lpad(c::text, 2, '0')), format('Summary benchmark course %s', c), 'Seeded by the benchmark.',
          (ARRAY['protection_of_civilians', 'conflict_prevention', 'peace_operations', 'gender_peace_security', 'child_protection'])[1 + c % 5],
          'in_person', 'en', 40, 70, 'published', now()
     FROM generate_series(1, ${COURSES}) AS c`,
  // Weekly from 7 January 2019, one in 25 cancelled (counted apart, its enrolments left out).
  `INSERT INTO offerings (course_id, starts_on, ends_on, location, capacity, enrollment_opens_at, enrollment_closes_at, approval_mode,
                          cancelled_at, completed_at)
   SELECT c.id, date '2019-01-07' + 7 * k, date '2019-01-07' + 7 * k + 4, 'Musanze, Rwanda', 120,
          (date '2019-01-07' + 7 * k) - interval '60 days', (date '2019-01-07' + 7 * k) - interval '7 days', 'auto',
          CASE WHEN (c.n * ${OFFERINGS_PER_COURSE} + k) % 25 = 7 THEN now() END,
          CASE WHEN (c.n * ${OFFERINGS_PER_COURSE} + k) % 25 <> 7 THEN now() END
     FROM (SELECT id, row_number() OVER (ORDER BY code) AS n FROM courses WHERE code LIKE '${SEED_PREFIX}%') AS c,
          generate_series(0, ${OFFERINGS_PER_COURSE - 1}) AS k`,
  // 100 trainees per offering (different ones in each), every status: 55% completed, 10% failed, the rest along the funnel.
  `WITH o AS (
     SELECT o.id, (row_number() OVER (ORDER BY c.code, o.starts_on) - 1)::int AS k
       FROM offerings o JOIN courses c ON c.id = o.course_id WHERE c.code LIKE '${SEED_PREFIX}%'
   ), u AS (
     SELECT id, (row_number() OVER (ORDER BY email) - 1)::int AS i FROM users WHERE email LIKE 'bench-sum100k-%'
   )
   INSERT INTO enrollments (offering_id, user_id, status, final_score)
   SELECT o.id, u.id,
          CASE WHEN h < 55 THEN 'completed' WHEN h < 65 THEN 'failed' WHEN h < 75 THEN 'approved' WHEN h < 83 THEN 'withdrawn'
               WHEN h < 88 THEN 'rejected' WHEN h < 93 THEN 'waitlisted' ELSE 'pending' END,
          CASE WHEN h < 55 THEN 70 + s % 3000 / 100.0 WHEN h < 65 THEN 20 + s % 5000 / 100.0 END
     FROM o CROSS JOIN generate_series(0, ${ENROLMENTS_PER_OFFERING - 1}) AS j
     JOIN u ON u.i = (o.k * ${ENROLMENTS_PER_OFFERING} + j) % ${TRAINEES},
     LATERAL (SELECT abs(hashint4(o.k * ${ENROLMENTS_PER_OFFERING} + j)) % 100 AS h,
                     abs(hashint4(o.k * ${ENROLMENTS_PER_OFFERING} + j + 7777777)) AS s) AS x`,
  // Certificates for the completed enrolments of the first five weeks' offerings (~5,500), one in 50 revoked.
  `INSERT INTO certificates (enrollment_id, serial, status, holder_name, course_title, course_code, starts_on, ends_on, duration_hours,
                            completed_on, issued_at, revoked_at, revocation_reason, pdf, pdf_sha256, credential)
   SELECT e.id, 'BENCH-SUM-' || e.id, CASE WHEN r THEN 'revoked' ELSE 'issued' END, u.full_name, c.title, c.code, o.starts_on, o.ends_on,
          c.duration_hours, o.ends_on, now(), CASE WHEN r THEN now() END, CASE WHEN r THEN 'Seeded by the benchmark.' END,
          '\\x25504446'::bytea, repeat('0', 64), 'seeded'
     FROM enrollments e JOIN offerings o ON o.id = e.offering_id JOIN courses c ON c.id = o.course_id JOIN users u ON u.id = e.user_id,
          LATERAL (SELECT abs(hashint4(e.seq::int)) % 50 = 0 AS r) AS x
    WHERE c.code LIKE '${SEED_PREFIX}%' AND e.status = 'completed' AND o.starts_on < date '2019-02-11'`,
];

/** Seeds the data unless this database has it; returns how long seeding took (0: reused). */
async function ensureSeeded(db: pg.Pool): Promise<number> {
  const present = await seededEnrolments(db);
  if (present.courses === COURSES && present.enrolments === ENROLMENTS) return 0;
  const started = performance.now();
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    // Two runs seeding at once: the second waits, then finds the data.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('amahoro-bench-summary-seed'))`);
    const now = await seededEnrolments(client);
    if (now.courses === COURSES && now.enrolments === ENROLMENTS) {
      await client.query('COMMIT');
      return 0;
    }
    if (now.courses > 0) {
      throw new Error(
        `this database has ${now.courses} ${SEED_PREFIX}* courses with ${now.enrolments} enrolments, not ${COURSES} with ${ENROLMENTS}: ` +
          'remove them or use another database',
      );
    }
    for (const [i, sql] of SEED_STATEMENTS.entries()) await client.query(sql, i === 0 ? [NO_PASSWORD, NATIONALITIES] : []);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  // Fresh statistics, so that neither side runs the first rounds on a plan made for empty tables.
  await db.query('ANALYZE users, courses, offerings, enrollments, certificates');
  return performance.now() - started;
}

interface Totals {
  applied: number;
  completed: number;
  certificatesIssued: number;
}

/** The columns of SUMMARY_SQL's rows that the check reads. */
interface SummaryRow {
  course_id: string | null;
  gender: string | null;
  category: string | null;
  nationality: string | null;
  applied: number;
  completed: number;
  certificates_issued: number;
}

function rounds(): { warmup: number; total: number } {
  const warmup = benchSettings().warmupSeconds > 0 ? WARMUP_ROUNDS : 0;
  return { warmup, total: warmup + ROUNDS };
}

async function measureBare(): Promise<{ result: Result; totals: Totals; rows: number }> {
  const pool = benchPool(1, { connectionTimeoutMillis: 5000 });
  try {
    const run = () => pool.query<SummaryRow>(SUMMARY_SQL, [FROM, TO]);
    const { warmup, total } = rounds();
    for (let round = 0; round < warmup; round++) await run();
    const latenciesMs: number[] = [];
    let last: Awaited<ReturnType<typeof run>> | undefined;
    const cpuBefore = mainThreadCpuMicros();
    const started = performance.now();
    for (let round = warmup; round < total; round++) {
      const at = performance.now();
      last = await run();
      latenciesMs.push(performance.now() - at);
    }
    const elapsedMs = performance.now() - started;
    const cpuAfter = mainThreadCpuMicros();
    const whole = last!.rows.find((r) => r.course_id === null && r.gender === null && r.category === null && r.nationality === null);
    return {
      result: batchResult({ latenciesMs, failures: 0, elapsedMs, cpuMicros: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore }),
      totals: { applied: whole?.applied ?? 0, completed: whole?.completed ?? 0, certificatesIssued: whole?.certificates_issued ?? 0 },
      rows: last!.rows.length,
    };
  } finally {
    await pool.end();
  }
}

async function measureApp(db: pg.Pool, expected: Totals): Promise<{ result: Result; check: string; bytes: number }> {
  const app = await createApi(benchConfig());
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = urlOf(app.getHttpServer());
    const [token] = await issueTokens(app, await insertUsers(db, runTag(), 'admin', 1));
    const request: PlannedRequest = { method: 'GET', path: `/api/v1/reports/summary?from=${FROM}&to=${TO}`, token };
    const { warmup, total } = rounds();
    if (warmup > 0) await sendRequests(url, Array.from({ length: warmup }, () => request), { concurrency: 1 });
    const sent = await sendRequests(url, Array.from({ length: total - warmup }, () => request), { concurrency: 1, keepBodies: true });
    const failed = sent.ok.indexOf(false);
    if (failed >= 0) console.error(`  summary: the app answered ${sent.statuses[failed]} ${sent.bodies[failed]?.slice(0, 500)}`);
    const body = sent.bodies[sent.bodies.length - 1] ?? '{}';
    const report = JSON.parse(body) as { total?: { offerings: number; totals: Totals }; courses?: unknown[] };
    const got = report.total?.totals;
    const right =
      got?.applied === expected.applied && got.completed === expected.completed && got.certificatesIssued === expected.certificatesIssued;
    const check =
      `the app's total: ${n(got?.applied ?? 0)} enrolments, ${n(got?.completed ?? 0)} completed, ${n(got?.certificatesIssued ?? 0)} certificates ` +
      `issued, over ${n(report.total?.offerings ?? 0)} offerings of ${n(report.courses?.length ?? 0)} courses; the bare query's: ${n(expected.applied)}, ` +
      `${n(expected.completed)}, ${n(expected.certificatesIssued)}: ${right ? 'the same.' : 'DIFFERENT.'}`;
    return {
      result: batchResult({
        latenciesMs: sent.latenciesMs.filter((_, i) => sent.ok[i]),
        failures: sent.ok.filter((ok) => !ok).length,
        elapsedMs: sent.elapsedMs,
        cpuMicros: sent.cpuMicros,
      }),
      check,
      bytes: Buffer.byteLength(body),
    };
  } finally {
    await app.close();
  }
}

export const summaryBenchmark: Benchmark = {
  name: 'summary',
  description: `GET /api/v1/reports/summary over ${n(ENROLMENTS)} enrolments (${COURSES} courses × ${OFFERINGS_PER_COURSE} offerings), ${ROUNDS} times: whole app vs SUMMARY_SQL bare on pg`,
  goal: 'report',
  run: async () => {
    const db = benchPool(2);
    try {
      const seededMs = await ensureSeeded(db);
      const bare = await measureBare();
      const app = await measureApp(db, bare.totals);
      const notes = [
        seededMs > 0 ? `seeded ${n(ENROLMENTS)} enrolments by SQL in ${(seededMs / 1000).toFixed(1)} s (kept for later runs).` : `reused the ${n(ENROLMENTS)} enrolments seeded earlier in this database.`,
        `a request is one summary from ${FROM} to ${TO}, one at a time; mean ms: app ${app.result.meanLatencyMs.toFixed(0)} ms, bare ` +
          `${bare.result.meanLatencyMs.toFixed(0)} ms (the app takes ${(app.result.meanLatencyMs / bare.result.meanLatencyMs).toFixed(2)}× the time); ` +
          `the query returns ${n(bare.rows)} grouped rows, the app answers ${n(app.bytes / 1024)} kB of JSON.`,
        app.check,
      ];
      return { app: app.result, baseline: bare.result, notes };
    } finally {
      await db.end();
    }
  },
};
