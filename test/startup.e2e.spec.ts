import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { closedPort, runEntryPoint } from './support/processes.js';

const API = 'dist/apps/api/src/main.js';
const WORKER = 'dist/apps/worker/src/main.js';
const LAUNCHER = 'dist/apps/launcher/src/main.js';
// Only what a new user's shell has: these processes read no test settings.
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', LOG_LEVEL: 'warn' };

async function oneLineFailure(script: string, env: Record<string, string>): Promise<string> {
  const run = runEntryPoint(script, { ...BASE_ENV, ...env });
  assert.equal(await run.exited, 1);
  const lines = run.output().trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got:\n${run.output()}`);
  return lines[0]!;
}

describe('start-up: configuration and dependencies', () => {
  it('stops with one line naming a malformed DATABASE_URL', async () => {
    const line = await oneLineFailure(API, { DATABASE_URL: 'not a url' });
    assert.match(line, /^amahoro: Invalid configuration: DATABASE_URL /);
  });

  it('stops with one line when DATABASE_URL points at nothing', async () => {
    const port = await closedPort();
    const line = await oneLineFailure(API, { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/amahoro` });
    assert.match(line, new RegExp(`cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}.*DATABASE_URL`));
  });

  it('names each wrong setting', async () => {
    assert.match(await oneLineFailure(API, { PORT: 'eighty' }), /PORT must be a whole number/);
    assert.match(await oneLineFailure(WORKER, { REDIS_URL: 'http://localhost' }), /REDIS_URL must start with redis:\/\//);
    assert.match(await oneLineFailure(API, { NODE_ENV: 'production' }), /JWT_ACCESS_SECRET is required/);
    assert.match(await oneLineFailure(API, { NODE_ENV: 'production', JWT_ACCESS_SECRET: 'a'.repeat(32) }), /JWT_ACCESS_SECRET is too weak for production/);
    assert.match(await oneLineFailure(WORKER, { NODE_ENV: 'production', JWT_ACCESS_SECRET: 'amahoro-development-secret-change-me-in-production' }), /JWT_ACCESS_SECRET is too weak/);
    assert.match(await oneLineFailure(WORKER, { NODE_ENV: 'production', JWT_ACCESS_SECRET: 'Zq3v9Lr0T8mW2xY7bK4nC6pH1sD5fG0j' }), /CREDENTIAL_SIGNING_KEY is required in production/);
    assert.match(await oneLineFailure(API, { TRUST_PROXY: 'true' }), /TRUST_PROXY must be a hop count or a comma-separated list of proxy addresses/);
    assert.match(await oneLineFailure(API, { ADMIN_EMAIL: 'boss@example.org' }), /ADMIN_PASSWORD must be set together/);
    assert.match(await oneLineFailure(API, { JWT_ACCESS_TTL: 'soon' }), /JWT_ACCESS_TTL must be a duration/);
  });
});

describe('start-up: npm start falls back to local services', () => {
  it('starts an embedded PostgreSQL and a local redis-server when nothing answers, and stops them on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'amahoro-launcher-'));
    await chmod(dataDir, 0o755); // the embedded server runs as the postgres user when we are root
    const [pgPort, redisPort, port] = await Promise.all([closedPort(), closedPort(), closedPort()]);
    const run = runEntryPoint(LAUNCHER, {
      ...BASE_ENV,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/amahoro`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
    });
    try {
      await run.waitFor(/Amahoro is running/, 120_000);
      assert.match(run.output(), /starting an embedded one/);
      assert.match(run.output(), /starting .*redis-server/);
      assert.match(run.output(), /admin@amahoro\.demo/);
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      assert.deepEqual(await health.json(), { status: 'ok', db: 'up', redis: 'up' });
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'fatuma.hassan@amahoro.demo', password: 'amahoro-demo-trainee' }),
      });
      assert.equal(login.status, 200);
      // The demo academy: a published catalog, open offerings, some enrolments (one offering is full).
      const catalog = (await (await fetch(`http://127.0.0.1:${port}/api/v1/courses`)).json()) as { items: Array<{ code: string }> };
      assert.ok(catalog.items.some((c) => c.code === 'POC-101'));
      const offerings = (await (await fetch(`http://127.0.0.1:${port}/api/v1/offerings?status=open`)).json()) as {
        total: number;
        items: Array<{ seatsLeft: number; waitlistLength: number }>;
      };
      assert.ok(offerings.total >= 3);
      assert.ok(offerings.items.some((o) => o.seatsLeft === 0 && o.waitlistLength > 0));
      const finalised = (await (await fetch(`http://127.0.0.1:${port}/api/v1/offerings?status=completed`)).json()) as { total: number };
      assert.equal(finalised.total, 1, 'a finalised cohort with passed and failed trainees');
      // Nominations: a focal point logs in and sees the open call, its list waiting for the board.
      const focal = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'focal@police.ke.demo', password: 'amahoro-demo-staff' }),
      });
      const { accessToken } = (await focal.json()) as { accessToken: string };
      const calls = (await (await fetch(`http://127.0.0.1:${port}/api/v1/me/nomination-calls`, { headers: { authorization: `Bearer ${accessToken}` } })).json()) as Array<{ allocations: Array<{ nominated: number }> }>;
      assert.deepEqual(calls.map((c) => c.allocations[0]!.nominated), [3]);
    } finally {
      run.child.kill('SIGTERM');
      assert.equal(await run.exited, 0, run.output());
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('as root, says where to keep the data when the postgres user cannot reach DATA_DIR', { skip: process.getuid?.() !== 0 && 'only root runs PostgreSQL as another user' }, async () => {
    const closed = await mkdtemp(join(tmpdir(), 'amahoro-private-')); // 0700, as mktemp -d or /root
    try {
      const line = await oneLineFailure(LAUNCHER, { DATABASE_URL: `postgres://postgres@127.0.0.1:${await closedPort()}/amahoro`, DATA_DIR: join(closed, '.data') });
      assert.match(line, new RegExp(`the postgres user, who cannot enter ${closed} .*set DATA_DIR to a folder every user can enter`));
    } finally {
      await rm(closed, { recursive: true, force: true });
    }
  });

  it('says how to get Redis when none answers and none is installed', async () => {
    const redisPort = await closedPort();
    const line = await oneLineFailure(LAUNCHER, {
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      PATH: '/nonexistent',
    });
    assert.match(line, /no redis-server is installed: install Redis/);
  });
});
