import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { eventually, finalisedClass } from './support/classroom.js';
import { createCourse, createOffering } from './support/factories.js';
import { startWorker, TestApi, type TestUser, uniqueEmail } from './support/harness.js';
import { runEntryPoint } from './support/processes.js';

describe('audit trail', () => {
  let api: TestApi;
  let worker: INestApplicationContext;
  let admin: TestUser;
  let instructor: TestUser;
  before(async () => {
    api = await TestApi.start();
    worker = await startWorker();
    admin = await api.signUp('admin');
    instructor = await api.signUp('instructor');
  });
  after(async () => {
    await worker.close();
    await api.close();
  });

  /** The records of one object, oldest first, as an admin reads them. */
  const trail = async (entityId: string) => {
    const reply = await api.get(`/api/v1/audit?entityId=${encodeURIComponent(entityId)}&limit=100`, { token: admin.token });
    assert.equal(reply.status, 200);
    return (reply.body.items as Array<{ action: string; actor?: { id: string }; before?: Record<string, unknown>; after?: Record<string, unknown>; requestId?: string }>).reverse();
  };
  const summary = (records: Awaited<ReturnType<typeof trail>>) => records.map((r) => [r.action, r.actor?.id ?? null]);

  it('records user creation, role and active changes with the right actor and the request id', async () => {
    const created = await api.post('/api/v1/users', {
      token: admin.token,
      body: { email: uniqueEmail('audited'), fullName: 'Audited Person', role: 'trainee' },
      headers: { 'x-request-id': 'audit-test-1' },
    });
    const id = created.body.id;
    await api.patch(`/api/v1/users/${id}`, { token: admin.token, body: { role: 'instructor' } });
    await api.patch(`/api/v1/users/${id}`, { token: admin.token, body: { active: false } });
    await api.patch(`/api/v1/users/${id}`, { token: admin.token, body: { fullName: 'Not audited' } });
    const records = await trail(id);
    assert.deepEqual(summary(records), [
      ['user.created', admin.id],
      ['user.role_changed', admin.id],
      ['user.deactivated', admin.id],
    ]);
    assert.equal(records[0]!.requestId, 'audit-test-1');
    assert.deepEqual([records[1]!.before, records[1]!.after], [{ role: 'trainee' }, { role: 'instructor' }]);
    assert.ok(!JSON.stringify(records).includes('passwordHash'));

    const registered = await api.post('/api/v1/auth/register', { body: { email: uniqueEmail('self'), password: 'correct-horse-battery', fullName: 'Self Made' } });
    assert.deepEqual(summary(await trail(registered.body.id)), [['user.created', registered.body.id]]);
  });

  it('records approvals, rejections and withdrawals of enrolments', async () => {
    const course = await createCourse(api, admin);
    const { id } = await createOffering(api, admin, course.id, { approvalMode: 'manual' });
    const [a, b, c] = await api.quickUsers(3);
    const ids = [];
    for (const trainee of [a, b, c]) ids.push((await api.post(`/api/v1/offerings/${id}/enrollments`, { token: trainee!.token })).body.id);
    await api.post(`/api/v1/enrollments/${ids[0]}/approve`, { token: admin.token });
    await api.post(`/api/v1/enrollments/${ids[1]}/reject`, { token: admin.token });
    await api.post(`/api/v1/enrollments/${ids[2]}/withdraw`, { token: admin.token });
    assert.deepEqual(summary(await trail(ids[0])), [['enrollment.approved', admin.id]]);
    assert.deepEqual(summary(await trail(ids[1])), [['enrollment.rejected', admin.id]]);
    assert.deepEqual(summary(await trail(ids[2])), [['enrollment.withdrawn', admin.id]]);
  });

  it('records grades set and changed, finalising and reopening, and the certificate’s life', async () => {
    const { offeringId, passed } = await finalisedClass(api, admin, 1);
    await api.post(`/api/v1/offerings/${offeringId}/reopen`, { token: admin.token });
    const assessment = (await api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: admin.token })).body.items[0];
    const gradeId = `${assessment.id}:${passed[0]!.enrollmentId}`;
    await api.request('PUT', `/api/v1/assessments/${assessment.id}/grades/${passed[0]!.enrollmentId}`, { token: admin.token, body: { score: 90, reason: 'Recount' } });
    const grades = await trail(gradeId);
    assert.deepEqual(summary(grades), [
      ['grade.set', admin.id],
      ['grade.changed', admin.id],
    ]);
    assert.deepEqual(grades[1]!.before, { score: 80, feedback: null });
    assert.equal(grades[1]!.after!.reason, 'Recount');
    await api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: admin.token });
    assert.deepEqual(summary(await trail(offeringId)), [
      ['offering.finalized', admin.id],
      ['offering.reopened', admin.id],
      ['offering.finalized', admin.id],
    ]);

    await api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: admin.token });
    const listed = await eventually(
      () => api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: admin.token }),
      (r) => r.body.counts.issued === 1,
    );
    const certificateId = listed.body.items[0].id;
    await api.post(`/api/v1/certificates/${certificateId}/reissue`, { token: admin.token, body: { reason: 'Wrong name' } });
    assert.deepEqual(summary(await trail(certificateId)), [
      ['certificate.queued', admin.id],
      ['certificate.reissued', admin.id],
    ]);
  });

  it('is for admins only, and filters by actor, entity and dates', async () => {
    assert.equal((await api.get('/api/v1/audit', { token: instructor.token })).status, 403);
    assert.equal((await api.get('/api/v1/audit')).status, 401);
    const mine = await api.get(`/api/v1/audit?actorId=${admin.id}&entity=user&limit=100`, { token: admin.token });
    assert.ok(mine.body.items.length > 0);
    assert.ok(mine.body.items.every((r: { actor: { id: string }; entity: string }) => r.actor.id === admin.id && r.entity === 'user'));
    const today = new Date().toISOString().slice(0, 10);
    assert.ok((await api.get(`/api/v1/audit?from=${today}&to=${today}`, { token: admin.token })).body.total > 0);
    assert.equal((await api.get('/api/v1/audit?from=2020-01-01&to=2020-12-31', { token: admin.token })).body.total, 0);
    assert.equal((await api.get('/api/v1/audit?from=yesterday', { token: admin.token })).status, 400);
    assert.equal((await api.get('/api/v1/audit?entity=everything', { token: admin.token })).status, 400);
  });

  it('refuses changes from the application, and `audit:verify` names a row edited behind its back', async () => {
    const db = api.app.get(DataSource);
    await assert.rejects(db.query(`UPDATE audit_log SET action = 'x' WHERE false`), /append-only/);
    await assert.rejects(db.query(`DELETE FROM audit_log WHERE false`), /append-only/);

    const verify = async () => {
      const run = runEntryPoint('dist/libs/database/src/audit/audit-verify.js', process.env as Record<string, string>);
      return { code: await run.exited, output: run.output() };
    };
    const intact = await verify();
    assert.equal(intact.code, 0, intact.output);
    assert.match(intact.output, /audit trail intact/);

    const [victim] = await db.query(`SELECT id::text, after FROM audit_log WHERE action = 'user.created' ORDER BY id DESC LIMIT 1`);
    const tamper = async (after: unknown) => {
      await db.transaction(async (tx) => {
        await tx.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
        await tx.query('UPDATE audit_log SET after = $2 WHERE id = $1', [victim.id, JSON.stringify(after)]);
        await tx.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
      });
    };
    await tamper({ ...victim.after, fullName: `${victim.after.fullName} (edited)` });
    try {
      const broken = await verify();
      assert.equal(broken.code, 1);
      assert.match(broken.output, new RegExp(`BROKEN at record ${victim.id}:`));
    } finally {
      await tamper(victim.after);
    }
    assert.equal((await verify()).code, 0);
  });
});
