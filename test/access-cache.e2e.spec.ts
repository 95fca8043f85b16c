import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DataSource } from 'typeorm';
import { eventually } from './support/classroom.js';
import { useApp } from './support/fixture.js';

describe('access cache: a token costs no query for a few seconds, and a change anywhere ends it within one', () => {
  const app = useApp();

  /** Queries this API process sends to PostgreSQL while `run` runs. */
  const queriesDuring = async (run: () => Promise<unknown>) => {
    const source = app.db;
    const original = source.query.bind(source);
    let count = 0;
    source.query = ((...args: Parameters<DataSource['query']>) => (count++, original(...args))) as DataSource['query'];
    try {
      await run();
    } finally {
      source.query = original;
    }
    return count;
  };

  it('answers repeated requests of one login from memory', async () => {
    const user = await app.api.signUp('instructor');
    assert.equal((await app.api.get('/api/v1/audit', { token: user.token })).status, 403);
    const queries = await queriesDuring(async () => {
      for (let i = 0; i < 10; i++) assert.equal((await app.api.get('/api/v1/audit', { token: user.token })).status, 403);
    });
    assert.equal(queries, 0);
  });

  it('forgets within a second a role, activity or login changed behind this process’s back (another process, plain SQL)', async () => {
    const user = await app.api.signUp('trainee');
    const me = () => app.api.get('/api/v1/me', { token: user.token });
    assert.equal((await me()).body.role, 'trainee');
    const started = Date.now();
    await app.db.query(`UPDATE users SET role = 'instructor' WHERE id = $1`, [user.id]);
    await eventually(me, (reply) => reply.body.role === 'instructor', 1000);
    await app.db.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1`, [user.id]);
    await eventually(me, (reply) => reply.status === 401, 1000);
    assert.ok(Date.now() - started < 2000);

    const other = await app.api.signUp('trainee');
    assert.equal((await app.api.get('/api/v1/me', { token: other.token })).status, 200);
    await app.db.query(`UPDATE users SET active = false WHERE id = $1`, [other.id]);
    await eventually(() => app.api.get('/api/v1/me', { token: other.token }), (reply) => reply.status === 401, 1000);
  });

  it('forgets at once what this process changes itself', async () => {
    const user = await app.api.signUp('trainee');
    assert.equal((await app.api.get('/api/v1/audit', { token: user.token })).status, 403);
    assert.equal((await app.api.patch(`/api/v1/users/${user.id}`, { token: app.admin.token, body: { role: 'admin' } })).status, 200);
    assert.equal((await app.api.get('/api/v1/audit', { token: user.token })).status, 200);
  });
});
