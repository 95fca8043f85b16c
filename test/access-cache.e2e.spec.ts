import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from './support/classroom.js';
import { TestApi, type TestUser } from './support/harness.js';

describe('access cache: a token costs no query for a few seconds, and a change anywhere ends it within one', () => {
  let api: TestApi;
  let admin: TestUser;
  let db: DataSource;
  before(async () => {
    api = await TestApi.start();
    admin = await api.signUp('admin');
    db = api.app.get(DataSource);
  });
  after(() => api.close());

  /** Queries this API process sends to PostgreSQL while `run` runs. */
  const queriesDuring = async (run: () => Promise<unknown>) => {
    const original = db.query.bind(db);
    let count = 0;
    db.query = ((...args: Parameters<DataSource['query']>) => (count++, original(...args))) as DataSource['query'];
    try {
      await run();
    } finally {
      db.query = original;
    }
    return count;
  };

  it('answers repeated requests of one login from memory', async () => {
    const user = await api.signUp('instructor');
    assert.equal((await api.get('/api/v1/audit', { token: user.token })).status, 403);
    const queries = await queriesDuring(async () => {
      for (let i = 0; i < 10; i++) assert.equal((await api.get('/api/v1/audit', { token: user.token })).status, 403);
    });
    assert.equal(queries, 0);
  });

  it('forgets within a second a role, activity or login changed behind this process’s back (another process, plain SQL)', async () => {
    const user = await api.signUp('trainee');
    const me = () => api.get('/api/v1/me', { token: user.token });
    assert.equal((await me()).body.role, 'trainee');
    const started = Date.now();
    await db.query(`UPDATE users SET role = 'instructor' WHERE id = $1`, [user.id]);
    await eventually(me, (reply) => reply.body.role === 'instructor', 1000);
    await db.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1`, [user.id]);
    await eventually(me, (reply) => reply.status === 401, 1000);
    assert.ok(Date.now() - started < 2000);

    const other = await api.signUp('trainee');
    assert.equal((await api.get('/api/v1/me', { token: other.token })).status, 200);
    await db.query(`UPDATE users SET active = false WHERE id = $1`, [other.id]);
    await eventually(() => api.get('/api/v1/me', { token: other.token }), (reply) => reply.status === 401, 1000);
  });

  it('forgets at once what this process changes itself', async () => {
    const user = await api.signUp('trainee');
    assert.equal((await api.get('/api/v1/audit', { token: user.token })).status, 403);
    assert.equal((await api.patch(`/api/v1/users/${user.id}`, { token: admin.token, body: { role: 'admin' } })).status, 200);
    assert.equal((await api.get('/api/v1/audit', { token: user.token })).status, 200);
  });
});
