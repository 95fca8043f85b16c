import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { CERTIFICATES_PER_JOB } from '@amahoro/queue/jobs.js';
import { eventually, finalisedClass } from './support/classroom.js';
import { useApp } from './support/fixture.js';
import { TestApi } from './support/harness.js';
import { runEntryPoint } from './support/processes.js';

const hasPdfToText = existsSync('/usr/bin/pdftotext');

describe('certificates: issuing, verifying, revoking', () => {
  const app = useApp({ worker: true });

  const counts = (offeringId: string) => app.api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token }).then((r) => r.body);

  it('issues a finalised offering in bulk: every passed trainee issued, none failed; issuing again adds nothing', async () => {
    const { offeringId, passed, failed } = await finalisedClass(app.api, app.admin, 6, 2);
    const first = await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
    assert.equal(first.status, 202);
    assert.deepEqual(first.body, { queued: 6, alreadyIssued: 0, inProgress: 0, notEligible: 2 });
    const done = await eventually(() => counts(offeringId), (body) => body.counts.issued === 6);
    assert.deepEqual(done.counts, { queued: 0, issued: 6, failed: 0, revoked: 0 });
    assert.deepEqual(done.items.map((c: { enrollmentId: string }) => c.enrollmentId).sort(), passed.map((p) => p.enrollmentId).sort());
    // The snapshot taken at queue time holds all the credential states, the course's summary included.
    const snapshots: Array<{ same: boolean }> = await app.api.app.get(DataSource).query(
      `SELECT c.course_summary IS NOT NULL AND c.course_summary = co.summary AS same
         FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id JOIN offerings o ON o.id = e.offering_id JOIN courses co ON co.id = o.course_id
        WHERE e.offering_id = $1`,
      [offeringId],
    );
    assert.deepEqual(snapshots, Array.from({ length: 6 }, () => ({ same: true })));

    const again = await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
    assert.deepEqual(again.body, { queued: 0, alreadyIssued: 6, inProgress: 0, notEligible: 2 });
    const refused = await app.api.post(`/api/v1/enrollments/${failed[0]!.enrollmentId}/certificate`, { token: app.admin.token });
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'CERTIFICATE_NOT_ELIGIBLE');
  });

  it('makes one certificate per enrolment under 20 concurrent issue calls', async () => {
    const { offeringId, passed } = await finalisedClass(app.api, app.admin, 3);
    const calls = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token })
        : app.api.post(`/api/v1/enrollments/${passed[i % 3]!.enrollmentId}/certificate`, { token: app.admin.token }),
    );
    const replies = await Promise.all(calls);
    assert.ok(replies.every((r) => r.status === 202), JSON.stringify(replies.map((r) => r.status)));
    await eventually(() => counts(offeringId), (body) => body.counts.issued === 3);
    const rows: Array<{ n: number; serials: number }> = await app.api.app.get(DataSource).query(
      `SELECT count(*)::int AS n, count(DISTINCT serial)::int AS serials FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.offering_id = $1`,
      [offeringId],
    );
    assert.deepEqual(rows[0], { n: 3, serials: 3 });
  });

  it('issues the others of a job when one of its certificates cannot be issued: that one fails for good after its attempts', async () => {
    const { offeringId, passed } = await finalisedClass(app.api, app.admin, 3);
    const db = app.api.app.get(DataSource);
    const trigger = `refuse_${randomUUID().replace(/-/g, '')}`;
    await db.query(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$`);
    await db.query(
      `CREATE TRIGGER ${trigger} BEFORE UPDATE ON certificates FOR EACH ROW
         WHEN (NEW.enrollment_id = '${passed[0]!.enrollmentId}' AND NEW.status = 'issued') EXECUTE FUNCTION ${trigger}()`,
    );
    try {
      await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
      const [{ jobs }] = await db.query(
        `SELECT count(DISTINCT c.job_id)::int AS jobs FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.offering_id = $1`,
        [offeringId],
      );
      assert.equal(jobs, 1, 'the three in one job');
      // Five attempts, 1 + 2 + 4 + 8 s apart.
      const done = await eventually(() => counts(offeringId), (body) => body.counts.failed === 1, 60_000);
      assert.deepEqual(done.counts, { queued: 0, issued: 2, failed: 1, revoked: 0 });
      const refused = done.items.find((c: { enrollmentId: string }) => c.enrollmentId === passed[0]!.enrollmentId);
      assert.match((await app.api.get(`/api/v1/certificates/${refused.id}`, { token: app.admin.token })).body.failureReason, /disk full \(after 5 attempts\)/);
    } finally {
      await db.query(`DROP TRIGGER IF EXISTS ${trigger} ON certificates`);
      await db.query(`DROP FUNCTION IF EXISTS ${trigger}()`);
    }
  });

  it('serves the PDF and the credential to the holder and admins only; verifies, then shows the revocation', async () => {
    const name = 'Nguyễn Thị Lan';
    const { offeringId, passed } = await finalisedClass(app.api, app.admin, 2, 0, [name]);
    const [holder, other] = passed;
    await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
    await eventually(() => counts(offeringId), (body) => body.counts.issued === 2);
    const mine = await app.api.get('/api/v1/me/certificates', { token: holder!.token });
    assert.equal(mine.body.items.length, 1);
    const certificate = mine.body.items[0];
    assert.equal(certificate.holderName, name);
    assert.match(certificate.serial, /^AMH(-[0-9A-Z]{5}){5}$/);
    assert.equal(certificate.verificationUrl, `${app.api.config.publicBaseUrl}/verify/${certificate.serial}`);

    const pdf = await fetch(`${app.api.baseUrl}/api/v1/certificates/${certificate.id}/pdf`, { headers: { authorization: `Bearer ${holder!.token}` } });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    assert.equal(bytes.subarray(0, 4).toString(), '%PDF');
    assert.equal(bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length, 1, 'one page');
    if (hasPdfToText) {
      const dir = await mkdtemp(join(tmpdir(), 'amahoro-pdf-'));
      await writeFile(join(dir, 'c.pdf'), bytes);
      const text = execFileSync('pdftotext', [join(dir, 'c.pdf'), '-']).toString();
      await rm(dir, { recursive: true, force: true });
      assert.ok(text.includes(name), `the holder's name is in the PDF text:\n${text}`);
    }
    assert.equal((await app.api.get(`/api/v1/certificates/${certificate.id}/pdf`, { token: other!.token })).status, 404);
    assert.equal((await app.api.get(`/api/v1/certificates/${certificate.id}`, { token: other!.token })).status, 404);
    assert.equal((await app.api.get(`/api/v1/certificates/${certificate.id}/pdf`, { token: app.admin.token })).status, 200);
    assert.equal((await app.api.get(`/api/v1/certificates/${randomUUID()}`, { token: app.admin.token })).status, 404);

    const credential = await app.api.get(`/api/v1/certificates/${certificate.id}/credential`, { token: holder!.token });
    assert.equal(credential.status, 200);
    assert.match(credential.headers.get('content-type')!, /^application\/vc\+jwt/);
    const jwt = String(credential.body);
    const verified = await app.api.post('/api/v1/verify/credential', { body: { credential: jwt } });
    assert.equal(verified.status, 200);
    assert.equal(verified.body.verified, true, JSON.stringify(verified.body));
    const [h, p, s] = jwt.split('.');
    const flipped = `${h}.${p}.${s!.slice(0, 10)}${s![10] === 'A' ? 'B' : 'A'}${s!.slice(11)}`;
    assert.equal((await app.api.post('/api/v1/verify/credential', { body: { credential: flipped } })).body.verified, false);
    for (const garbage of ['', 'not-a-jwt', 'a.b.c', `${h}.${p}.`]) {
      const reply = await app.api.post('/api/v1/verify/credential', { body: { credential: garbage } });
      assert.equal(reply.status, 200, garbage);
      assert.equal(reply.body.verified, false);
    }

    const valid = await app.api.get(`/api/v1/verify/${certificate.serial}`);
    assert.equal(valid.status, 200);
    assert.equal(valid.body.valid, true);
    assert.equal(valid.body.holderName, name);
    const page = await app.api.get(`/verify/${certificate.serial}`);
    assert.match(String(page.body), /Valid certificate/);
    assert.match(String(page.body), /Nguyễn Thị Lan/);

    const revoked = await app.api.post(`/api/v1/certificates/${certificate.id}/revoke`, { token: app.admin.token, body: { reason: 'Issued in error' } });
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.status, 'revoked');
    const after = await app.api.get(`/api/v1/verify/${certificate.serial.toLowerCase()}`);
    assert.deepEqual([after.body.valid, after.body.status, after.body.revocationReason], [false, 'revoked', 'Issued in error']);
    assert.ok(after.body.revokedAt);
    assert.match(String((await app.api.get(`/verify/${certificate.serial}`)).body), /Revoked certificate[\s\S]*Issued in error/);
    const afterRevocation = await app.api.post('/api/v1/verify/credential', { body: { credential: jwt } });
    assert.equal(afterRevocation.body.verified, false);
    assert.equal(afterRevocation.body.checks.find((c: { check: string }) => c.check === 'revocation').passed, false);
    assert.equal((await app.api.post(`/api/v1/certificates/${certificate.id}/revoke`, { token: app.admin.token, body: { reason: 'Again' } })).status, 409);
    assert.equal((await app.api.get('/api/v1/verify/AMH-00000-00000-00000-00000-00000')).status, 404);
    assert.equal((await app.api.get('/verify/AMH-00000-00000-00000-00000-00000')).status, 404);
  });

  it('re-issues with a new serial and revokes the old one; retries only failed ones', async () => {
    const { offeringId, passed } = await finalisedClass(app.api, app.admin, 1);
    const queued = await app.api.post(`/api/v1/enrollments/${passed[0]!.enrollmentId}/certificate`, { token: app.admin.token });
    assert.equal(queued.status, 202);
    await eventually(() => counts(offeringId), (body) => body.counts.issued === 1);
    const old = queued.body;
    assert.equal((await app.api.post(`/api/v1/certificates/${old.id}/retry`, { token: app.admin.token })).status, 409);

    const reissued = await app.api.post(`/api/v1/certificates/${old.id}/reissue`, { token: app.admin.token, body: { reason: 'Name misspelt' } });
    assert.equal(reissued.status, 202);
    assert.notEqual(reissued.body.serial, old.serial);
    assert.equal(reissued.body.replacesId, old.id);
    const oldNow = (await app.api.get(`/api/v1/verify/${old.serial}`)).body;
    assert.deepEqual([oldNow.status, oldNow.revocationReason], ['revoked', 'Name misspelt']);
    await eventually(() => counts(offeringId), (body) => body.counts.issued === 1 && body.counts.revoked === 1);

    // A certificate that failed for good is queued again by retry, and then issued.
    await app.api.app.get(DataSource).query(`UPDATE certificates SET status = 'failed', failure_reason = 'disk full' WHERE id = $1`, [reissued.body.id]);
    const failed = (await app.api.get(`/api/v1/certificates/${reissued.body.id}`, { token: app.admin.token })).body;
    assert.equal(failed.failureReason, 'disk full');
    const retried = await app.api.post(`/api/v1/certificates/${reissued.body.id}/retry`, { token: app.admin.token });
    assert.equal(retried.status, 202);
    await eventually(() => app.api.get(`/api/v1/certificates/${reissued.body.id}`, { token: app.admin.token }), (r) => r.body.status === 'issued');
  });

  it('keeps certificate routes for admins and checks input', async () => {
    const [trainee] = await app.api.quickUsers(1);
    assert.equal((await app.api.post(`/api/v1/offerings/${randomUUID()}/certificates`, { token: trainee!.token })).status, 403);
    assert.equal((await app.api.post(`/api/v1/offerings/${randomUUID()}/certificates`, { token: app.admin.token })).status, 404);
    assert.equal((await app.api.post(`/api/v1/enrollments/${randomUUID()}/certificate`, { token: app.admin.token })).status, 404);
    assert.equal((await app.api.post(`/api/v1/certificates/${randomUUID()}/revoke`, { token: app.admin.token, body: {} })).status, 400);
    assert.equal((await app.api.post('/api/v1/verify/credential', { body: { credential: 42 } })).status, 400);
    assert.equal((await app.api.get('/api/v1/me/certificates', { token: app.admin.token })).status, 403);
  });

  it('publishes the issuer’s public key as JWKS and a did:web document', async () => {
    const keys = (await app.api.get('/.well-known/jwks.json')).body;
    assert.equal(keys.keys.length, 1);
    assert.equal(keys.keys[0].crv, 'Ed25519');
    assert.ok(!('d' in keys.keys[0]), 'never the private part');
    const did = (await app.api.get('/.well-known/did.json')).body;
    assert.match(did.id, /^did:web:/);
    assert.deepEqual(did.verificationMethod[0].publicKeyJwk.x, keys.keys[0].x);
  });
});

