import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AdvisoryLock } from '@amahoro/database/advisory-locks.js';
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
    // The worker's issue is audited too (the system is its actor), and sealed into the chain like the rest.
    const certificateTrail = await trail(certificateId);
    assert.deepEqual(summary(certificateTrail), [
      ['certificate.queued', admin.id],
      ['certificate.issued', null],
      ['certificate.reissued', admin.id],
    ]);
    const replacement = String(certificateTrail[2]!.after!.replacedBy);
    assert.deepEqual(summary(await eventually(() => trail(replacement), (records) => records.length === 1)), [['certificate.issued', null]]);
    assert.match(String(certificateTrail[1]!.after!.pdfSha256), /^[0-9a-f]{64}$/);
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

  it('refuses changes from the application, and `audit:verify` names a record edited, inserted or deleted, or a deleted tail', async () => {
    const db = api.app.get(DataSource);
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

    const verify = async (...published: string[]) => {
      const run = runEntryPoint('dist/libs/database/src/audit/audit-verify.js', process.env as Record<string, string>, { args: published });
      return { code: await run.exited, output: run.output() };
    };
    await eventually(() => db.query(`SELECT count(*)::int AS n FROM audit_log WHERE seq IS NULL`), (rows) => rows[0].n === 0);
    const intact = await verify();
    assert.equal(intact.code, 0, intact.output);
    assert.match(intact.output, /audit trail intact: \d+ records, [1-9]\d* signed checkpoints hold/);

    // Other spec files write to this database meanwhile: the sealers stand aside while the chain is tampered with.
    const sealerLock = db.createQueryRunner();
    await sealerLock.connect();
    await sealerLock.query('SELECT pg_advisory_lock($1)', [AdvisoryLock.AuditSealer]);
    try {
      await tamperAndVerify(api, db, verify);
    } finally {
      await sealerLock.query('SELECT pg_advisory_unlock($1)', [AdvisoryLock.AuditSealer]);
      await sealerLock.release();
    }
  });
});

async function tamperAndVerify(api: TestApi, db: DataSource, verify: (...published: string[]) => Promise<{ code: number | null; output: string }>): Promise<void> {

  /** Runs SQL behind the application's back, as someone with the database's keys would. */
  const behindItsBack = (sql: string, params: unknown[] = []) =>
    db.transaction(async (tx) => {
      await tx.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
      await tx.query('ALTER TABLE audit_checkpoints DISABLE TRIGGER USER');
      await tx.query(sql, params);
      await tx.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
      await tx.query('ALTER TABLE audit_checkpoints ENABLE TRIGGER USER');
    });

  // Edited.
  const [victim] = await db.query(`SELECT id::text, after FROM audit_log a WHERE action = 'user.created' ORDER BY a.id DESC LIMIT 1`);
  await behindItsBack('UPDATE audit_log SET after = $2 WHERE id = $1', [victim.id, JSON.stringify({ ...victim.after, fullName: `${victim.after.fullName} (edited)` })]);
  try {
    const broken = await verify();
    assert.equal(broken.code, 1);
    assert.match(broken.output, new RegExp(`BROKEN at record ${victim.id}:.*changed`));
  } finally {
    await behindItsBack('UPDATE audit_log SET after = $2 WHERE id = $1', [victim.id, JSON.stringify(victim.after)]);
  }
  assert.equal((await verify()).code, 0);

  // Inserted in the middle of the sealed chain.
  const [middle] = await db.query(`SELECT a.seq::text, a.prev_hash, a.hash FROM audit_log a WHERE a.seq IS NOT NULL ORDER BY a.seq LIMIT 1 OFFSET 2`);
  await behindItsBack(`UPDATE audit_log SET seq = seq + 1000000 WHERE seq > $1`, [middle.seq]);
  const [forged] = await db.query(
    `INSERT INTO audit_log (occurred_at, action, entity, entity_id, seq, prev_hash, hash) VALUES (now(), 'user.created', 'user', 'forged', $1::bigint + 1, $2, $3) RETURNING id::text`,
    [middle.seq, middle.hash, 'f'.repeat(64)],
  );
  try {
    assert.match((await verify()).output, new RegExp(`BROKEN at record ${forged.id}:`));
  } finally {
    await behindItsBack(`DELETE FROM audit_log WHERE id = $1`, [forged.id]);
    await behindItsBack(`UPDATE audit_log SET seq = seq - 1000000 WHERE seq > 1000000`);
  }
  assert.equal((await verify()).code, 0);

  // Deleted from the middle.
  const [gone] = await db.query(`SELECT * FROM audit_log WHERE seq IS NOT NULL ORDER BY seq LIMIT 1 OFFSET 3`);
  await behindItsBack(`DELETE FROM audit_log WHERE id = $1`, [gone.id]);
  try {
    assert.match((await verify()).output, /BROKEN at record \d+: its link to the previous record does not match/);
  } finally {
    await behindItsBack(`INSERT INTO audit_log SELECT * FROM json_populate_record(null::audit_log, $1)`, [JSON.stringify(gone)]);
  }
  assert.equal((await verify()).code, 0);

  // The newest records deleted (truncated), and with them every checkpoint: a published copy of the last one tells.
  const [head] = await db.query(`SELECT c.jws, c.seq::text FROM audit_checkpoints c ORDER BY c.seq DESC LIMIT 1`);
  const served = await api.get('/.well-known/audit-checkpoint');
  assert.deepEqual([served.status, served.headers.get('content-type'), served.body], [200, 'application/jose', head.jws]);
  const published = join(mkdtempSync(join(tmpdir(), 'audit-')), 'checkpoint.jws');
  writeFileSync(published, served.body);
  const tail = await db.query(`SELECT * FROM audit_log WHERE seq > $1::bigint - 3`, [head.seq]);
  const checkpoints = await db.query(`SELECT * FROM audit_checkpoints`);
  await behindItsBack(`DELETE FROM audit_log WHERE seq > $1::bigint - 3`, [head.seq]);
  try {
    const truncated = await verify();
    assert.equal(truncated.code, 1);
    assert.match(truncated.output, /BROKEN at checkpoint \d+: the chain ends at position \d+ .*newest records were deleted/);
    await behindItsBack(`DELETE FROM audit_checkpoints`);
    assert.equal((await verify()).code, 0, 'without any checkpoint left, the shortened chain looks whole');
    assert.match((await verify(published)).output, /BROKEN at published checkpoint 1: .*newest records were deleted/);
  } finally {
    for (const row of tail) await behindItsBack(`INSERT INTO audit_log SELECT * FROM json_populate_record(null::audit_log, $1)`, [JSON.stringify(row)]);
    for (const row of checkpoints) await behindItsBack(`INSERT INTO audit_checkpoints SELECT * FROM json_populate_record(null::audit_checkpoints, $1)`, [JSON.stringify(row)]);
  }
  assert.equal((await verify(published)).code, 0);
}
