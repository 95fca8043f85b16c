// Bulk grading: 500 grades of an exam in one request (POST /api/v1/assessments/:id/grades, as the offering's
// instructor: JWT check, guards, validation of 500 rows, the grading transaction, 500 results answered) against
// the same writes by plain SQL: one transaction of two unnest inserts, into grade_versions (with the previous
// score) and into grades (an upsert bumping the version). Round after round, the scores alternate, so that
// every round writes a new version of every grade. A request is one batch of 500 grades. The app also writes an
// audit record per changed grade, which the baseline does not (the check below counts them).
import pg from 'pg';
import { createApi } from '../apps/api/src/api.js';
import type { PlannedRequest } from './batch.js';
import { insertCourse, insertOffering, insertUsers, issueTokens, runTag, type SeededUser } from './seed.js';
import { type Benchmark, batchResult, benchConfig, benchSettings, mainThreadCpuMicros, positiveNumber, type Result, sendRequests, urlOf } from './support.js';

const GRADES = 500;
/** Measured rounds per side, one batch at a time (BENCH_GRADING_ROUNDS: more, for a finer CPU count or a profile). */
export const ROUNDS = Math.round(positiveNumber('BENCH_GRADING_ROUNDS', 20, 1));
/** Rounds before the measured ones (unless BENCH_WARMUP=0), not measured. */
const WARMUP_ROUNDS = 3;

interface Side {
  offeringId: string;
  assessmentId: string;
  /** The offering's approved enrolments, one per trainee. */
  enrollmentIds: string[];
}

export interface Seeded {
  instructor: SeededUser;
  app: Side;
  bare: Side;
}

/** An offering with GRADES approved enrolments (seats taken), its instructor, and an exam out of 100. */
async function seedSide(db: pg.Pool, courseId: string, trainees: SeededUser[], instructor: SeededUser): Promise<Side> {
  const offeringId = await insertOffering(db, courseId, GRADES);
  await db.query('INSERT INTO offering_instructors (offering_id, user_id) VALUES ($1, $2)', [offeringId, instructor.id]);
  const enrolled = await db.query<{ id: string }>(
    `INSERT INTO enrollments (offering_id, user_id, status) SELECT $1, unnest($2::uuid[]), 'approved' RETURNING id`,
    [offeringId, trainees.map((t) => t.id)],
  );
  await db.query('UPDATE offerings SET seats_taken = $2 WHERE id = $1', [offeringId, enrolled.rowCount]);
  const assessment = await db.query<{ id: string }>(
    `INSERT INTO assessments (offering_id, title, kind, weight, max_score) VALUES ($1, 'Final exam', 'exam', 100, 100) RETURNING id`,
    [offeringId],
  );
  return { offeringId, assessmentId: assessment.rows[0]!.id, enrollmentIds: enrolled.rows.map((row) => row.id) };
}

export async function seedGrading(db: pg.Pool): Promise<Seeded> {
  const tag = runTag();
  const courseId = await insertCourse(db, `GRD-${tag}`, `Grading benchmark ${tag}`);
  const trainees = await insertUsers(db, tag, 'trainee', GRADES);
  const [instructor] = await insertUsers(db, tag, 'instructor', 1);
  return {
    instructor: instructor!,
    app: await seedSide(db, courseId, trainees, instructor!),
    bare: await seedSide(db, courseId, trainees, instructor!),
  };
}

/** Round `round`'s grades: every score differs from the previous round's, so each round is a new version. */
function gradesOf(side: Side, round: number) {
  return side.enrollmentIds.map((enrollmentId, i) => ({
    enrollmentId,
    score: 40 + (i % 50) + (round % 2) * 7.5,
    feedback: `Clear analysis of the mandate; cite the rules of engagement more precisely (${(i % 9) + 1}/9).`,
  }));
}

