import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually, pause } from './support/classroom.js';
import { createCourse, createOffering } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { uniqueEmail } from './support/harness.js';
import { tokenIn } from './support/mailbox.js';

describe('accounts: invitations, password reset, e-mail verification, unlock', () => {
  const app = useApp({ mail: true });
  /** Where the e-mails' links point: the API itself. */
  const base = () => app.api.config.publicBaseUrl;

  it('lets a trainee nominated by CSV set a password from the invitation and log in; the link works once', async () => {
    const course = await createCourse(app.api, app.admin);
    const offering = await createOffering(app.api, app.admin, course.id);
    const email = uniqueEmail('nominee');
    const nominated = await app.api.post(`/api/v1/offerings/${offering.id}/enrollments/bulk`, {
      token: app.admin.token,
      raw: `email,fullName\n${email},Nadia Habimana\n`,
      headers: { 'content-type': 'text/csv' },
    });
    assert.equal(nominated.body.results[0].outcome, 'enrolled');
    assert.equal((await app.api.login(email, 'whatever-password-1')).status, 401, 'no password yet');

    const invite = await app.mailbox.waitFor(email, 'account.invite');
    assert.match(invite.text, /^Hello Nadia Habimana,/);
    const token = tokenIn(invite, `${base()}/set-password?token=`);
    const set = await app.api.post('/api/v1/auth/password/reset', { body: { token, password: 'my-own-secret-pass' } });
    assert.equal(set.status, 204);
    const first = await app.api.login(email, 'my-own-secret-pass');
    assert.equal(first.status, 200);
    assert.equal(first.body.user.emailVerified, true, 'the invitation proved the address');
    const again = await app.api.post('/api/v1/auth/password/reset', { body: { token, password: 'another-secret-pass' } });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'AUTH_TOKEN_INVALID');
    assert.equal((await app.api.get('/api/v1/me/enrollments', { token: first.body.accessToken })).body.total, 1);
  });

  it('resets a forgotten password: same answer for unknown addresses, old logins dead, link single use', async () => {
    const user = await app.api.signUp('trainee', { fullName: 'Forgetful Trainee', password: 'original-password-1' });
    const known = await app.api.post('/api/v1/auth/password/forgot', { body: { email: user.email.toUpperCase() } });
    const unknown = await app.api.post('/api/v1/auth/password/forgot', { body: { email: uniqueEmail('nobody') } });
    assert.equal(known.status, 202);
    assert.deepEqual([unknown.status, unknown.body], [known.status, known.body]);

    const mail = await app.mailbox.waitFor(user.email, 'account.reset');
    const token = tokenIn(mail, `${base()}/reset-password?token=`);
    assert.equal((await app.api.post('/api/v1/auth/password/reset', { body: { token, password: 'short' } })).status, 400);
    assert.equal((await app.api.post('/api/v1/auth/password/reset', { body: { token: 'x'.repeat(43), password: 'brand-new-password' } })).body.code, 'AUTH_TOKEN_INVALID');
    assert.equal((await app.api.post('/api/v1/auth/password/reset', { body: { token, password: 'brand-new-password' } })).status, 204);

    assert.equal((await app.api.get('/api/v1/me', { token: user.token })).status, 401, 'old access token dead');
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status, 401, 'old refresh token dead');
    assert.equal((await app.api.login(user.email, 'original-password-1')).status, 401);
    assert.equal((await app.api.login(user.email, 'brand-new-password')).status, 200);
    assert.equal((await app.api.post('/api/v1/auth/password/reset', { body: { token, password: 'third-password-xx' } })).status, 400);
  });

  it('answers forgot in similar time whether or not the account exists', async () => {
    const user = await app.api.signUp('trainee');
    const time = async (email: string) => {
      const started = performance.now();
      await app.api.post('/api/v1/auth/password/forgot', { body: { email } });
      return performance.now() - started;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const knownTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      unknownTimes.push(await time(uniqueEmail('ghost')));
      knownTimes.push(await time(user.email));
      // The known address's link and e-mail are made after the answer: let them finish, or they slow the next timing
      // (on a loaded machine the unknown address came out 50 ms slower for that alone).
      await eventually(async () => app.mailbox.to(user.email).filter((m) => m.kind === 'account.reset').length, (n) => n === i + 1);
    }
    assert.ok(Math.abs(median(knownTimes) - median(unknownTimes)) < 50, `known ${median(knownTimes)} ms, unknown ${median(unknownTimes)} ms`);
    const resets = async () =>
      (await app.db.query(`SELECT count(*)::int AS n FROM user_tokens WHERE user_id = $1 AND purpose = 'reset'`, [user.id]))[0].n;
    await eventually(resets, (n) => n === 3);
    await time(user.email);
    await pause(500);
    assert.equal(await resets(), 3, 'the fourth within the hour makes no link (3 an hour per e-mail)');
    // Each link voids the one before: only the mail of a link still live when its turn came goes out.
    await app.mailbox.waitFor(user.email, 'account.reset');
    assert.ok(app.mailbox.to(user.email).length <= 3);
  });

  it('verifies a self-registered address from the e-mail, in the language chosen at registration', async () => {
    const email = uniqueEmail('self');
    const registered = await app.api.post('/api/v1/auth/register', { body: { email, password: 'registered-pass-1', fullName: 'Zoé Niyonzima', preferredLanguage: 'fr' } });
    assert.equal(registered.status, 201);
    assert.deepEqual([registered.body.emailVerified, registered.body.preferredLanguage], [false, 'fr']);
    const mail = await app.mailbox.waitFor(email, 'account.verify');
    assert.equal(mail.language, 'fr');
    assert.match(mail.subject, /^Confirmez votre adresse e-mail/);
    const token = tokenIn(mail, `${base()}/verify-email?token=`);
    assert.equal((await app.api.post('/api/v1/auth/verify-email', { body: { token } })).status, 204);
    assert.equal((await app.api.post('/api/v1/auth/verify-email', { body: { token } })).body.code, 'AUTH_TOKEN_INVALID');
    const me = await app.api.login(email, 'registered-pass-1');
    assert.equal(me.body.user.emailVerified, true);
    assert.equal((await app.api.post('/api/v1/auth/verify-email/resend', { token: me.body.accessToken })).status, 202);
    assert.equal((await app.api.post('/api/v1/auth/verify-email/resend')).status, 401);
  });

  it('never hands a nomination to an unverified self-registered account: the row says so and the owner is invited', async () => {
    const email = uniqueEmail('squatted');
    await app.api.post('/api/v1/auth/register', { body: { email, password: 'attacker-password', fullName: 'Not The Owner' } });
    const attacker = await app.api.login(email, 'attacker-password');
    const course = await createCourse(app.api, app.admin);
    const offering = await createOffering(app.api, app.admin, course.id);
    const reply = await app.api.post(`/api/v1/offerings/${offering.id}/enrollments/bulk`, { token: app.admin.token, body: { emails: [email] } });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.results[0].outcome, 'unverified_account');
    assert.equal((await app.api.get(`/api/v1/offerings/${offering.id}/enrollments`, { token: app.admin.token })).body.total, 0);

    const invite = await app.mailbox.waitFor(email, 'account.invite');
    const token = tokenIn(invite, `${base()}/set-password?token=`);
    assert.equal((await app.api.post('/api/v1/auth/password/reset', { body: { token, password: 'the-real-owner-pw' } })).status, 204);
    assert.equal((await app.api.get('/api/v1/me', { token: attacker.body.accessToken })).status, 401, "the squatter's login ended");
    const again = await app.api.post(`/api/v1/offerings/${offering.id}/enrollments/bulk`, { token: app.admin.token, body: { emails: [email] } });
    assert.equal(again.body.results[0].outcome, 'enrolled');
  });

  it('invites admin-created users without a password; admins can resend, and only the latest link works', async () => {
    const email = uniqueEmail('staff');
    const created = await app.api.post('/api/v1/users', { token: app.admin.token, body: { email, fullName: 'Instructor Uwimana', role: 'instructor' } });
    assert.equal(created.body.emailVerified, false);
    const first = await app.mailbox.waitFor(email, 'account.invite');
    assert.equal((await app.api.post(`/api/v1/users/${created.body.id}/invite`, { token: app.admin.token })).status, 202);
    await eventually(async () => app.mailbox.to(email).length, (n) => n === 2);
    const second = app.mailbox.to(email)[1]!;
    assert.equal((await app.api.post('/api/v1/auth/password/reset', { body: { token: tokenIn(first, base()), password: 'instructor-pass-1' } })).status, 400);
    assert.equal((await app.api.post('/api/v1/auth/password/reset', { body: { token: tokenIn(second, base()), password: 'instructor-pass-1' } })).status, 204);
    assert.equal((await app.api.login(email, 'instructor-pass-1')).status, 200);

    const trainee = await app.api.signUp('trainee');
    assert.equal((await app.api.post(`/api/v1/users/${created.body.id}/invite`, { token: trainee.token })).status, 403);
    assert.equal((await app.api.post(`/api/v1/users/00000000-0000-4000-8000-000000000000/invite`, { token: app.admin.token })).status, 404);
  });

  it('lets an admin unlock an account locked by failed logins', async () => {
    const user = await app.api.signUp('trainee', { password: 'right-password-1' });
    for (let i = 0; i < 5; i++) await app.api.login(user.email, 'wrong-password-1');
    assert.equal((await app.api.login(user.email, 'right-password-1')).status, 429);
    assert.equal((await app.api.post(`/api/v1/users/${user.id}/unlock`, { token: app.admin.token })).status, 204);
    assert.equal((await app.api.login(user.email, 'right-password-1')).status, 200);
    assert.equal((await app.api.post(`/api/v1/users/${user.id}/unlock`, { token: user.token })).status, 403);
  });

  it('keeps per-person notification settings; security mails go whatever they say', async () => {
    const user = await app.api.signUp('trainee');
    const defaults = await app.api.get('/api/v1/me/notifications/settings', { token: user.token });
    assert.deepEqual(defaults.body, { enrolment: true, offerings: true, reminders: true, certificates: true, security: true });
    const off = await app.api.patch('/api/v1/me/notifications/settings', { token: user.token, body: { enrolment: false } });
    assert.deepEqual(off.body, { enrolment: false, offerings: true, reminders: true, certificates: true, security: true });
    assert.equal((await app.api.patch('/api/v1/me/notifications/settings', { token: user.token, body: { security: false } })).status, 400);
    assert.equal((await app.api.patch('/api/v1/me/notifications/settings', { token: user.token, body: { reminders: 'no' } })).status, 400);

    const course = await createCourse(app.api, app.admin);
    const offering = await createOffering(app.api, app.admin, course.id);
    await app.api.post(`/api/v1/offerings/${offering.id}/enrollments`, { token: user.token });
    await app.api.post('/api/v1/auth/password/forgot', { body: { email: user.email } });
    await app.mailbox.waitFor(user.email, 'account.reset');
    await pause(500);
    assert.deepEqual(app.mailbox.to(user.email).map((m) => m.kind), ['account.reset']);
    const [row] = await app.db.query(`SELECT status FROM notifications WHERE user_id = $1 AND kind = 'enrollment.approved'`, [user.id]);
    assert.equal(row.status, 'skipped');
  });
});

