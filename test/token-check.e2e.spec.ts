import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { JwtService } from '@nestjs/jwt';
import pg from 'pg';
import { AUTH_LISTENER_NAME, AuthChanges, HEARD_WITHIN_MS } from '../apps/api/src/auth/auth-changes.js';
import { eventually } from './support/classroom.js';
import { TestApi, type TestUser } from './support/harness.js';
import { decodeJwt } from './support/jwt.js';
import { queriesSentDuring, untilTokensAnswer } from './support/sent-queries.js';

describe('token check: a fresh token answers for its caller, and a change anywhere ends that on the next request', () => {
  let startedAt: number;
  let api: TestApi;
  let admin: TestUser;
  let changes: AuthChanges;
  let sql: pg.Client;
  before(async () => {
    startedAt = Date.now();
    api = await TestApi.start();
    changes = api.app.get(AuthChanges);
    sql = new pg.Client({ connectionString: api.config.databaseUrl });
    await sql.connect();
    await untilTokensAnswer(api.app);
    admin = await api.signUp('admin');
  });
  after(async () => {
    await sql.end();
    await api.close();
  });

  const me = (user: TestUser) => api.get('/api/v1/me', { token: user.token });
  /** Admins only: for anyone else the guards answer 403, and any query it costs is the token check's. */
  const checked = async (user: TestUser) => {
    const { result, sent } = await queriesSentDuring(() => api.get('/api/v1/audit?limit=1', { token: user.token }));
    return { status: result.status, queries: sent.length };
  };
  /** Waits for this process to hear of a change committed elsewhere; it has to within the heartbeat's bound. */
  const heard = (userId: string, since: number) =>
    eventually(async () => !changes.unchangedSince(userId, since), Boolean, HEARD_WITHIN_MS);
  const nobodyTrusted = () => eventually(async () => !changes.unchangedSince('00000000-0000-0000-0000-000000000000', Date.now()), Boolean, 5_000);

  it('answers a fresh token’s first request with no query, from its claims', async () => {
    const user = await api.signUp('instructor');
    assert.deepEqual(
      Object.keys(decodeJwt(user.token)).sort(),
      ['aud', 'email', 'exp', 'iat', 'iss', 'role', 'sid', 'sub'],
    );
    const { result, sent } = await queriesSentDuring(() => api.get('/api/v1/audit?limit=1', { token: user.token }));
    assert.equal(result.status, 403);
    assert.deepEqual(sent, []);
    const known = (await me(user)).body;
    assert.deepEqual([known.id, known.email, known.role], [user.id, user.email, 'instructor']);
  });

  it('ends a logout, a deactivation and a role change made through this process on the very next request', async () => {
    const [quitter, leaver, promoted] = await Promise.all([api.signUp(), api.signUp(), api.signUp()]);
    for (const user of [quitter!, leaver!, promoted!]) assert.deepEqual(await checked(user), { status: 403, queries: 0 });

    assert.equal((await api.post('/api/v1/auth/logout', { token: quitter!.token, body: { refreshToken: quitter!.refreshToken } })).status, 204);
    assert.equal((await me(quitter!)).status, 401);
    assert.equal((await api.patch(`/api/v1/users/${leaver!.id}`, { token: admin.token, body: { active: false } })).status, 200);
    assert.equal((await me(leaver!)).status, 401);
    assert.equal((await api.patch(`/api/v1/users/${promoted!.id}`, { token: admin.token, body: { role: 'admin' } })).status, 200);
    assert.equal((await api.get('/api/v1/audit?limit=1', { token: promoted!.token })).status, 200);
  });

  it('ends a role change, a revoked login and a deactivation in plain SQL (as another process) on the next request once heard', async () => {
    const [promoted, revoked, leaver] = await Promise.all([api.signUp(), api.signUp(), api.signUp()]);
    for (const user of [promoted!, revoked!, leaver!]) assert.deepEqual(await checked(user), { status: 403, queries: 0 });
    const changed = async (user: TestUser, statement: string) => {
      const since = Date.now();
      await sql.query(statement, [user.id]);
      const reply = await me(user);
      await heard(user.id, since);
      return reply;
    };
    // The request right after the commit may beat the notification by a hair; any request after it is heard may not.
    const early = await changed(promoted!, `UPDATE users SET role = 'instructor' WHERE id = $1`);
    assert.ok(early.body.role === 'instructor' || early.body.role === 'trainee');
    assert.equal((await me(promoted!)).body.role, 'instructor');
    await changed(revoked!, `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1`);
    assert.equal((await me(revoked!)).status, 401);
    await changed(leaver!, `UPDATE users SET active = false WHERE id = $1`);
    assert.equal((await me(leaver!)).status, 401);
  });

  it('asks the database for a token issued before this process listened, or without the claims it needs', async () => {
    const jwt = api.app.get(JwtService);
    const resigned = async (claims: (user: { sub: string; sid: string; role: string; email: string }) => object) => {
      const user = await api.signUp();
      return { ...user, token: await jwt.signAsync(claims(decodeJwt(user.token) as { sub: string; sid: string; role: string; email: string })) };
    };
    const beforeStart = await resigned(({ sub, sid, role, email }) => ({ sub, sid, role, email, iat: Math.floor(startedAt / 1000) - 1 }));
    const withoutEmail = await resigned(({ sub, sid, role }) => ({ sub, sid, role }));
    for (const user of [beforeStart, withoutEmail]) {
      assert.deepEqual(await checked(user), { status: 403, queries: 1 });
      assert.deepEqual(await checked(user), { status: 403, queries: 0 }, 'then the short cache answers');
    }
  });

  it('asks the database while the listener is cut, and for tokens issued before it is back', async () => {
    const before = await api.signUp();
    assert.deepEqual(await checked(before), { status: 403, queries: 0 });
    const { rows: [{ cut }] } = await sql.query(
      `SELECT count(pg_terminate_backend(pid))::int AS cut FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`,
      [AUTH_LISTENER_NAME],
    );
    assert.equal(cut, 1);
    await nobodyTrusted();
    assert.deepEqual(await checked(before), { status: 403, queries: 1 });
    assert.deepEqual(await checked(before), { status: 403, queries: 1 }, 'nor is the answer cached meanwhile');

    await untilTokensAnswer(api.app);
    assert.equal((await checked(before)).queries, 1, 'issued before the listener was back');
    const after = await api.signUp();
    assert.equal((await checked(after)).queries, 0);
  });

  it('stops trusting tokens within the heartbeat’s bound when the listener silently stops answering, then listens again', async () => {
    await untilTokensAnswer(api.app);
    const user = await api.signUp();
    assert.equal((await checked(user)).queries, 0);
    // As a half-open connection looks from here: nothing more arrives on it.
    const listener = (changes as unknown as { listener: { connection: { stream: { pause(): void } } } }).listener;
    listener.connection.stream.pause();
    const paused = Date.now();
    await nobodyTrusted();
    assert.ok(Date.now() - paused <= HEARD_WITHIN_MS + 250, `trusted for ${Date.now() - paused} ms`);
    assert.equal((await checked(user)).queries, 1);
    await untilTokensAnswer(api.app, 10_000);
    await sleep(10);
    assert.equal((await checked(await api.signUp())).queries, 0);
  });
});