/** The rounds to run: warm-up rounds first (their count), then the measured ones. */
function rounds(): { warmup: number; total: number } {
  const warmup = benchSettings().warmupSeconds > 0 ? WARMUP_ROUNDS : 0;
  return { warmup, total: warmup + ROUNDS };
}

/**
 * One side, started (shared with `npm run bench:profile -- grading`): `grade(n)` times the next n rounds, one batch
 * at a time, counting rounds across calls so that each is a new version of every grade.
 */
export interface GradingSide {
  grade: (rounds: number) => Promise<Result>;
  close: () => Promise<void>;
}

/** Warms the side up (unless BENCH_WARMUP=0), then times its measured rounds; closes it. */
async function measureSide(side: GradingSide): Promise<Result> {
  try {
    const { warmup } = rounds();
    if (warmup > 0) await side.grade(warmup);
    return await side.grade(ROUNDS);
  } finally {
    await side.close();
  }
}

/** The whole app, listening, the instructor POSTing each round's grades. */
export async function startAppGrading(seeded: Seeded): Promise<GradingSide> {
  const app = await createApi(benchConfig());
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = urlOf(app.getHttpServer());
    const [token] = await issueTokens(app, [seeded.instructor]);
    const path = `/api/v1/assessments/${seeded.app.assessmentId}/grades`;
    let next = 0;
    const grade = async (count: number): Promise<Result> => {
      const first = next;
      next += count;
      const plan = Array.from({ length: count }, (_, i): PlannedRequest => ({ method: 'POST', path, token, body: JSON.stringify({ grades: gradesOf(seeded.app, first + i) }) }));
      const sent = await sendRequests(url, plan, { concurrency: 1, keepBodies: true });
      // A round counts only if all of its grades were written.
      const ok = sent.statuses.map((status, i) => {
        if (status !== 200) return false;
        const answer = JSON.parse(sent.bodies[i]!) as { graded: number; failed: number };
        return answer.graded === GRADES && answer.failed === 0;
      });
      const failed = ok.indexOf(false);
      if (failed >= 0) console.error(`  grading: the app answered ${sent.statuses[failed]} ${sent.bodies[failed]!.slice(0, 500)}`);
      return batchResult({
        latenciesMs: sent.latenciesMs.filter((_, i) => ok[i]),
        failures: ok.filter((good) => !good).length,
        elapsedMs: sent.elapsedMs,
        cpuMicros: sent.cpuMicros,
      });
    };
    return { grade, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}

const VERSIONS_SQL = `
  INSERT INTO grade_versions (assessment_id, enrollment_id, version, score, previous_score, feedback, changed_by)
  SELECT $1, t.enrollment_id, coalesce(g.version, 0) + 1, t.score, g.score, t.feedback, $5
    FROM unnest($2::uuid[], $3::numeric[], $4::text[]) AS t (enrollment_id, score, feedback)
    LEFT JOIN grades g ON g.assessment_id = $1 AND g.enrollment_id = t.enrollment_id`;
const GRADES_SQL = `
  INSERT INTO grades (assessment_id, enrollment_id, score, feedback, version, graded_by, graded_at)
  SELECT $1, t.enrollment_id, t.score, t.feedback, 1, $5, now()
    FROM unnest($2::uuid[], $3::numeric[], $4::text[]) AS t (enrollment_id, score, feedback)
  ON CONFLICT (assessment_id, enrollment_id) DO UPDATE
    SET score = excluded.score, feedback = excluded.feedback, version = grades.version + 1,
        graded_by = excluded.graded_by, graded_at = excluded.graded_at`;

/** The baseline on a pg Pool in this thread: each round one transaction of the two inserts. */
export function startBareGrading(seeded: Seeded): GradingSide {
  const pool = new pg.Pool({ connectionString: benchConfig().databaseUrl, max: 2, connectionTimeoutMillis: 5000 });
  const side = seeded.bare;
  /** One round in one transaction; true if every grade and version was written. */
  const gradeRound = async (round: number): Promise<boolean> => {
    const grades = gradesOf(side, round);
    const params = [side.assessmentId, grades.map((g) => g.enrollmentId), grades.map((g) => g.score), grades.map((g) => g.feedback), seeded.instructor.id];
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const versions = await client.query(VERSIONS_SQL, params);
      const written = await client.query(GRADES_SQL, params);
      await client.query('COMMIT');
      return versions.rowCount === GRADES && written.rowCount === GRADES;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      console.error('  grading: the baseline failed:', error);
      return false;
    } finally {
      client.release();
    }
  };
  let next = 0;
  const grade = async (count: number): Promise<Result> => {
    const latenciesMs: number[] = [];
    let failures = 0;
    const cpuBefore = mainThreadCpuMicros();
    const started = performance.now();
    for (const end = next + count; next < end; next++) {
      const roundStarted = performance.now();
      if (await gradeRound(next)) latenciesMs.push(performance.now() - roundStarted);
      else failures++;
    }
    const elapsedMs = performance.now() - started;
    const cpuAfter = mainThreadCpuMicros();
    return batchResult({ latenciesMs, failures, elapsedMs, cpuMicros: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore });
  };
  return { grade, close: () => pool.end() };
}

