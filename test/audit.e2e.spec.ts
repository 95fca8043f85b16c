import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { QueryRunner } from 'typeorm';
import { AdvisoryLock } from '@amahoro/database/advisory-locks.js';
import { eventually, finalisedClass } from './support/classroom.js';
import { createCourse, createOffering } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { uniqueEmail } from './support/harness.js';
import { runEntryPoint } from './support/processes.js';

describe('audit trail', () => {
  const app = useApp({ worker: true, users: { instructor: 'instructor' } });

  /** The records of one object, oldest first, as an admin reads them. */
  const trail = async (entityId: string) => {
    const reply = await app.api.get(`/api/v1/audit?entityId=${encodeURIComponent(entityId)}&limit=100`, { token: app.admin.token });
    assert.equal(reply.status, 200);
    return (reply.body.items as Array<{ action: string; actor?: { id: string }; before?: Record<string, unknown>; after?: Record<string, unknown>; requestId?: string }>).reverse();
  };
  const summary = (records: Awaited<ReturnType<typeof trail>>) => records.map((r) => [r.action, r.actor?.id ?? null]);

  it('records user creation, role and active changes with the right actor and the request id', async () => {
    const created = await app.api.post('/api/v1/users', {
      token: app.admin.token,
      body: { email: uniqueEmail('audited'), fullName: 'Audited Person', role: 'trainee' },
      headers: { 'x-request-id': 'audit-test-1' },
    });
    const id = created.body.id;
    await app.api.patch(`/api/v1/users/${id}`, { token: app.admin.token, body: { role: 'instructor' } });
    await app.api.patch(`/api/v1/users/${id}`, { token: app.admin.token, body: { active: false } });
    await app.api.patch(`/api/v1/users/${id}`, { token: app.admin.token, body: { fullName: 'Not audited' } });
    const records = await trail(id);
    assert.deepEqual(summary(records), [
      ['user.created', app.admin.id],
      ['user.role_changed', app.admin.id],
      ['user.deactivated', app.admin.id],
    ]);
    assert.equal(records[0]!.requestId, 'audit-test-1');
    assert.deepEqual([records[1]!.before, records[1]!.after], [{ role: 'trainee' }, { role: 'instructor' }]);
    assert.ok(!JSON.stringify(records).includes('passwordHash'));

    const registered = await app.api.post('/api/v1/auth/register', { body: { email: uniqueEmail('self'), password: 'correct-horse-battery', fullName: 'Self Made' } });
    assert.deepEqual(summary(await trail(registered.body.id)), [['user.created', registered.body.id]]);
  });

  it('records approvals, rejections and withdrawals of enrolments', async () => {
    const course = await createCourse(app.api, app.admin);
    const { id } = await createOffering(app.api, app.admin, course.id, { approvalMode: 'manual' });
    const [a, b, c] = await app.api.quickUsers(3);
    const ids = [];
    for (const trainee of [a, b, c]) ids.push((await app.api.post(`/api/v1/offerings/${id}/enrollments`, { token: trainee!.token })).body.id);
    await app.api.post(`/api/v1/enrollments/${ids[0]}/approve`, { token: app.admin.token });
    await app.api.post(`/api/v1/enrollments/${ids[1]}/reject`, { token: app.admin.token });
    await app.api.post(`/api/v1/enrollments/${ids[2]}/withdraw`, { token: app.admin.token });
    assert.deepEqual(summary(await trail(ids[0])), [['enrollment.approved', app.admin.id]]);
    assert.deepEqual(summary(await trail(ids[1])), [['enrollment.rejected', app.admin.id]]);
    assert.deepEqual(summary(await trail(ids[2])), [['enrollment.withdrawn', app.admin.id]]);
  });

  it('records grades set and changed, finalising and reopening, and the certificate’s life', async () => {
    const { offeringId, passed } = await finalisedClass(app.api, app.admin, 1);
    await app.api.post(`/api/v1/offerings/${offeringId}/reopen`, { token: app.admin.token });
    const assessment = (await app.api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: app.admin.token })).body.items[0];
    const gradeId = `${assessment.id}:${passed[0]!.enrollmentId}`;
    await app.api.request('PUT', `/api/v1/assessments/${assessment.id}/grades/${passed[0]!.enrollmentId}`, { token: app.admin.token, body: { score: 90, reason: 'Recount' }, headers: { 'x-request-id': 'audit-test-grade' } });
    const grades = await trail(gradeId);
    assert.deepEqual(summary(grades), [
      ['grade.set', app.admin.id],
      ['grade.changed', app.admin.id],
    ]);
    assert.deepEqual(grades[1]!.before, { score: 80, feedback: null });
    assert.equal(grades[1]!.requestId, 'audit-test-grade');
    assert.equal(grades[1]!.after!.reason, 'Recount');
    await app.api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: app.admin.token });
    assert.deepEqual(summary(await trail(offeringId)), [
      ['offering.finalized', app.admin.id],
      ['offering.reopened', app.admin.id],
      ['offering.finalized', app.admin.id],
    ]);

    await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
    const listed = await eventually(
      () => app.api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token }),
      (r) => r.body.counts.issued === 1,
    );
    const certificateId = listed.body.items[0].id;
    await app.api.post(`/api/v1/certificates/${certificateId}/reissue`, { token: app.admin.token, body: { reason: 'Wrong name' } });
    // The worker's issue is audited too (the system is its actor), and sealed into the chain like the rest.
    const certificateTrail = await trail(certificateId);
    assert.deepEqual(summary(certificateTrail), [
      ['certificate.queued', app.admin.id],
      ['certificate.issued', null],
      ['certificate.reissued', app.admin.id],
    ]);
    const replacement = String(certificateTrail[2]!.after!.replacedBy);
    assert.deepEqual(summary(await eventually(() => trail(replacement), (records) => records.length === 1)), [['certificate.issued', null]]);
    assert.match(String(certificateTrail[1]!.after!.pdfSha256), /^[0-9a-f]{64}$/);
  });

  it('is for admins only, and filters by actor, entity and dates', async () => {
    assert.equal((await app.api.get('/api/v1/audit', { token: app.users.instructor.token })).status, 403);
    assert.equal((await app.api.get('/api/v1/audit')).status, 401);
    const mine = await app.api.get(`/api/v1/audit?actorId=${app.admin.id}&entity=user&limit=100`, { token: app.admin.token });
    assert.ok(mine.body.items.length > 0);
    assert.ok(mine.body.items.every((r: { actor: { id: string }; entity: string }) => r.actor.id === app.admin.id && r.entity === 'user'));
    const today = new Date().toISOString().slice(0, 10);
    assert.ok((await app.api.get(`/api/v1/audit?from=${today}&to=${today}`, { token: app.admin.token })).body.total > 0);
    assert.equal((await app.api.get('/api/v1/audit?from=2020-01-01&to=2020-12-31', { token: app.admin.token })).body.total, 0);
    assert.equal((await app.api.get('/api/v1/audit?from=yesterday', { token: app.admin.token })).status, 400);
    assert.equal((await app.api.get('/api/v1/audit?entity=everything', { token: app.admin.token })).status, 400);
  });

  it('refuses changes from the application, even from the sealer’s pass on a sealed record', async () => {
    const db = app.db;
    await assert.rejects(db.query(`UPDATE audit_log SET action = 'x' WHERE false`), /append-only/);
    await assert.rejects(db.query(`DELETE FROM audit_log WHERE false`), /append-only/);
    await assert.rejects(db.query(`DELETE FROM audit_checkpoints WHERE false`), /append-only/);
    // Even the sealer's pass may only seal an unsealed record, never change a sealed one (so wait for one).
    await eventually(() => db.query(`SELECT count(*)::int AS n FROM audit_log WHERE seq IS NOT NULL`), (rows) => rows[0].n > 0);
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(`SELECT set_config('amahoro.audit_sealing', 'on', true)`);
        await tx.query(`UPDATE audit_log SET action = 'x' WHERE id = (SELECT max(id) FROM audit_log WHERE seq IS NOT NULL)`);
      }),
      /append-only/,
    );
  });

  // Each tampering is undone in its test, and the trail checked whole again, so one failure leaves the next to run.
  describe('`audit:verify`', () => {
    const verify = async (...published: string[]) => {
      const run = runEntryPoint('dist/libs/database/src/audit/audit-verify.js', process.env as Record<string, string>, { args: published });
      return { code: await run.exited, output: run.output() };
    };
    const assertIntact = async (...published: string[]) => {
      const result = await verify(...published);
      assert.equal(result.code, 0, result.output);
      return result;
    };
    /** Runs SQL behind the application's back, as someone with the database's keys would. */
    const behindItsBack = (sql: string, params: unknown[] = []) =>
      app.db.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
        await tx.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
        await tx.query(sql, params);
        await tx.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
        await tx.query('ALTER TABLE audit_checkpoints ENABLE TRIGGER USER');
      });

    // The worker's sealer stands aside while the chain is tampered with, once it has sealed every record.
    let sealerLock: QueryRunner | undefined;
    before(async () => {
      await eventually(() => app.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE seq IS NULL`), (rows) => rows[0].n === 0);
      sealerLock = app.db.createQueryRunner();
      await sealerLock.connect();
      await sealerLock.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.AuditSealer]);
    });
    after(async () => {
      await sealerLock?.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.AuditSealer]);
      await sealerLock?.release();
    });

    it('says an untouched trail is intact, with its signed checkpoints', async () => {
      const intact = await assertIntact();
      assert.match(intact.output, /audit trail intact: \d+ records, [1-9]\d* signed checkpoints hold/);
    });

    it('names a record edited', async () => {
      const [victim] = await app.db.query(`SELECT id::text, after FROM audit_log a WHERE action = 'user.created' ORDER BY a.id DESC LIMIT 1`);
      await behindItsBack('UPDATE audit_log SET after = $2 WHERE id = $1', [victim.id, JSON.stringify({ ...victim.after, fullName: `${victim.after.fullName} (edited)` })]);
      try {
        const broken = await verify();
        assert.equal(broken.code, 1, broken.output);
        assert.match(broken.output, new RegExp(`BROKEN at record ${victim.id}:.*changed`));
      } finally {
        await behindItsBack('UPDATE audit_log SET after = $2 WHERE id = $1', [victim.id, JSON.stringify(victim.after)]);
      }
      await assertIntact();
    });

    it('names a record inserted in the middle of the sealed chain', async () => {
      const [middle] = await app.db.query(`SELECT a.seq::text, a.prev_hash, a.hash FROM audit_log a WHERE a.seq IS NOT NULL ORDER BY a.seq LIMIT 1 OFFSET 2`);
      await behindItsBack(`UPDATE audit_log SET seq = seq + 1000000 WHERE seq > $1`, [middle.seq]);
      const [forged] = await app.db.query(
        `INSERT INTO audit_log (occurred_at, action, entity, entity_id, seq, prev_hash, hash) VALUES (now(), 'user.created', 'user', 'forged', $1::bigint + 1, $2, $3) RETURNING id::text`,
        [middle.seq, middle.hash, 'f'.repeat(64)],
      );
      try {
        const broken = await verify();
        assert.equal(broken.code, 1, broken.output);
        assert.match(broken.output, new RegExp(`BROKEN at record ${forged.id}:`));
      } finally {
        await behindItsBack(`DELETE FROM audit_log WHERE id = $1`, [forged.id]);
        await behindItsBack(`UPDATE audit_log SET seq = seq - 1000000 WHERE seq > 1000000`);
      }
      await assertIntact();
    });

    it('names the record after one deleted from the middle', async () => {
      const [gone] = await app.db.query(`SELECT * FROM audit_log WHERE seq IS NOT NULL ORDER BY seq LIMIT 1 OFFSET 3`);
      const [next] = await app.db.query(`SELECT id::text FROM audit_log WHERE seq > $1::bigint ORDER BY seq LIMIT 1`, [gone.seq]);
      await behindItsBack(`DELETE FROM audit_log WHERE id = $1`, [gone.id]);
      try {
        const broken = await verify();
        assert.equal(broken.code, 1, broken.output);
        assert.match(broken.output, new RegExp(`BROKEN at record ${next.id}: its link to the previous record does not match`));
      } finally {
        await behindItsBack(`INSERT INTO audit_log SELECT * FROM json_populate_record(null::audit_log, $1)`, [JSON.stringify(gone)]);
      }
      await assertIntact();
    });

    it('names the newest records deleted by the last checkpoint, and once every checkpoint is gone too, by a published copy of it', async () => {
      const [head] = await app.db.query(`SELECT c.jws, c.seq::text FROM audit_checkpoints c ORDER BY c.seq DESC LIMIT 1`);
      const served = await app.api.get('/.well-known/audit-checkpoint');
      assert.deepEqual([served.status, served.headers.get('content-type'), served.body], [200, 'application/jose', head.jws]);
      const published = join(mkdtempSync(join(tmpdir(), 'audit-')), 'checkpoint.jws');
      writeFileSync(published, served.body);
      const tail = await app.db.query(`SELECT * FROM audit_log WHERE seq > $1::bigint - 3`, [head.seq]);
      const checkpoints = await app.db.query(`SELECT * FROM audit_checkpoints`);
      await behindItsBack(`DELETE FROM audit_log WHERE seq > $1::bigint - 3`, [head.seq]);
      try {
        const truncated = await verify();
        assert.equal(truncated.code, 1, truncated.output);
        assert.match(truncated.output, /BROKEN at checkpoint \d+: the chain ends at position \d+ .*newest records were deleted/);
        await behindItsBack(`DELETE FROM audit_checkpoints`);
        await assertIntact(); // without any checkpoint left, the shortened chain looks whole
        const caught = await verify(published);
        assert.equal(caught.code, 1, caught.output);
        assert.match(caught.output, /BROKEN at published checkpoint 1: .*newest records were deleted/);
      } finally {
        for (const row of tail) await behindItsBack(`INSERT INTO audit_log SELECT * FROM json_populate_record(null::audit_log, $1)`, [JSON.stringify(row)]);
        for (const row of checkpoints) await behindItsBack(`INSERT INTO audit_checkpoints SELECT * FROM json_populate_record(null::audit_checkpoints, $1)`, [JSON.stringify(row)]);
      }
      await assertIntact(published);
    });
  });
});
