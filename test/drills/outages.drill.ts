// Outage drills (npm run test:drills): PostgreSQL stopped for 30 s, and Redis restarted empty, each in the
// middle of a 300-certificate batch, on a PostgreSQL cluster and a Redis server of the drill's own. Each
// ends with every certificate issued exactly once, with no human action; meanwhile /health says 503, and
// no request answers 500 or takes 2 s or more.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { ensureDatabase, runMigrations } from '@amahoro/database/postgres.js';
import { eventually, finalisedClass } from '../support/classroom.js';
import { TestApi, type TestUser } from '../support/harness.js';
import { runEntryPoint, type Spawned } from '../support/processes.js';
import { type PrivatePostgres, type PrivateRedis, startPrivatePostgres, startPrivateRedis } from '../support/private-services.js';

const BATCH = 300;
const OUTAGE_MS = 30_000;

interface Probe {
  name: string;
  status: number;
  ms: number;
}

describe('drills: a dependency lost in the middle of a 300-certificate batch', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let api: TestApi;
  let admin: TestUser;
  let worker: Spawned;
  let db: DataSource;
  // What ioredis and BullMQ print when nobody listens for their errors ("Unhandled error event", bare stacks).
  const consoleErrors: string[] = [];
  const originalError = console.error;

  before(async () => {
    console.error = (...args: unknown[]) => void consoleErrors.push(args.map(String).join(' '));
    [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
    const databaseUrl = postgres.url('amahoro');
    await ensureDatabase(databaseUrl);
    await runMigrations(databaseUrl);
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REDIS_PREFIX: 'drill' };
    // The probes verify a certificate several times a second: a limit above that, so they meet the outage, not the limiter.
    api = await TestApi.start({ ...env, VERIFY_RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await api.signUp('admin');
    db = api.app.get(DataSource);
    worker = runEntryPoint('dist/apps/worker/src/main.js', {
      ...(process.env as Record<string, string>),
      ...env,
      LOG_LEVEL: 'info',
      WORKER_CONCURRENCY: '2',
      CERTIFICATE_RECONCILE_INTERVAL_MS: '2000',
    });
  });
  after(async () => {
    console.error = originalError;
    worker?.child.kill('SIGKILL');
    await api?.close().catch(() => undefined);
    await redis?.stop();
    postgres?.destroy();
  });

  const counts = async (offeringId: string) =>
    (
      await db.query(
        `SELECT count(*) FILTER (WHERE c.status = 'queued')::int AS queued, count(*) FILTER (WHERE c.status = 'issued')::int AS issued,
                count(*) FILTER (WHERE c.status = 'failed')::int AS failed, count(*) FILTER (WHERE c.status = 'revoked')::int AS revoked
           FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.offering_id = $1`,
        [offeringId],
      )
    )[0] as { queued: number; issued: number; failed: number; revoked: number };

  const serials = (offeringId: string): Promise<Array<{ enrollment_id: string; serial: string }>> =>
    db.query(`SELECT c.enrollment_id, c.serial FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.offering_id = $1 ORDER BY 1`, [offeringId]);

  /**
   * Clients at work until stopped: health, catalog, verification, a bulk issue, each timed. The bulk issue is
   * of another offering: re-sending the batch's jobs would heal it by hand, and the drill proves it heals alone.
   */
  function keepProbing(otherOfferingId: string, serial: string) {
    const probes: Probe[] = [];
    let running = true;
    const calls: Array<[string, () => ReturnType<TestApi['get']>]> = [
      ['health', () => api.get('/health')],
      ['catalog', () => api.get('/api/v1/courses')],
      ['verify', () => api.get(`/api/v1/verify/${serial}`)],
      ['issue', () => api.post(`/api/v1/offerings/${otherOfferingId}/certificates`, { token: admin.token })],
    ];
    const done = (async () => {
      while (running) {
        await Promise.all(
          calls.map(async ([name, call]) => {
            const started = performance.now();
            const reply = await call();
            probes.push({ name, status: reply.status, ms: performance.now() - started });
          }),
        );
        await sleep(250);
      }
    })();
    return {
      probes,
      stop: async () => {
        running = false;
        await done;
        return probes;
      },
    };
  }

  /** A finalised class of 300, issued in bulk, slowed down (20 ms per certificate written) so the outage lands mid-batch. */
  async function batch() {
    const { offeringId, courseCode } = await finalisedClass(api, admin, BATCH);
    const trigger = `slow_${courseCode.replace(/-/g, '_').toLowerCase()}`;
    await db.query(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.02); RETURN NEW; END $$`);
    await db.query(
      `CREATE TRIGGER ${trigger} BEFORE UPDATE ON certificates FOR EACH ROW WHEN (NEW.course_code = '${courseCode}' AND NEW.status = 'issued') EXECUTE FUNCTION ${trigger}()`,
    );
    const issued = await api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: admin.token });
    assert.deepEqual(issued.body, { queued: BATCH, alreadyIssued: 0, inProgress: 0, notEligible: 0 });
    const atQueue = await serials(offeringId);
    const other = await finalisedClass(api, admin, 1);
    await eventually(() => counts(offeringId), (c) => c.issued >= 20, 60_000);
    return { offeringId, atQueue, otherOfferingId: other.offeringId };
  }

  const resends = () => worker.output().match(/sent again the jobs of \d+ queued certificates/g)?.length ?? 0;

  async function assertAllIssuedOnce(offeringId: string, atQueue: Array<{ enrollment_id: string; serial: string }>, during: Probe[], resentBefore: number) {
    const healing = Date.now();
    const done = await eventually(() => counts(offeringId), (c) => c.issued === BATCH, 180_000);
    console.log(`  all ${BATCH} issued ${((Date.now() - healing) / 1000).toFixed(1)} s after probing stopped (3 s after the dependency returned)`);
    assert.deepEqual(done, { queued: 0, issued: BATCH, failed: 0, revoked: 0 });
    assert.deepEqual(await serials(offeringId), atQueue, 'each enrolment has the one certificate, with the serial it was queued with');
    const bad = during.filter((p) => p.status === 500 || p.status === 429 || p.ms >= 2000);
    assert.deepEqual(bad, [], 'no 500, no 429, nothing at 2 s or more');
    assert.ok(during.some((p) => p.name === 'health' && p.status === 503), '/health said 503 while down');
    const health = await eventually(() => api.get('/health'), (r) => r.status === 200, 15_000);
    assert.equal(health.status, 200);
    const unstructured = worker
      .output()
      .split('\n')
      .filter((line) => line.trim() && !isJson(line));
    assert.deepEqual(unstructured, [], 'the worker logs structured JSON only');
    assert.deepEqual(consoleErrors, [], 'no "Unhandled error event", no bare stack traces');
    assert.ok(resends() > resentBefore, 'the worker’s reconciliation sent the stranded jobs again');
    const tally = new Map<string, number>();
    for (const p of during) tally.set(`${p.name} ${p.status}`, (tally.get(`${p.name} ${p.status}`) ?? 0) + 1);
    const summary = [...tally].map(([key, n]) => `${key}: ${n}`);
    const slowest = Math.max(...during.map((p) => p.ms));
    console.log(`  probes: ${summary.join(', ')}; slowest ${Math.round(slowest)} ms`);
  }

  it('PostgreSQL stopped for 30 s mid-batch', async () => {
    const { offeringId, atQueue, otherOfferingId } = await batch();
    const resentBefore = resends();
    const probing = keepProbing(otherOfferingId, atQueue[0]!.serial);
    const midway = await counts(offeringId);
    postgres.stop();
    await sleep(OUTAGE_MS);
    postgres.start();
    await sleep(3000);
    const during = await probing.stop();
    console.log(`  PostgreSQL stopped with ${midway.issued} of ${BATCH} issued`);
    assert.ok(midway.issued < BATCH, 'stopped in the middle of the batch');
    await assertAllIssuedOnce(offeringId, atQueue, during, resentBefore);
  });

  it('Redis restarted empty mid-batch', async () => {
    const { offeringId, atQueue, otherOfferingId } = await batch();
    const resentBefore = resends();
    const probing = keepProbing(otherOfferingId, atQueue[0]!.serial);
    const midway = await counts(offeringId);
    await redis.restart(5000);
    await sleep(3000);
    const during = await probing.stop();
    console.log(`  Redis restarted with ${midway.issued} of ${BATCH} issued`);
    assert.ok(midway.issued < BATCH, 'restarted in the middle of the batch');
    await assertAllIssuedOnce(offeringId, atQueue, during, resentBefore);
  });
});

function isJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
