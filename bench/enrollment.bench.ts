// Enrolment under contention: 2,000 trainees enrolling at once, 50 at a time, into one offering of 300 seats,
// so that both seats and the waitlist are taken. The whole app (each trainee POSTs with its own token: JWT
// check, guards, validation, the enrolment transaction holding the offering's row lock, the response view)
// against the bare minimum on a pg Pool: per trainee, one transaction of a conditional seat update and the
// insert of the enrolment, approved or waitlisted, on a second offering. Afterwards each offering must have
// exactly its capacity taken and everyone else waitlisted.
import pg from 'pg';
import { createApi } from '../apps/api/src/api.js';
import { type PlannedRequest, runConcurrently } from './batch.js';
import { insertCourse, insertOffering, insertUsers, issueTokens, runTag, type SeededUser } from './seed.js';
import { type Benchmark, batchResult, benchConfig, benchSettings, mainThreadCpuMicros, type Result, sendRequests, urlOf } from './support.js';

const TRAINEES = 2000;
const CONCURRENCY = 50;
const CAPACITY = 300;
/** Before each measured batch (unless BENCH_WARMUP=0), the first trainees enrol in a warm-up offering. */
export const WARMUP_TRAINEES = 200;
const WARMUP_CAPACITY = 50;
/** The same pool size as the app's TypeORM data source. */
const POOL_SIZE = 20;

export interface Offerings {
  warmup: string;
  measured: string;
}

export interface Seeded {
  trainees: SeededUser[];
  app: Offerings;
  bare: Offerings;
}

/** A course, the trainees, and a warm-up and a measured offering for each side. */
export async function seedEnrolment(db: pg.Pool): Promise<Seeded> {
  const tag = runTag();
  const courseId = await insertCourse(db, `ENR-${tag}`, `Enrolment benchmark ${tag}`);
  const offerings = async () => ({
    warmup: await insertOffering(db, courseId, WARMUP_CAPACITY),
    measured: await insertOffering(db, courseId, CAPACITY),
  });
  return { trainees: await insertUsers(db, tag, 'trainee', TRAINEES), app: await offerings(), bare: await offerings() };
}

/** The first `count` trainees enrol, CONCURRENCY at a time: one timed batch. */
type Enrolment = (offeringId: string, count: number) => Promise<Result>;

/** One side, started: its timed batches, and how to stop it (shared with `npm run bench:profile -- enrolment`). */
export interface EnrolmentSide {
  enrol: Enrolment;
  close: () => Promise<void>;
}

/** Warms the side up (unless BENCH_WARMUP=0), then times its batch; closes it. */
async function measureSide(offerings: Offerings, side: EnrolmentSide): Promise<Result> {
  try {
    if (benchSettings().warmupSeconds > 0) await side.enrol(offerings.warmup, WARMUP_TRAINEES);
    return await side.enrol(offerings.measured, TRAINEES);
  } finally {
    await side.close();
  }
}