describe('certificates: verification is rate-limited per address', () => {
  it('answers 429 past the limit', async () => {
    const api = await TestApi.start({ REDIS_PREFIX: `${process.env.REDIS_PREFIX}-verify`, VERIFY_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await api.get('/api/v1/verify/AMH-00000-00000-00000-00000-00000')).status);
      // The window starts at an address's first request, so the fourth within it is refused, page or API alike.
      assert.deepEqual(statuses, [404, 404, 404, 429]);
      const html = await api.get('/verify/AMH-00000-00000-00000-00000-00000');
      assert.equal(html.status, 429);
      assert.ok(Number(html.headers.get('retry-after')) > 0, 'says when to come back');
      // Another address has its own allowance.
      const other = await api.get('/api/v1/verify/AMH-00000-00000-00000-00000-00000', { headers: { 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(other.status, 404);
    } finally {
      await api.close();
    }
  });
});

describe('certificates: a worker killed mid-batch', () => {
  it('leaves every certificate issued exactly once after SIGKILL and a restart', async () => {
    const api = await TestApi.start();
    const admin = await api.signUp('admin');
    const env = { ...(process.env as Record<string, string>), WORKER_STALLED_INTERVAL_MS: '1000', WORKER_CONCURRENCY: '2', LOG_LEVEL: 'warn' };
    let worker = runEntryPoint('dist/apps/worker/src/main.js', env);
    let cleanup = async () => undefined as void;
    try {
      const { offeringId, courseCode } = await finalisedClass(api, admin, 60);
      const db = api.app.get(DataSource);
      // Slow this batch down (50 ms per certificate written) so the kill lands in its middle.
      const trigger = `slow_${courseCode.replace(/-/g, '_').toLowerCase()}`;
      await db.query(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END $$`);
      await db.query(
        `CREATE TRIGGER ${trigger} BEFORE UPDATE ON certificates FOR EACH ROW
           WHEN (NEW.course_code = '${courseCode}' AND NEW.status = 'issued') EXECUTE FUNCTION ${trigger}()`,
      );
      cleanup = async () => {
        await db.query(`DROP TRIGGER IF EXISTS ${trigger} ON certificates`);
        await db.query(`DROP FUNCTION IF EXISTS ${trigger}()`);
      };
      await api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: admin.token });
      const serialsAtQueue: Array<{ id: string; serial: string }> = await db.query(
        `SELECT c.id, c.serial FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.offering_id = $1 ORDER BY c.id`,
        [offeringId],
      );
      const [{ jobs }] = await db.query(
        `SELECT count(DISTINCT c.job_id)::int AS jobs FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.offering_id = $1`,
        [offeringId],
      );
      assert.equal(jobs, Math.ceil(60 / CERTIFICATES_PER_JOB), 'sent in jobs of several certificates: the kill lands in the middle of some');
      await eventually(
        () => api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: admin.token }),
        (r) => r.body.counts.issued >= 5,
        60_000,
      );
      worker.child.kill('SIGKILL');
      await worker.exited;
      const midway = (await api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: admin.token })).body.counts;
      assert.ok(midway.issued < 60, `killed in the middle of the batch: ${JSON.stringify(midway)}`);
      worker = runEntryPoint('dist/apps/worker/src/main.js', env);
      const done = await eventually(
        () => api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: admin.token }),
        (r) => r.body.counts.issued === 60,
        60_000,
      );
      assert.deepEqual(done.body.counts, { queued: 0, issued: 60, failed: 0, revoked: 0 }, `midway: ${JSON.stringify(midway)}`);
      const serialsNow: Array<{ id: string; serial: string }> = await db.query(
        `SELECT c.id, c.serial FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.offering_id = $1 ORDER BY c.id`,
        [offeringId],
      );
      assert.deepEqual(serialsNow, serialsAtQueue, 'the same 60 certificates, each with the serial it was queued with');
      // Issued once each, so audited once and announced once each, whatever the kill interrupted.
      const [trail]: Array<{ audited: number; announced: number }> = await db.query(
        `SELECT (SELECT count(*)::int FROM audit_log a WHERE a.action = 'certificate.issued' AND a.entity_id = ANY($1::text[])) AS audited,
                (SELECT count(*)::int FROM notifications n WHERE n.kind = 'certificate.issued' AND n.dedup_key LIKE ANY($2::text[])) AS announced`,
        [serialsNow.map((c) => c.id), serialsNow.map((c) => `%${c.id}%`)],
      );
      assert.deepEqual(trail, { audited: 60, announced: 60 });
    } finally {
      worker.child.kill('SIGKILL');
      await cleanup();
      await api.close();
    }
  });
});
