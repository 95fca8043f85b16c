// PostgreSQL or Redis out of reach: what needs it answers 503 SERVICE_UNAVAILABLE with Retry-After within
// 2 s (never a 500, never a hang), /health says 503, and everything recovers by itself when it returns.
// On a PostgreSQL cluster and a Redis server of this spec's own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { autovacuumWarning, ensureDatabase, runMigrations } from '@amahoro/database/postgres.js';
import { eventually } from './support/classroom.js';
import { createCourse, createOffering } from './support/factories.js';
import { useApp } from './support/fixture.js';
import type { TestApi } from './support/harness.js';
import { type PrivatePostgres, type PrivateRedis, startPrivatePostgres, startPrivateRedis } from './support/private-services.js';

interface Probe {
  name: string;
  status: number;
  ms: number;
  retryAfter: string | null;
  code?: string;
}

describe('dependencies down: 503 within 2 s, recovery by itself', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let offeringId: string;

  before(async () => {
    [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
    await ensureDatabase(postgres.url('amahoro'));
    await runMigrations(postgres.url('amahoro'));
  });
  const app = useApp({ env: () => ({ DATABASE_URL: postgres.url('amahoro'), REDIS_URL: redis.url, REDIS_PREFIX: 'deps' }), users: { trainee: 'trainee' } });
  before(async () => {
    const course = await createCourse(app.api, app.admin);
    offeringId = (await createOffering(app.api, app.admin, course.id, { capacity: 5 })).id;
  });
  // After the fixture's own (after hooks run in the order they are declared): the API closes while both are up.
  after(async () => {
    await redis?.stop();
    postgres?.destroy();
  });

  /** One round of what clients do: reads, login, verification, enrolment, a queued job; timed. */
  async function probe(): Promise<Probe[]> {
    const calls: Array<[string, () => ReturnType<TestApi['get']>]> = [
      ['health', () => app.api.get('/health')],
      ['catalog', () => app.api.get('/api/v1/courses')],
      ['me', () => app.api.get('/api/v1/me', { token: app.users.trainee.token })],
      ['login', () => app.api.login(app.users.trainee.email, app.users.trainee.password)],
      ['verify', () => app.api.get('/api/v1/verify/AMH-00000-00000-00000-00000-00000')],
      ['verify page', () => app.api.get('/verify/AMH-00000-00000-00000-00000-00000')],
      ['enrol', () => app.api.get(`/api/v1/offerings/${offeringId}/enrollments`, { token: app.admin.token })],
      ['ping', () => app.api.post('/api/v1/system/ping', { token: app.admin.token, body: { message: 'up?' } })],
    ];
    return Promise.all(
      calls.map(async ([name, call]) => {
        const started = performance.now();
        const reply = await call();
        const ms = performance.now() - started;
        return { name, status: reply.status, ms, retryAfter: reply.headers.get('retry-after'), code: (reply.body as { code?: string } | null)?.code };
      }),
    );
  }

  function assertBounded(probes: Probe[]) {
    for (const p of probes) {
      assert.ok(p.status < 500 || p.status === 503, `${p.name} answered ${p.status}: a dependency down is a 503, nothing else`);
      assert.ok(p.ms < 2000, `${p.name} took ${Math.round(p.ms)} ms`);
      if (p.status === 503) {
        assert.equal(p.retryAfter, '5', `${p.name}: Retry-After`);
        if (p.name !== 'health') assert.equal(p.code, 'SERVICE_UNAVAILABLE', p.name);
      }
    }
  }

  const byName = (probes: Probe[]) => Object.fromEntries(probes.map((p) => [p.name, p.status]));

  it('warns at start-up when the PostgreSQL runs without autovacuum', async () => {
    const url = postgres.url('amahoro');
    assert.equal(await autovacuumWarning(url), null, 'on by default');
    const setAutovacuum = async (value: 'off' | 'default') => {
      const client = new pg.Client(url);
      await client.connect();
      await client.query(`ALTER SYSTEM SET autovacuum = ${value}`).then(() => client.query('SELECT pg_reload_conf()')).finally(() => client.end());
    };
    await setAutovacuum('off');
    try {
      const warning = await eventually(() => autovacuumWarning(url), (line) => line !== null, 5_000);
      assert.match(warning ?? '', /^autovacuum is off on the PostgreSQL at 127\.0\.0\.1:\d+\/amahoro: turn it on/);
    } finally {
      await setAutovacuum('default');
    }
  });

  it('answers normally with both up', async () => {
    const probes = await probe();
    assertBounded(probes);
    assert.deepEqual(byName(probes), { health: 200, catalog: 200, me: 200, login: 200, verify: 404, 'verify page': 404, enrol: 200, ping: 202 });
  });

  it('answers 503 for what needs Redis while it is down, then recovers by itself', async () => {
    await redis.stop();
    try {
      for (let round = 0; round < 3; round++) {
        const probes = await probe();
        assertBounded(probes);
        const status = byName(probes);
        assert.deepEqual([status.health, status.login, status.verify, status['verify page'], status.ping], [503, 503, 503, 503, 503], JSON.stringify(probes));
        assert.equal(status.catalog, 200, 'what needs only PostgreSQL still works');
      }
    } finally {
      await redis.start();
    }
    const recovered = await eventually(probe, (probes) => probes.every((p) => p.status !== 503), 15_000);
    assertBounded(recovered);
    assert.deepEqual(byName(recovered), { health: 200, catalog: 200, me: 200, login: 200, verify: 404, 'verify page': 404, enrol: 200, ping: 202 });
  });

  it('answers 503 for what needs PostgreSQL while it is down, then recovers by itself', async () => {
    postgres.stop();
    try {
      for (let round = 0; round < 3; round++) {
        const probes = await probe();
        assertBounded(probes);
        const status = byName(probes);
        assert.deepEqual([status.health, status.catalog, status.me, status.login, status.verify, status.enrol], [503, 503, 503, 503, 503, 503], JSON.stringify(probes));
      }
    } finally {
      postgres.start();
    }
    const recovered = await eventually(probe, (probes) => probes.every((p) => p.status !== 503), 15_000);
    assertBounded(recovered);
    assert.deepEqual(byName(recovered), { health: 200, catalog: 200, me: 200, login: 200, verify: 404, 'verify page': 404, enrol: 200, ping: 202 });
  });
});