/** The whole app, listening, each trainee POSTing with its own token. */
export async function startAppEnrolment(trainees: SeededUser[]): Promise<EnrolmentSide> {
  const app = await createApi(benchConfig());
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = urlOf(app.getHttpServer());
    const tokens = await issueTokens(app, trainees);
    const enrol: Enrolment = async (offeringId, count) => {
      const requests: PlannedRequest[] = tokens
        .slice(0, count)
        .map((token) => ({ method: 'POST', path: `/api/v1/offerings/${offeringId}/enrollments`, token, body: '{}' }));
      const sent = await sendRequests(url, requests, { concurrency: CONCURRENCY, keepBodies: true });
      const failed = sent.statuses.findIndex((status) => status !== 201);
      if (failed >= 0) console.error(`  enrolment: the app answered ${sent.statuses[failed]} ${sent.bodies[failed]}`);
      return batchResult({
        latenciesMs: sent.latenciesMs.filter((_, i) => sent.ok[i]),
        failures: sent.ok.filter((ok) => !ok).length,
        elapsedMs: sent.elapsedMs,
        cpuMicros: sent.cpuMicros,
      });
    };
    return { enrol, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}

/** The bare minimum on a pg Pool in this thread: one transaction per trainee. */
export function startBareEnrolment(trainees: SeededUser[]): EnrolmentSide {
  const pool = new pg.Pool({ connectionString: benchConfig().databaseUrl, max: POOL_SIZE, connectionTimeoutMillis: 5000 });
  const enrolOne = async (offeringId: string, userId: string): Promise<boolean> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const seat = await client.query('UPDATE offerings SET seats_taken = seats_taken + 1 WHERE id = $1 AND seats_taken < capacity RETURNING 1', [
        offeringId,
      ]);
      await client.query('INSERT INTO enrollments (offering_id, user_id, status) VALUES ($1, $2, $3) RETURNING id', [
        offeringId,
        userId,
        seat.rowCount ? 'approved' : 'waitlisted',
      ]);
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  const enrol: Enrolment = async (offeringId, count) => {
    const cpuBefore = mainThreadCpuMicros();
    const timings = await runConcurrently(count, CONCURRENCY, (i) => enrolOne(offeringId, trainees[i]!.id));
    const cpuAfter = mainThreadCpuMicros();
    if (timings.firstError) console.error(`  enrolment: the baseline failed: ${timings.firstError}`);
    return batchResult({
      latenciesMs: timings.latenciesMs.filter((_, i) => timings.ok[i]),
      failures: timings.ok.filter((ok) => !ok).length,
      elapsedMs: timings.elapsedMs,
      cpuMicros: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    });
  };
  return { enrol, close: () => pool.end() };
}

/** Whether the offering ended with exactly its capacity taken and every other trainee waitlisted, in words. */
async function check(db: pg.Pool, side: string, offeringId: string): Promise<string> {
  const { rows } = await db.query<{ capacity: number; seats_taken: number; approved: number; waitlisted: number; other: number }>(
    `SELECT o.capacity, o.seats_taken,
            count(*) FILTER (WHERE e.status = 'approved')::int AS approved,
            count(*) FILTER (WHERE e.status = 'waitlisted')::int AS waitlisted,
            count(*) FILTER (WHERE e.status NOT IN ('approved', 'waitlisted'))::int AS other
       FROM offerings o LEFT JOIN enrollments e ON e.offering_id = o.id
      WHERE o.id = $1 GROUP BY o.id`,
    [offeringId],
  );
  const { capacity, seats_taken, approved, waitlisted, other } = rows[0]!;
  const right = seats_taken === capacity && approved === capacity && waitlisted === TRAINEES - capacity && other === 0;
  const n = (count: number) => count.toLocaleString('en-US');
  return (
    `${side}: ${n(seats_taken)}/${n(capacity)} seats taken, ${n(approved)} approved, ${n(waitlisted)} waitlisted` +
    `${other ? `, ${n(other)} other` : ''} of ${n(TRAINEES)}: ` +
    (right ? 'right.' : `WRONG (expected ${n(capacity)} approved and ${n(TRAINEES - capacity)} waitlisted).`)
  );
}

export const enrollmentBenchmark: Benchmark = {
  name: 'enrolment',
  description: `${TRAINEES.toLocaleString('en-US')} trainees enrolling ${CONCURRENCY} at a time into ${CAPACITY} seats: whole app (POST …/enrollments) vs a bare pg transaction each`,
  goal: 0.5,
  run: async () => {
    const db = new pg.Pool({ connectionString: benchConfig().databaseUrl, max: 2 });
    try {
      const seeded = await seedEnrolment(db);
      const baseline = await measureSide(seeded.bare, startBareEnrolment(seeded.trainees));
      const app = await measureSide(seeded.app, await startAppEnrolment(seeded.trainees));
      const notes = [
        `a request is one trainee's enrolment (bare: one transaction, ${POOL_SIZE} connections, as the app's pool); req/s = enrolments per second of the whole batch.`,
        await check(db, 'app', seeded.app.measured),
        await check(db, 'bare', seeded.bare.measured),
      ];
      return { app, baseline, notes };
    } finally {
      await db.end();
    }
  },
};
