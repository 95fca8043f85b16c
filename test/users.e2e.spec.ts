import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { useApp } from './support/fixture.js';
import { TestApi, uniqueEmail } from './support/harness.js';
import { assertAdminOnly, type Route } from './support/refusals.js';
import { untilWaitingOnLock, withHeldTransaction } from './support/locks.js';

describe('users: admin management and roles', () => {
  const app = useApp({ users: { trainee: 'trainee' } });

  it('lets an admin create an instructor who can then log in', async () => {
    const email = uniqueEmail('instructor');
    const created = await app.api.post('/api/v1/users', {
      token: app.admin.token,
      body: { email, fullName: 'Kwame Mensah', role: 'instructor', password: 'instructor-password', nationality: 'GHA', category: 'police' },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.role, 'instructor');
    assert.equal(created.body.nationality, 'GHA');
    const login = await app.api.login(email, 'instructor-password');
    assert.equal(login.status, 200);
    assert.equal(login.body.user.role, 'instructor');
  });

  it('creates a user without a password who cannot log in yet', async () => {
    const email = uniqueEmail('nominee');
    const created = await app.api.post('/api/v1/users', { token: app.admin.token, body: { email, fullName: 'Nominee', role: 'trainee' } });
    assert.equal(created.status, 201);
    assert.equal((await app.api.login(email, '!')).status, 401);
  });

  it('refuses admin routes to a trainee (403) and to nobody (401)', async () => {
    const routes: Route[] = [
      ['POST', '/api/v1/users', { email: uniqueEmail(), fullName: 'X', role: 'admin' }],
      ['GET', '/api/v1/users'],
      ['GET', `/api/v1/users/${app.users.trainee.id}`],
      ['PATCH', `/api/v1/users/${app.users.trainee.id}`, { role: 'admin' }],
      ['POST', '/api/v1/system/ping', { message: 'hi' }],
    ];
    await assertAdminOnly(app.api, routes, [app.users.trainee]);
    assert.equal((await app.api.get('/api/v1/me', { token: app.users.trainee.token })).body.role, 'trainee');
  });

  it('answers 409 for a duplicate email and 400 for bad input', async () => {
    const dup = await app.api.post('/api/v1/users', { token: app.admin.token, body: { email: app.users.trainee.email.toUpperCase(), fullName: 'X', role: 'trainee' } });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'USER_EMAIL_TAKEN');
    const bad = [
      { email: uniqueEmail(), fullName: 'X', role: 'superuser' },
      { email: uniqueEmail(), fullName: 'X' },
      { email: uniqueEmail(), fullName: 'X', role: 'trainee', password: 'short' },
      { email: uniqueEmail(), fullName: 'X', role: 'trainee', active: 'yes' },
    ];
    for (const body of bad) assert.equal((await app.api.post('/api/v1/users', { token: app.admin.token, body })).status, 400, JSON.stringify(body));
  });

  it('lists users with filters and pagination', async () => {
    const marker = randomUUID().slice(0, 8);
    for (let i = 0; i < 3; i++) {
      await app.api.post('/api/v1/users', { token: app.admin.token, body: { email: uniqueEmail(`list-${marker}`), fullName: `Listed ${marker} ${i}`, role: 'instructor' } });
    }
    const page = await app.api.get(`/api/v1/users?role=instructor&q=${marker}&page=1&limit=2`, { token: app.admin.token });
    assert.equal(page.status, 200);
    assert.equal(page.body.total, 3);
    assert.equal(page.body.items.length, 2);
    assert.equal(page.body.page, 1);
    assert.equal(page.body.limit, 2);
    assert.ok(page.body.items.every((u: { role: string }) => u.role === 'instructor'));
    assert.equal((await app.api.get(`/api/v1/users?q=${marker}&page=2&limit=2`, { token: app.admin.token })).body.items.length, 1);
    for (const query of ['limit=101', 'limit=0', 'page=0', 'page=abc', 'role=pilot', 'unknown=1']) {
      assert.equal((await app.api.get(`/api/v1/users?${query}`, { token: app.admin.token })).status, 400, query);
    }
  });

  it('answers 404 for an unknown user and 400 for an id that is not a UUID', async () => {
    assert.equal((await app.api.get(`/api/v1/users/${randomUUID()}`, { token: app.admin.token })).status, 404);
    assert.equal((await app.api.patch(`/api/v1/users/${randomUUID()}`, { token: app.admin.token, body: { active: false } })).status, 404);
    assert.equal((await app.api.get('/api/v1/users/not-a-uuid', { token: app.admin.token })).status, 400);
  });

  it('changes a role, which takes effect at once', async () => {
    const user = await app.api.signUp('trainee');
    assert.equal((await app.api.get('/api/v1/users', { token: user.token })).status, 403);
    const promoted = await app.api.patch(`/api/v1/users/${user.id}`, { token: app.admin.token, body: { role: 'admin' } });
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.role, 'admin');
    assert.equal((await app.api.get('/api/v1/users', { token: user.token })).status, 200);
  });

  it('deactivates a user: no login, no refresh, and the access token stops at once', async () => {
    const user = await app.api.signUp('trainee');
    const deactivated = await app.api.patch(`/api/v1/users/${user.id}`, { token: app.admin.token, body: { active: false } });
    assert.equal(deactivated.status, 200);
    assert.equal(deactivated.body.active, false);
    assert.equal((await app.api.get('/api/v1/me', { token: user.token })).status, 401);
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status, 401);
    const login = await app.api.login(user.email, user.password);
    assert.equal(login.status, 401);
    assert.equal(login.body.message, 'Invalid email or password');

    assert.equal((await app.api.patch(`/api/v1/users/${user.id}`, { token: app.admin.token, body: { active: true } })).status, 200);
    assert.equal((await app.api.login(user.email, user.password)).status, 200);
  });

  it('a deactivation in progress does not hold back rows that refer to the user (an enrolment, a notification)', async () => {
    const user = await app.api.signUp('trainee');
    // A login of the user being rotated: its refresh token's row is held.
    await withHeldTransaction(app.db, async (rotation) => {
      await rotation.query('SELECT id FROM refresh_tokens WHERE user_id = $1 FOR UPDATE', [user.id]);
      // The deactivation locks the user, then waits to revoke that token.
      const deactivated = app.api.patch(`/api/v1/users/${user.id}`, { token: app.admin.token, body: { active: false } });
      await untilWaitingOnLock(app.db, 'UPDATE "refresh_tokens"%', 'the deactivation waits for the token');
      // A row that refers to the user is checked by PostgreSQL with FOR KEY SHARE on the user's row: under the
      // deactivation's FOR UPDATE it waited, and an enrolment holding its offering's lock meanwhile made every
      // enrolment in that offering wait with it.
      await withHeldTransaction(app.db, async (other) => {
        await other.query(`SET LOCAL lock_timeout = '2s'`);
        await other.query('SELECT id FROM users WHERE id = $1 FOR KEY SHARE', [user.id]);
        await other.commitTransaction();
      });
      await rotation.commitTransaction();
      assert.equal((await deactivated).status, 200);
    });
    assert.equal((await app.api.login(user.email, user.password)).status, 401);
  });

  it('does not let the users route change an email', async () => {
    const reply = await app.api.patch(`/api/v1/users/${app.users.trainee.id}`, { token: app.admin.token, body: { email: uniqueEmail() } });
    assert.equal(reply.status, 400);
  });
});

describe('users: the first admin from the environment', () => {
  it('is created at start-up, and an existing user with that email is left as it is', async () => {
    const email = uniqueEmail('first-admin');
    const first = await TestApi.start({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'first-admin-password' });
    try {
      const login = await first.login(email, 'first-admin-password');
      assert.equal(login.status, 200);
      assert.equal(login.body.user.role, 'admin');
    } finally {
      await first.close();
    }
    const again = await TestApi.start({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'another-password-entirely' });
    try {
      assert.equal((await again.login(email, 'another-password-entirely')).status, 401);
      assert.equal((await again.login(email, 'first-admin-password')).status, 200);
    } finally {
      await again.close();
    }
  });
});
