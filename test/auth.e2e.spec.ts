import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useApp } from './support/fixture.js';
import { decodeJwt, signJwt } from './support/jwt.js';
import { TestApi, uniqueEmail } from './support/harness.js';
import { untilWaitingOnLock, withHeldTransaction } from './support/locks.js';

const PASSWORD = 'correct-horse-battery';

describe('auth: register, login, refresh, logout', () => {
  const app = useApp();

  const register = (body: Record<string, unknown>) => app.api.post('/api/v1/auth/register', { body });
  const login = (email: string, password = PASSWORD) => app.api.login(email, password);

  it('walks register → login → /me → refresh → logout', async () => {
    const email = uniqueEmail('walk');
    const created = await register({ email, password: PASSWORD, fullName: 'Amina Uwase', gender: 'female', nationality: 'rwa', category: 'police' });
    assert.equal(created.status, 201);
    assert.equal(created.body.role, 'trainee');
    assert.equal(created.body.email, email);
    assert.equal(created.body.nationality, 'RWA');
    assert.equal(created.body.active, true);
    assert.ok(!('password' in created.body) && !('passwordHash' in created.body));

    const loggedIn = await login(email.toUpperCase());
    assert.equal(loggedIn.status, 200);
    assert.equal(loggedIn.body.user.id, created.body.id);
    assert.equal(loggedIn.body.expiresIn, 900);
    assert.equal(decodeJwt(loggedIn.body.accessToken).sub, created.body.id);

    const me = await app.api.get('/api/v1/me', { token: loggedIn.body.accessToken });
    assert.equal(me.status, 200);
    assert.equal(me.body.fullName, 'Amina Uwase');

    const refreshed = await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: loggedIn.body.refreshToken } });
    assert.equal(refreshed.status, 200);
    assert.notEqual(refreshed.body.refreshToken, loggedIn.body.refreshToken);
    assert.equal((await app.api.get('/api/v1/me', { token: refreshed.body.accessToken })).status, 200);

    const loggedOut = await app.api.post('/api/v1/auth/logout', { token: refreshed.body.accessToken, body: { refreshToken: refreshed.body.refreshToken } });
    assert.equal(loggedOut.status, 204);
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: refreshed.body.refreshToken } })).status, 401);
    assert.equal((await app.api.get('/api/v1/me', { token: refreshed.body.accessToken })).status, 401, 'logout ends the access token too');
  });

  it('refuses a rotated refresh token and then revokes that whole login', async () => {
    const user = await app.api.signUp();
    const first = await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    assert.equal(first.status, 200);

    const reuse = await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } });
    assert.equal(reuse.status, 401);
    assert.equal(reuse.body.code, 'AUTH_REFRESH_TOKEN_REUSED');

    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: first.body.refreshToken } })).status, 401);
    assert.equal((await app.api.get('/api/v1/me', { token: first.body.accessToken })).status, 401);

    // Another login of the same user is untouched.
    assert.equal((await login(user.email)).status, 200);
  });

  it('lets only one of two concurrent refreshes with one token win', async () => {
    const user = await app.api.signUp();
    const results = await Promise.all([1, 2].map(() => app.api.post('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })));
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, 401]);
  });

  it('answers 401 with one message for an unknown email and a wrong password', async () => {
    const user = await app.api.signUp();
    const unknown = await login(uniqueEmail('nobody'));
    const wrong = await login(user.email, 'not-the-password');
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    assert.equal(unknown.body.message, wrong.body.message);
    assert.deepEqual(Object.keys(wrong.body).sort(), ['code', 'error', 'message', 'statusCode']);
    assert.equal(wrong.body.error, 'Unauthorized');
  });

  it('refuses garbage, unknown and malformed refresh tokens with 401 or 400', async () => {
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: 'nonsense' } })).status, 401);
    const forged = '00000000-0000-4000-8000-000000000000.' + 'a'.repeat(43);
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: forged } })).status, 401);
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: 42 } })).status, 400);
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: {} })).status, 400);
  });

  it('refuses tokens it did not sign: none, tampered, expired, wrong secret, wrong audience', async () => {
    const user = await app.api.signUp();
    const claims = decodeJwt(user.token);
    const secret = app.api.config.jwt.accessSecret;
    const now = Math.floor(Date.now() / 1000);
    const [header, payload, signature] = user.token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${signature}`;
    const bad = [
      signJwt({ alg: 'none', typ: 'JWT' }, claims, secret),
      tampered,
      signJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 1000, exp: now - 10 }, secret),
      signJwt({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-another-secret-another'),
      signJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, aud: 'someone-else' }, secret),
      `${header}.${payload}`,
      'not-a-jwt',
    ];
    for (const token of bad) {
      const reply = await app.api.get('/api/v1/me', { token });
      assert.equal(reply.status, 401, token);
      assert.equal(reply.body.statusCode, 401);
    }
    assert.equal((await app.api.get('/api/v1/me')).status, 401);
    assert.equal((await app.api.get('/api/v1/me', { headers: { authorization: 'Basic abc' } })).status, 401);
  });

  it('validates registration: 400 for bad fields and unknown ones, 409 for a taken email in any case', async () => {
    const email = uniqueEmail('dup');
    assert.equal((await register({ email, password: PASSWORD, fullName: 'First' })).status, 201);
    const duplicate = await register({ email: email.toUpperCase(), password: PASSWORD, fullName: 'Second' });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.code, 'USER_EMAIL_TAKEN');

    const cases: Array<Record<string, unknown>> = [
      { email: uniqueEmail(), password: 'short', fullName: 'X' },
      { email: 'not-an-email', password: PASSWORD, fullName: 'X' },
      { email: uniqueEmail(), password: PASSWORD, fullName: 'X', role: 'admin' },
      { email: 42, password: PASSWORD, fullName: 'X' },
      { email: uniqueEmail(), password: ['a'], fullName: 'X' },
      { email: uniqueEmail(), password: PASSWORD, fullName: '' },
      { email: uniqueEmail(), password: PASSWORD, fullName: 'X', nationality: 'XX' },
      { email: uniqueEmail(), password: PASSWORD, fullName: 'X', gender: 'unknown' },
      { email: uniqueEmail(), password: PASSWORD, fullName: 'X', category: 'pirate' },
      { email: uniqueEmail(), password: 'p'.repeat(300), fullName: 'X' },
    ];
    for (const body of cases) {
      const reply = await register(body);
      assert.equal(reply.status, 400, JSON.stringify(body));
      assert.equal(reply.body.error, 'Bad Request');
      assert.ok(Array.isArray(reply.body.message));
    }
  });

  it('lets a user edit their profile but not their role or email', async () => {
    const user = await app.api.signUp();
    const edited = await app.api.patch('/api/v1/me', { token: user.token, body: { fullName: 'Jean Bosco', rank: 'Major', nationality: 'cod' } });
    assert.equal(edited.status, 200);
    assert.equal(edited.body.fullName, 'Jean Bosco');
    assert.equal(edited.body.nationality, 'COD');
    assert.equal((await app.api.patch('/api/v1/me', { token: user.token, body: { role: 'admin' } })).status, 400);
    assert.equal((await app.api.patch('/api/v1/me', { token: user.token, body: { email: uniqueEmail() } })).status, 400);
    assert.equal((await app.api.get('/api/v1/me', { token: user.token })).body.role, 'trainee');
  });

  it('changes a password only with the current one, ending every other login', async () => {
    const user = await app.api.signUp();
    const newPassword = 'a-brand-new-passphrase';
    const missing = await app.api.patch('/api/v1/me', { token: user.token, body: { password: newPassword } });
    assert.equal(missing.status, 400);
    const wrong = await app.api.patch('/api/v1/me', { token: user.token, body: { password: newPassword, currentPassword: 'nope-nope-nope' } });
    assert.equal(wrong.status, 400);
    const elsewhere = (await login(user.email, user.password)).body;
    const ok = await app.api.patch('/api/v1/me', { token: user.token, body: { password: newPassword, currentPassword: user.password } });
    assert.equal(ok.status, 200);
    // Every other login ends, access and refresh tokens alike; the one that changed it goes on.
    assert.equal((await app.api.get('/api/v1/me', { token: elsewhere.accessToken })).status, 401);
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: elsewhere.refreshToken } })).status, 401);
    assert.equal((await app.api.get('/api/v1/me', { token: user.token })).status, 200);
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status, 200);
    assert.equal((await login(user.email, user.password)).status, 401);
    assert.equal((await login(user.email, newPassword)).status, 200);
  });

  it('changes a password while an admin deactivates the user: no deadlock', async () => {
    const user = await app.api.signUp();
    await login(user.email, user.password);
    // The deactivation, held open: it has the user's row (UsersRepository.findForUpdate), and will revoke the logins.
    await withHeldTransaction(app.db, async (deactivation) => {
      await deactivation.query('SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE', [user.id]);
      const changed = app.api.patch('/api/v1/me', { token: user.token, body: { password: 'a-brand-new-passphrase', currentPassword: user.password } });
      await untilWaitingOnLock(app.db, 'UPDATE "users"%', 'the change waits for the user');
      // The change took the user's row last, after its revocation had the logins' rows: this waited for the
      // change, which waited for the user's row, a deadlock. It takes the user's row first now, as this does.
      await deactivation.query(`SET LOCAL lock_timeout = '5s'`);
      await deactivation.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [user.id]);
      await deactivation.query('UPDATE users SET active = false WHERE id = $1', [user.id]);
      await deactivation.commitTransaction();
      const reply = await changed;
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    });
  });
});

describe('auth: login throttling', () => {
  // Its own Redis prefix: these counters start from zero and leave the other tests alone.
  const app = useApp({ env: { REDIS_PREFIX: `${process.env.REDIS_PREFIX}-throttle` } });

  it('answers 429 after repeated failures on an account from one address, even to the right password, with Retry-After', async () => {
    const user = await app.api.signUp();
    for (let i = 0; i < 5; i++) assert.equal((await app.api.login(user.email, `wrong-password-${i}`)).status, 401);
    const locked = await app.api.login(user.email, 'wrong-password-again');
    assert.equal(locked.status, 429);
    assert.equal(locked.body.code, 'AUTH_TOO_MANY_ATTEMPTS');
    assert.equal(locked.body.error, 'Too Many Requests');
    const retryAfter = Number(locked.headers.get('retry-after'));
    assert.ok(retryAfter > 0 && retryAfter <= 900, `retry-after ${retryAfter}`);
    assert.equal((await app.api.login(user.email, user.password)).status, 429);

    // Only this account is locked: another one from the same address logs in.
    const other = await app.api.signUp();
    assert.equal((await app.api.login(other.email, other.password)).status, 200);
  });

  it('never counts successful logins, and a success clears the account counter', async () => {
    const user = await app.api.signUp();
    for (let i = 0; i < 30; i++) assert.equal((await app.api.login(user.email, user.password)).status, 200);
    for (let i = 0; i < 4; i++) assert.equal((await app.api.login(user.email, 'wrong-password-x')).status, 401);
    assert.equal((await app.api.login(user.email, user.password)).status, 200);
    for (let i = 0; i < 4; i++) assert.equal((await app.api.login(user.email, 'wrong-password-y')).status, 401);
    assert.equal((await app.api.login(user.email, user.password)).status, 200);
  });
});

describe('auth: login throttling behind a proxy', () => {
  // The test client is the trusted proxy: X-Forwarded-For names each caller's address.
  const app = useApp({ env: { REDIS_PREFIX: `${process.env.REDIS_PREFIX}-proxy`, TRUST_PROXY: '127.0.0.1', REGISTER_MAX_PER_IP: '3' } });

  const loginFrom = (ip: string, email: string, password: string) =>
    app.api.login(email, password, { 'x-forwarded-for': ip });

  it('tests at most 5 passwords of 40 concurrent guesses from one address', async () => {
    const user = await app.api.signUp();
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => loginFrom('198.51.100.40', user.email, `guess-number-${i}`)));
    const statuses = replies.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 401).length, 5, JSON.stringify(statuses));
    assert.equal(statuses.filter((s) => s === 429).length, 35);
  });

  it('never lets failures from other addresses stop the right password from a new one', async () => {
    const user = await app.api.signUp();
    for (let address = 1; address <= 6; address++) {
      for (let i = 0; i < 5; i++) assert.equal((await loginFrom(`203.0.113.${address}`, user.email, `wrong-${i}`)).status, 401);
      assert.equal((await loginFrom(`203.0.113.${address}`, user.email, 'wrong-again')).status, 429);
    }
    // 30 failures on the account, from six addresses: its owner still gets in from a fresh one...
    assert.equal((await loginFrom('192.0.2.200', user.email, user.password)).status, 200);
    // ...while each guessing address stays stopped on this account.
    assert.equal((await loginFrom('203.0.113.1', user.email, user.password)).status, 429);
  });

  it('allows 3 registrations an hour from one address, then answers 429 with Retry-After; another address goes on', async () => {
    const register = (ip: string) =>
      app.api.post('/api/v1/auth/register', { body: { email: uniqueEmail('reg'), password: PASSWORD, fullName: 'Many Accounts' }, headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++) assert.equal((await register('198.51.100.77')).status, 201);
    const refused = await register('198.51.100.77');
    assert.equal(refused.status, 429);
    assert.equal(refused.body.code, 'AUTH_TOO_MANY_REGISTRATIONS');
    // REGISTER_WINDOW is an hour, begun with this address's first registration.
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter > 3000 && retryAfter <= 3600, `retry-after ${retryAfter}`);
    assert.equal((await register('198.51.100.78')).status, 201);
  });
});

describe('auth: a client cannot pick its own address', () => {
  const spray = async (api: TestApi, forwardedFor: (i: number) => string) => {
    const user = await api.signUp();
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      const reply = await api.login(user.email, `wrong-${i}`, { 'x-forwarded-for': forwardedFor(i) });
      statuses.push(reply.status);
    }
    return statuses;
  };

  it('ignores X-Forwarded-For when no proxy is trusted', async () => {
    const api = await TestApi.start({ REDIS_PREFIX: `${process.env.REDIS_PREFIX}-xff0` });
    try {
      assert.deepEqual(await spray(api, (i) => `10.0.0.${i}`), [401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await api.close();
    }
  });

  it('with one trusted hop, believes only the address that proxy added, not what the client wrote before it', async () => {
    const api = await TestApi.start({ REDIS_PREFIX: `${process.env.REDIS_PREFIX}-xff1`, TRUST_PROXY: '1' });
    try {
      assert.deepEqual(await spray(api, (i) => `10.0.0.${i}, 192.0.2.9`), [401, 401, 401, 401, 401, 429, 429]);
    } finally {
      await api.close();
    }
  });
});

describe('auth: login throttling per address', () => {
  const app = useApp({ env: { REDIS_PREFIX: `${process.env.REDIS_PREFIX}-ip`, LOGIN_MAX_FAILURES_PER_IP: '6' } });

  it('throttles one address spraying many accounts, at a bar of its own', async () => {
    const user = await app.api.signUp();
    for (let i = 0; i < 20; i++) {
      const ok = await app.api.login(user.email, user.password);
      assert.equal(ok.status, 200, 'successful logins do not count');
    }
    for (let i = 0; i < 6; i++) {
      const reply = await app.api.login(uniqueEmail('spray'), 'guess-guess-guess');
      assert.equal(reply.status, 401);
    }
    const blocked = await app.api.login(uniqueEmail('spray'), 'guess-guess-guess');
    assert.equal(blocked.status, 429);
  });
});
