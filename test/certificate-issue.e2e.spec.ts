// The worker's one-statement issue (WorkerCertificatesRepository.issue) on the real database: the certificate, its
// holder's e-mail and its audit record together, once, whatever runs it again; the record seals and verifies.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import { sealAuditTrail, verifyAuditTrail } from '@amahoro/database/audit/audit-sealer.js';
import { WorkerCertificatesRepository } from '../apps/worker/src/certificates.repository.js';
import { finalisedClass } from './support/classroom.js';
import { useApp } from './support/fixture.js';

describe('issuing certificates in one statement', () => {
  const app = useApp();
  const repository = new WorkerCertificatesRepository();

  it('stores each PDF and credential once, with the holder’s e-mail and an audit record that seals and verifies', async () => {
    const { offeringId, passed } = await finalisedClass(app.api, app.admin, 2);
    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token })).status, 202);
    // No worker runs here: they stay queued until the repository issues them.
    const queued = await repository.queued(
      app.db.manager,
      (await app.db.query(`SELECT c.id FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE e.offering_id = $1`, [offeringId])).map(
        (row: { id: string }) => row.id,
      ),
    );
    assert.equal(queued.length, 2);
    const made = (pdf: Buffer) =>
      queued.map((c) => ({ id: c.id, issuedAt: new Date(), pdf, pdfSha256: createHash('sha256').update(pdf).digest('hex'), credential: Buffer.from(`jwt.of.${c.serial} — é`) }));
    const first = made(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x5c, 0x78]));

    assert.deepEqual((await repository.issue(app.db.manager, first)).sort(), queued.map((c) => c.id).sort());
    assert.deepEqual(await repository.issue(app.db.manager, made(Buffer.from('a second run'))), [], 'a second run issues nothing');

    const holders = new Map<string, string>(
      (await app.db.query(`SELECT c.id, e.user_id FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id WHERE c.id = ANY($1::uuid[])`, [queued.map((c) => c.id)])).map(
        (r: { id: string; user_id: string }) => [r.id, r.user_id],
      ),
    );
    for (const c of queued) {
      const [stored] = await app.db.query(`SELECT status, pdf, pdf_sha256, credential FROM certificates WHERE id = $1`, [c.id]);
      assert.equal(stored.status, 'issued');
      assert.deepEqual(stored.pdf, first[0]!.pdf, 'the bytes as sent, the first run’s');
      assert.equal(stored.pdf_sha256, first[0]!.pdfSha256);
      assert.equal(stored.credential, `jwt.of.${c.serial} — é`, 'the text of its UTF-8 bytes');
      const notes = await app.db.query(`SELECT dedup_key, user_id, kind, data, status FROM notifications WHERE kind = 'certificate.issued' AND dedup_key LIKE $1`, [
        `%/${c.id}/%`,
      ]);
      assert.deepEqual(notes, [
        {
          dedup_key: `certificate.issued/${c.id}/${holders.get(c.id)}`,
          user_id: holders.get(c.id),
          kind: 'certificate.issued',
          data: { courseTitle: c.courseTitle, serial: c.serial, offeringId },
          status: 'pending',
        },
      ]);
      const records = await app.db.query(
        `SELECT actor_id, entity, before, after, request_id, occurred_at = date_trunc('milliseconds', occurred_at) AS to_the_millisecond, seq
           FROM audit_log WHERE action = 'certificate.issued' AND entity_id = $1`,
        [c.id],
      );
      // As recordAudit writes it: appended unsealed, its time to the millisecond (what the seal's hash covers).
      assert.deepEqual(records, [
        { actor_id: null, entity: 'certificate', before: null, after: { serial: c.serial, pdfSha256: first[0]!.pdfSha256 }, request_id: null, to_the_millisecond: true, seq: null },
      ]);
    }
    assert.deepEqual(new Set(holders.values()), new Set(passed.map((p) => p.id)));

    const { privateKey, publicKey } = await generateKeyPair('Ed25519');
    await sealAuditTrail(app.db, { privateKey, publicJwk: await exportJWK(publicKey) });
    const verdict = await verifyAuditTrail(app.db.manager, publicKey);
    assert.equal(verdict.firstBreak, null);
  });
});
