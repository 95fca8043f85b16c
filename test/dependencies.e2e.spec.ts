// PostgreSQL or Redis out of reach: what needs it answers 503 SERVICE_UNAVAILABLE with Retry-After within
// 2 s (never a 500, never a hang), /health says 503, and everything recovers by itself when it returns.
// On a PostgreSQL cluster and a Redis server of this spec's own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureDatabase, runMigrations } from '@amahoro/database/postgres.js';
import { eventually } from './support/classroom.js';
import { TestApi, type TestUser } from './support/harness.js';
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
  let api: TestApi;
  let admin: TestUser;
  let trainee: TestUser;
  let offeringId: string;

  before(async () => {
    [postgres, redis] = await Promise.all([startPrivatePostgres(), startPrivateRedis()]);
    const databaseUrl = postgres.url('amahoro');
    await ensureDatabase(databaseUrl);
    await runMigrations(databaseUrl);
    api = await TestApi.start({ DATABASE_URL: databaseUrl, REDIS_URL: redis.url, REDIS_PREFIX: 'deps' });
    admin = await api.signUp('admin');
    trainee = await api.signUp('trainee');
    const course = await api.post('/api/v1/courses', {
      token: admin.token,
      body: { code: 'DEP-1', title: 'Dependencies', category: 'protection_of_civilians', deliveryMode: 'online', language: 'en', durationHours: 1, passMark: 50 },
    });
    await api.post(`/api/v1/courses/${course.body.id}/publish`, { token: admin.token });
    const now = Date.now();
    const offering = await api.post(`/api/v1/courses/${course.body.id}/offerings`, {
      token: admin.token,
      body: {
        startsOn: new Date(now + 30 * 86_400_000).toISOString().slice(0, 10),
        endsOn: new Date(now + 31 * 86_400_000).toISOString().slice(0, 10),
        capacity: 5,
        enrollmentOpensAt: new Date(now - 86_400_000).toISOString(),
        enrollmentClosesAt: new Date(now + 20 * 86_400_000).toISOString(),
        approvalMode: 'auto',
        instructorIds: [],
      },
    });
    offeringId = offering.body.id;
  });
  after(async () => {
    await api?.close().catch(() => undefined);
    await redis?.stop();
    postgres?.destroy();
  });

  /** One round of what clients do: reads, login, verification, enrolment, a queued job; timed. */
  async function probe(): Promise<Probe[]> {
    const calls: Array<[string, () => ReturnType<TestApi['get']>]> = [
      ['health', () => api.get('/health')],
      ['catalog', () => api.get('/api/v1/courses')],
      ['me', () => api.get('/api/v1/me', { token: trainee.token })],
      ['login', () => api.post('/api/v1/auth/login', { body: { email: trainee.email, password: trainee.password } })],
      ['verify', () => api.get('/api/v1/verify/AMH-00000-00000-00000-00000-00000')],
      ['verify page', () => api.get('/verify/AMH-00000-00000-00000-00000-00000')],
      ['enrol', () => api.get(`/api/v1/offerings/${offeringId}/enrollments`, { token: admin.token })],
      ['ping', () => api.post('/api/v1/system/ping', { token: admin.token, body: { message: 'up?' } })],
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
      assert.notEqual(p.status, 500, `${p.name} answered 500`);
      assert.ok(p.ms < 2000, `${p.name} took ${Math.round(p.ms)} ms`);
      if (p.status === 503) {
        assert.equal(p.retryAfter, '5', `${p.name}: Retry-After`);
        if (p.name !== 'health') assert.equal(p.code, 'SERVICE_UNAVAILABLE', p.name);
      }
    }
  }

  const byName = (probes: Probe[]) => Object.fromEntries(probes.map((p) => [p.name, p.status]));

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