describe('accounts: request limits', () => {
  // Counters of its own (from zero); the test client is the trusted proxy, so each request names its address.
  const app = useApp({ env: { REDIS_PREFIX: `${process.env.REDIS_PREFIX}-account-limits`, TRUST_PROXY: '127.0.0.1' } });

  const forgotFrom = (ip: string) =>
    app.api.post('/api/v1/auth/password/forgot', { body: { email: uniqueEmail('forgot') }, headers: { 'x-forwarded-for': ip } });
  const refusedFor = (reply: Awaited<ReturnType<typeof forgotFrom>>) => {
    assert.equal(reply.status, 429);
    assert.equal(reply.body.code, 'AUTH_TOO_MANY_REQUESTS');
    const retryAfter = Number(reply.headers.get('retry-after'));
    // The hour's window began with this test's first request.
    assert.ok(retryAfter > 3000 && retryAfter <= 3600, `retry-after ${retryAfter}`);
  };

  it('takes 30 reset requests an hour from one address, then answers 429 with Retry-After; another address goes on', async () => {
    for (let i = 0; i < 30; i++) assert.equal((await forgotFrom('198.51.100.30')).status, 202, `request ${i + 1}`);
    refusedFor(await forgotFrom('198.51.100.30'));
    assert.equal((await forgotFrom('198.51.100.31')).status, 202);
  });

  it('sends a person 3 verification links an hour, then answers 429 with Retry-After; another person goes on', async () => {
    const [user, other] = [await app.api.signUp(), await app.api.signUp()];
    const resend = (token: string) => app.api.post('/api/v1/auth/verify-email/resend', { token });
    for (let i = 0; i < 3; i++) assert.equal((await resend(user.token)).status, 202);
    refusedFor(await resend(user.token));
    assert.equal((await resend(other.token)).status, 202);
  });
});
