// Bad input, item by item: each answers a clear 4xx and stores nothing; good input around it still works.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { JWT_AUDIENCE } from '../apps/api/src/auth/auth.strategies.js';
import { courseBody, createCourse, createOffering } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { type TestUser, uniqueEmail } from './support/harness.js';
import { signJwt } from './support/jwt.js';

describe('bad input: one mechanism, no 500 anywhere', () => {
  const app = useApp();
  let course: { id: string; code: string };
  before(async () => {
    course = await createCourse(app.api, app.admin);
  });

  const count = async (sql: string, params: unknown[] = []) => Number((await app.db.query(sql, params))[0].n);
  const json = (raw: string) => ({ raw, headers: { 'content-type': 'application/json' } });

  it('refuses NUL bytes and unpaired surrogates in body, query and path with 400 VALIDATION_FAILED, storing nothing', async () => {
    const email = uniqueEmail('nul');
    const cases: Array<[string, string, object]> = [
      ['POST', '/api/v1/auth/register', json(`{"email":"${email}","password":"correct-horse-battery","fullName":"Amina\\u0000Uwase"}`)],
      ['POST', '/api/v1/auth/register', json(`{"email":"${email}","password":"correct-horse-battery","fullName":"Amina \\ud800"}`)],
      ['POST', '/api/v1/auth/register', json(`{"email":"${email}\\ud800","password":"correct-horse-battery","fullName":"Amina"}`)],
      ['POST', '/api/v1/auth/login', json(`{"email":"${app.admin.email}\\udfff","password":"x"}`)],
      ['GET', '/api/v1/audit?action=grade%00changed', {}],
      ['GET', '/api/v1/courses?q=%ED%A0%80', {}],
      ['GET', '/api/v1/courses/by-code/POC%00', {}],
      ['GET', '/api/v1/verify/AMH-%00', {}],
      ['GET', '/api/v1/verify/%ED%A0%80', {}],
      ['GET', '/verify/AMH-%00', {}],
    ];
    for (const [method, path, options] of cases) {
      const reply = await app.api.request(method, path, { token: app.admin.token, ...options });
      assert.equal(reply.status, 400, `${method} ${path}`);
      assert.equal(reply.body.code, 'VALIDATION_FAILED', `${method} ${path}`);
    }
    assert.equal(await count('SELECT count(*) AS n FROM users WHERE email = $1', [email]), 0);
  });

  it('refuses a surrogate in the middle of a quiz, where it would have been stored as U+FFFD', async () => {
    const offering = await createOffering(app.api, app.admin, course.id);
    const before = await count('SELECT count(*) AS n FROM assessments WHERE offering_id = $1', [offering.id]);
    const reply = await app.api.post(`/api/v1/offerings/${offering.id}/assessments`, {
      token: app.admin.token,
      ...json('{"title":"Quiz","kind":"quiz","weight":10,"questions":[{"prompt":"Pick","choices":["a","b\\udc00"],"correct":[0],"points":1}]}'),
    });
    assert.equal(reply.status, 400);
    assert.match(String(reply.body.message), /body\.questions\[0\]\.choices\[1\]/);
    assert.equal(await count('SELECT count(*) AS n FROM assessments WHERE offering_id = $1', [offering.id]), before);
  });

  it('checks decimals totally: 1e-7 and 5e-324 are a 400, never a crash; two decimals pass', async () => {
    for (const passMark of [1e-7, 5e-324, 70.555, 1e21]) {
      const reply = await app.api.post('/api/v1/courses', { token: app.admin.token, ...json(JSON.stringify(courseBody({ passMark }))) });
      assert.equal(reply.status, 400, String(passMark));
      assert.equal(reply.body.code, 'VALIDATION_FAILED');
    }
    const offering = await createOffering(app.api, app.admin, course.id);
    for (const minAttendancePercent of [1e-7, 5e-324]) {
      const reply = await app.api.patch(`/api/v1/offerings/${offering.id}`, { token: app.admin.token, body: { minAttendancePercent } });
      assert.equal(reply.status, 400, String(minAttendancePercent));
    }
    for (const weight of [1e-7, 5e-324]) {
      const reply = await app.api.post(`/api/v1/offerings/${offering.id}/assessments`, { token: app.admin.token, body: { title: 'Exam', kind: 'exam', weight, maxScore: 100 } });
      assert.equal(reply.status, 400, String(weight));
    }
    const good = await app.api.post('/api/v1/courses', { token: app.admin.token, body: courseBody({ passMark: 70.55 }) });
    assert.equal(good.status, 201);
    assert.equal(good.body.passMark, 70.55);
  });

  it('bounds pagination: a huge page is a 400, not "bigint out of range"', async () => {
    for (const page of ['99999999999999999999', '1e308', '100001']) {
      const reply = await app.api.get(`/api/v1/audit?page=${page}`, { token: app.admin.token });
      assert.equal(reply.status, 400, page);
      assert.equal(reply.body.code, 'VALIDATION_FAILED');
    }
    const last = await app.api.get('/api/v1/courses?page=100000&limit=100');
    assert.equal(last.status, 200);
    assert.deepEqual(last.body.items, []);
  });

  it('accepts RFC 3339 date-times only, and stores the instant they name', async () => {
    const offering = await createOffering(app.api, app.admin, course.id);
    for (const bad of ['+2026-01-05T08:00:00Z', '2026-W01-1T08:00:00Z', '20260105T080000Z', '2026-01-05T08Z', '2026-02-30T08:00:00Z', '2026-01-05T24:00:00Z', '2026-01-05 08:00:00Z', '2026-01-05T08:00:00']) {
      const reply = await app.api.patch(`/api/v1/offerings/${offering.id}`, { token: app.admin.token, body: { enrollmentOpensAt: bad } });
      assert.equal(reply.status, 400, bad);
      assert.equal(reply.body.code, 'VALIDATION_FAILED');
    }
    for (const [given, instant] of [
      ['2026-01-05T10:00:00+02:00', '2026-01-05T08:00:00.000Z'],
      ['2026-01-05t08:00:00.5z', '2026-01-05T08:00:00.500Z'],
    ]) {
      const reply = await app.api.patch(`/api/v1/offerings/${offering.id}`, { token: app.admin.token, body: { enrollmentOpensAt: given } });
      assert.equal(reply.status, 200, given);
      assert.equal(reply.body.enrollmentOpensAt, instant);
    }
    // The calendar's ends, where an offset moves the instant into year 0 or 10000: a clear answer, never a 500.
    for (const edge of [{ enrollmentOpensAt: '0001-01-01T00:00:00+01:00' }, { enrollmentClosesAt: '9999-12-31T23:59:59-14:00' }]) {
      const reply = await app.api.patch(`/api/v1/offerings/${offering.id}`, { token: app.admin.token, body: edge });
      assert.ok(reply.status < 500, `${JSON.stringify(edge)}: ${reply.status} ${JSON.stringify(reply.body)}`);
    }
  });

  it('answers 10,000 levels of JSON nesting with a 400, on a public route and an authenticated one', async () => {
    const deep = `{"email":${'['.repeat(10_000)}${']'.repeat(10_000)},"password":"x"}`;
    for (const [path, token] of [['/api/v1/auth/login', undefined], ['/api/v1/courses', app.admin.token]] as const) {
      const reply = await app.api.post(path, { token, ...json(deep) });
      assert.equal(reply.status, 400, path);
      assert.equal(reply.body.code, 'VALIDATION_FAILED');
      assert.match(reply.body.message, /nested too deeply/);
    }
  });

  it('refuses a quiz question with 140,000 correct indexes at once, without stalling other requests', async (t) => {
    const offering = await createOffering(app.api, app.admin, course.id);
    const correct = Array.from({ length: 140_000 }, (_, i) => i);
    const body = { title: 'Quiz', kind: 'quiz', weight: 10, questions: [{ prompt: 'Pick', choices: ['a', 'b'], correct, points: 1 }] };
    const started = Date.now();
    const [reply, health] = await Promise.all([
      app.api.post(`/api/v1/offerings/${offering.id}/assessments`, { token: app.admin.token, body }),
      new Promise((resolve) => setTimeout(resolve, 20)).then(() => app.api.get('/health')),
    ]);
    const took = Date.now() - started;
    assert.equal(reply.status, 400);
    assert.equal(health.status, 200);
    t.diagnostic(`refused in ${took} ms`);
    assert.ok(took < 1500, `took ${took} ms`);
  });

  it('takes an optional reason on reject and withdraw: kept, audited, returned; any other field is a 400', async () => {
    const offering = await createOffering(app.api, app.admin, course.id, { approvalMode: 'manual' });
    const [first, second, third] = await app.api.quickUsers(3);
    const enrol = async (user: TestUser) => (await app.api.post(`/api/v1/offerings/${offering.id}/enrollments`, { token: user.token })).body.id as string;
    const [a, b, c] = [await enrol(first!), await enrol(second!), await enrol(third!)];

    const unknown = await app.api.post(`/api/v1/enrollments/${a}/reject`, { token: app.admin.token, body: { reason: 'No', notify: true } });
    assert.equal(unknown.status, 400);
    const long = await app.api.post(`/api/v1/enrollments/${a}/reject`, { token: app.admin.token, body: { reason: 'x'.repeat(501) } });
    assert.equal(long.status, 400);
    assert.equal((await app.api.get(`/api/v1/enrollments/${a}`, { token: app.admin.token })).body.status, 'pending', 'refused, nothing changed');

    const rejected = await app.api.post(`/api/v1/enrollments/${a}/reject`, { token: app.admin.token, body: { reason: 'Prerequisite training not completed' } });
    assert.equal(rejected.status, 200);
    assert.equal(rejected.body.status, 'rejected');
    assert.equal(rejected.body.reason, 'Prerequisite training not completed');
    const withdrawn = await app.api.post(`/api/v1/enrollments/${b}/withdraw`, { token: second!.token, body: { reason: 'Deployed to the mission early' } });
    assert.equal(withdrawn.body.reason, 'Deployed to the mission early');
    assert.equal((await app.api.get(`/api/v1/enrollments/${b}`, { token: second!.token })).body.reason, 'Deployed to the mission early');
    const silent = await app.api.post(`/api/v1/enrollments/${c}/withdraw`, { token: app.admin.token });
    assert.equal(silent.status, 200);
    assert.equal(silent.body.reason, undefined);

    const audit = await app.api.get(`/api/v1/audit?entity=enrollment&entityId=${a}`, { token: app.admin.token });
    assert.equal(audit.body.items[0].after.reason, 'Prerequisite training not completed');
  });

  it('accepts body-less POSTs sent with content-type: application/json and an empty body', async () => {
    const draft = await createCourse(app.api, app.admin, {}, false);
    const empty = json('');
    assert.equal((await app.api.post(`/api/v1/courses/${draft.id}/publish`, { token: app.admin.token, ...empty })).status, 200);
    const offering = await createOffering(app.api, app.admin, draft.id, { approvalMode: 'manual' });
    const [trainee] = await app.api.quickUsers(1);
    const enrolment = await app.api.post(`/api/v1/offerings/${offering.id}/enrollments`, { token: trainee!.token, ...empty });
    assert.equal(enrolment.status, 201);
    assert.equal((await app.api.post(`/api/v1/enrollments/${enrolment.body.id}/approve`, { token: app.admin.token, ...empty })).status, 200);
    assert.equal((await app.api.post(`/api/v1/enrollments/${enrolment.body.id}/withdraw`, { token: trainee!.token, ...json('  ') })).status, 200);
    assert.equal((await app.api.post(`/api/v1/offerings/${offering.id}/cancel`, { token: app.admin.token, ...empty })).status, 200);
    assert.equal((await app.api.post(`/api/v1/courses/${draft.id}/archive`, { token: app.admin.token, ...empty })).status, 200);
  });

  it('never half-imports a CSV nomination list: a NUL cell or bytes that are not UTF-8 refuse the whole file', async () => {
    const offering = await createOffering(app.api, app.admin, course.id);
    const good = uniqueEmail('csv-good');
    const files = [
      Buffer.from(`email,fullName,rank\n${good},Amina Uwase,Captain\n${uniqueEmail('csv')},Jean\u0000Paul,Major\n`),
      Buffer.concat([Buffer.from(`email,fullName\n${good},Amina Uwase\n${uniqueEmail('csv')},Jean `), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]),
    ];
    for (const file of files) {
      const reply = await app.api.post(`/api/v1/offerings/${offering.id}/enrollments/bulk`, { token: app.admin.token, raw: file, headers: { 'content-type': 'text/csv' } });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.code, 'VALIDATION_FAILED');
    }
    assert.equal(await count('SELECT count(*) AS n FROM users WHERE email = $1', [good]), 0);
    assert.equal(await count('SELECT count(*) AS n FROM enrollments WHERE offering_id = $1', [offering.id]), 0);
  });

  it('treats an invalid or expired token on public routes as no token, never 401', async () => {
    const offering = await createOffering(app.api, app.admin, course.id);
    const { jwt } = app.api.config;
    const expired = signJwt(
      { alg: 'HS256', typ: 'JWT' },
      { sub: app.admin.id, sid: randomUUID(), iss: jwt.issuer, aud: JWT_AUDIENCE, iat: 1_700_000_000, exp: 1_700_000_900 },
      jwt.accessSecret,
    );
    for (const token of ['not-a-token', `${app.admin.token}x`, expired]) {
      for (const path of ['/api/v1/courses', `/api/v1/courses/${course.id}`, `/api/v1/courses/by-code/${course.code}`, '/api/v1/offerings', `/api/v1/offerings/${offering.id}`, '/docs-json']) {
        const reply = await app.api.get(path, { token });
        assert.equal(reply.status, 200, `${path} with ${token.slice(0, 12)}…`);
      }
      assert.equal((await app.api.get('/api/v1/verify/AMH-UNKNOWN', { token })).status, 404);
      assert.equal((await app.api.post('/api/v1/verify/credential', { token, body: { credential: 'a.b.c' } })).status, 200);
    }
    // Anonymous, it sees what anyone sees: no drafts.
    const draft = await createCourse(app.api, app.admin, {}, false);
    assert.equal((await app.api.get(`/api/v1/courses/${draft.id}`, { token: expired })).status, 404);
  });
});