/**
 * Whether every grade of the side's exam is at the last round's version with its whole history (and, for the
 * app, each version in the audit trail), in words.
 */
async function check(db: pg.Pool, name: string, side: Side, audited: boolean): Promise<string> {
  const { rows } = await db.query<{ grades: number; min_version: number; max_version: number; versions: number; audits: number }>(
    `SELECT (SELECT count(*)::int FROM grades WHERE assessment_id = $1) AS grades,
            (SELECT min(version) FROM grades WHERE assessment_id = $1) AS min_version,
            (SELECT max(version) FROM grades WHERE assessment_id = $1) AS max_version,
            (SELECT count(*)::int FROM grade_versions WHERE assessment_id = $1) AS versions,
            (SELECT count(*)::int FROM audit_log WHERE entity = 'grade' AND entity_id LIKE $1 || ':%') AS audits`,
    [side.assessmentId],
  );
  const { grades, min_version, max_version, versions, audits } = rows[0]!;
  const { total } = rounds();
  const expectedAudits = audited ? GRADES * total : 0;
  const right = grades === GRADES && min_version === total && max_version === total && versions === GRADES * total && audits === expectedAudits;
  const n = (count: number) => count.toLocaleString('en-US');
  const version = min_version === max_version ? `${min_version}` : `${min_version}–${max_version}`;
  return (
    `${name}: ${n(grades)} grades at version ${version}, ${n(versions)} versions kept, ${n(audits)} audit records, after ${total} rounds: ` +
    (right ? 'right.' : `WRONG (expected ${n(GRADES)} grades at version ${total}, ${n(GRADES * total)} versions and ${n(expectedAudits)} audit records).`)
  );
}

export const gradingBenchmark: Benchmark = {
  name: 'grading',
  description: `${GRADES} grades in one request, ${ROUNDS} rounds: whole app (POST /api/v1/assessments/:id/grades) vs two unnest inserts in a transaction`,
  goal: 0.6,
  run: async () => {
    const db = new pg.Pool({ connectionString: benchConfig().databaseUrl, max: 2 });
    try {
      const seeded = await seedGrading(db);
      const baseline = await measureSide(startBareGrading(seeded));
      const app = await measureSide(await startAppGrading(seeded));
      const notes = [
        `a request is one batch of ${GRADES} grades, one at a time; mean ms = time per batch (app ${app.meanLatencyMs.toFixed(0)} ms, bare ${baseline.meanLatencyMs.toFixed(0)} ms).`,
        await check(db, 'app', seeded.app, true),
        await check(db, 'bare', seeded.bare, false),
      ];
      return { app, baseline, notes };
    } finally {
      await db.end();
    }
  },
};
