// The browser's session: the refresh token in an HttpOnly cookie scoped to the auth routes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useApp } from './support/fixture.js';
import { TestApi } from './support/harness.js';

const CSRF = { 'x-requested-with': 'fetch' };

/** The refresh cookie a reply sets: its value and its attributes, lower-cased. */
function refreshCookie(headers: Headers): { value: string; attributes: string[] } | undefined {
  const line = headers.getSetCookie().find((cookie) => cookie.startsWith('amahoro_refresh='));
  if (!line) return undefined;
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return { value: decodeURIComponent(pair!.slice('amahoro_refresh='.length)), attributes: attributes.map((a) => a.toLowerCase()) };
}

const cookieHeader = (token: string) => ({ cookie: `amahoro_refresh=${encodeURIComponent(token)}` });

describe('session cookie: login and refresh set it, refresh and logout take it, logout clears it', () => {
  const app = useApp({ users: { trainee: 'trainee' } });

  const login = () => app.api.login(app.users.trainee.email, app.users.trainee.password);

  it('sets the refresh token in an HttpOnly, SameSite=Strict cookie for the auth routes only (not Secure on localhost)', async () => {
    const reply = await login();
    assert.equal(reply.status, 200);
    const cookie = refreshCookie(reply.headers)!;
    assert.equal(cookie.value, reply.body.refreshToken, 'the JSON body keeps it too, for scripts and apps');
    assert.ok(cookie.attributes.includes('httponly'));
    assert.ok(cookie.attributes.includes('samesite=strict'));
    assert.ok(cookie.attributes.includes('path=/api/v1/auth'));
    assert.ok(cookie.attributes.includes(`max-age=${app.api.config.jwt.refreshTtlSeconds}`));
    assert.ok(!cookie.attributes.includes('secure'), `PUBLIC_BASE_URL is ${app.api.config.publicBaseUrl}`);
  });

  it('refreshes from the cookie with the CSRF header, rotating the cookie; without the header it refuses and consumes nothing', async () => {
    const first = refreshCookie((await login()).headers)!.value;
    const refused = await app.api.post('/api/v1/auth/refresh', { headers: cookieHeader(first), body: {} });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'AUTH_CSRF_HEADER_MISSING');

    const refreshed = await app.api.post('/api/v1/auth/refresh', { headers: { ...cookieHeader(first), ...CSRF }, body: {} });
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const second = refreshCookie(refreshed.headers)!;
    assert.notEqual(second.value, first);
    assert.equal(second.value, refreshed.body.refreshToken);
    assert.equal((await app.api.get('/api/v1/me', { token: refreshed.body.accessToken })).status, 200);

    // No body at all works too (what a browser's fetch sends by default).
    const bodiless = await app.api.post('/api/v1/auth/refresh', { headers: { ...cookieHeader(second.value), ...CSRF } });
    assert.equal(bodiless.status, 200, JSON.stringify(bodiless.body));
    const third = refreshCookie(bodiless.headers)!.value;

    // A cookie already rotated: 401, the login is revoked, and the cookie is cleared.
    const reused = await app.api.post('/api/v1/auth/refresh', { headers: { ...cookieHeader(first), ...CSRF }, body: {} });
    assert.equal(reused.status, 401);
    const cleared = refreshCookie(reused.headers)!;
    assert.equal(cleared.value, '');
    assert.ok(cleared.attributes.some((a) => a.startsWith('expires=thu, 01 jan 1970')) || cleared.attributes.includes('max-age=0'));
    assert.equal((await app.api.post('/api/v1/auth/refresh', { headers: { ...cookieHeader(third), ...CSRF }, body: {} })).status, 401, 'the whole login is gone');
  });

  it('prefers the body’s token when both come', async () => {
    const fromCookie = refreshCookie((await login()).headers)!.value;
    const fromBody = (await login()).body.refreshToken;
    const reply = await app.api.post('/api/v1/auth/refresh', { headers: cookieHeader(fromCookie), body: { refreshToken: fromBody } });
    assert.equal(reply.status, 200, 'no CSRF header is needed when the token is in the body');
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: fromBody } })).status, 401, 'the body’s token was used');
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: fromCookie } })).status, 200, 'the cookie’s was not');
  });

  it('answers 400 when no refresh token comes at all', async () => {
    const reply = await app.api.post('/api/v1/auth/refresh', { body: {}, headers: CSRF });
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'AUTH_REFRESH_TOKEN_MISSING');
  });

  it('logs out with the cookie and clears it', async () => {
    const loggedIn = await login();
    const token = refreshCookie(loggedIn.headers)!.value;
    assert.equal((await app.api.post('/api/v1/auth/logout', { token: loggedIn.body.accessToken, headers: cookieHeader(token), body: {} })).status, 403, 'CSRF header required');
    const reply = await app.api.post('/api/v1/auth/logout', { token: loggedIn.body.accessToken, headers: { ...cookieHeader(token), ...CSRF } });
    assert.equal(reply.status, 204);
    const cleared = refreshCookie(reply.headers)!;
    assert.equal(cleared.value, '');
    assert.ok(cleared.attributes.includes('path=/api/v1/auth'));
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: token } })).status, 401);
    assert.equal((await app.api.get('/api/v1/me', { token: loggedIn.body.accessToken })).status, 401);
    // The JSON body still works, as before, and also clears the cookie.
    const other = await login();
    const byBody = await app.api.post('/api/v1/auth/logout', { token: other.body.accessToken, body: { refreshToken: other.body.refreshToken } });
    assert.equal(byBody.status, 204);
    assert.equal(refreshCookie(byBody.headers)!.value, '');
  });

  it('never lets another origin send the cookie with the CSRF header: its preflight is not allowed credentials', async () => {
    const preflight = await app.api.request('OPTIONS', '/api/v1/auth/refresh', {
      headers: { origin: 'https://evil.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-requested-with,content-type' },
    });
    assert.ok(preflight.status < 300);
    assert.notEqual(preflight.headers.get('access-control-allow-credentials'), 'true');
  });

  it('marks the cookie Secure when the public address is not a local HTTP one', async () => {
    for (const [base, secure] of [['https://academy.example.org', true], ['http://academy.example.org', true], ['http://127.0.0.1:8080', false]] as const) {
      const other = await TestApi.start({ PUBLIC_BASE_URL: base });
      try {
        const reply = await other.login(app.users.trainee.email, app.users.trainee.password);
        assert.equal(refreshCookie(reply.headers)!.attributes.includes('secure'), secure, base);
      } finally {
        await other.close();
      }
    }
  });
});
