import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import canonicalize from 'canonicalize';
import { CompactSign, generateKeyPair } from 'jose';
import { auditHash, GENESIS_HASH, verifyAuditChain } from './audit-log.js';
import type { AuditRecordFields, SqlRunner } from './audit.repository.js';
import { CHECKPOINT_TYPE, verifyAuditTrail } from './audit-sealer.js';

const record = (n: number): AuditRecordFields => ({
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  actorId: null,
  action: 'grade.changed',
  entity: 'grade',
  entityId: `a:${n}`,
  before: { score: n },
  after: { score: n + 1, feedback: 'ok' },
  requestId: null,
});

/** Rows as the database returns them, chained. */
function chain(count: number) {
  let prev = GENESIS_HASH;
  return Array.from({ length: count }, (_, i) => {
    const fields = record(i);
    const hash = auditHash(prev, fields);
    const row = {
      id: String(i + 1),
      seq: String(i + 1),
      occurred_at: new Date(fields.occurredAt),
      actor_id: fields.actorId,
      action: fields.action,
      entity: fields.entity,
      entity_id: fields.entityId,
      before: fields.before,
      after: fields.after,
      request_id: fields.requestId,
      prev_hash: prev,
      hash,
    };
    prev = hash;
    return row;
  });
}

type Row = ReturnType<typeof chain>[number];
type Stored = { seq: string; hash: string; jws: string };

/** The queries the verifier makes, answered from memory. */
const reader = (rows: Row[], checkpoints: Stored[] = []): SqlRunner => ({
  query: async (sql: string, params: unknown[] = []): Promise<unknown[]> => {
    if (sql.includes('FROM audit_checkpoints')) return checkpoints;
    if (sql.includes('count(*)')) return [{ unsealed: 0 }];
    if (sql.includes('WHERE seq = $1')) return rows.filter((r) => r.seq === params[0]);
    return rows.filter((r) => Number(r.seq) > Number(params[0])).slice(0, Number(params[1]));
  },
});

const keys = await generateKeyPair('Ed25519');
const sign = (seq: string, hash: string, privateKey = keys.privateKey) =>
  new CompactSign(new TextEncoder().encode(canonicalize({ seq, hash, sealedAt: '2026-01-01T00:00:00.000Z' })!)).setProtectedHeader({ alg: 'EdDSA', typ: CHECKPOINT_TYPE }).sign(privateKey);
const checkpointOf = async (rows: Row[], seq: number): Promise<Stored> => {
  const row = rows[seq - 1]!;
  return { seq: row.seq, hash: row.hash, jws: await sign(row.seq, row.hash) };
};

describe('audit hash chain', () => {
  it('hashes the same record the same way whatever its key order', () => {
    const fields = record(3);
    const reordered: AuditRecordFields = { requestId: null, after: { feedback: 'ok', score: 4 }, before: { score: 3 }, entityId: 'a:3', entity: 'grade', action: 'grade.changed', actorId: null, occurredAt: fields.occurredAt };
    assert.equal(auditHash(GENESIS_HASH, reordered), auditHash(GENESIS_HASH, fields));
  });

  it('hashes as it did before RFC 8785 was adopted, so older chains still verify', () => {
    // Hashes computed by the hand-written canonical JSON this replaced.
    const fields: AuditRecordFields = {
      occurredAt: '2026-03-20T08:15:42.123Z',
      actorId: '6f1c1f5e-2c1b-4a43-9a53-1f0a5e3f9b10',
      action: 'grade.changed',
      entity: 'grade',
      entityId: 'e1:a1',
      before: { score: 72.5, feedback: 'Solid — see «notes»', nested: { z: [1, -0.5, 1e21, 'Traoré'], a: null, é: true, A: 2, '\u{1F600}': 'x' } },
      after: { score: 80, feedback: null, list: [] },
      requestId: 'req-1',
    };
    assert.equal(auditHash(GENESIS_HASH, fields), '08e49c5d740b08d5bcc1d9bc88d19a7b66226bd701f8d9c718b4676f9d46336b');
    assert.equal(auditHash(GENESIS_HASH, { ...fields, requestId: null }), '6a39a61ecd8488199fcf2ef0eba0c6494d79c6ff021a42ddff22a69299be6223');
  });

  it('verifies an intact chain across batches', async () => {
    const verdict = await verifyAuditChain(reader(chain(25)), 10);
    assert.deepEqual([verdict.checked, verdict.firstBreak, verdict.head?.seq], [25, null, '25']);
  });

  it('names the first changed, deleted or inserted record', async () => {
    const edited = chain(12);
    edited[6]!.after = { score: 100, feedback: 'ok' };
    assert.equal((await verifyAuditChain(reader(edited), 5)).firstBreak?.id, '7');

    const deleted = chain(12).filter((r) => r.id !== '4');
    assert.equal((await verifyAuditChain(reader(deleted), 5)).firstBreak?.id, '5');

    const inserted = chain(12);
    inserted.splice(8, 0, { ...inserted[7]!, id: '99', after: { score: 1, feedback: 'forged' } });
    assert.equal((await verifyAuditChain(reader(inserted.map((r, i) => ({ ...r, seq: String(i + 1) }))), 5)).firstBreak?.id, '99');
  });
});

describe('audit trail with signed checkpoints', () => {
  it('holds when every checkpoint matches the chain', async () => {
    const rows = chain(20);
    const checkpoints = [await checkpointOf(rows, 10), await checkpointOf(rows, 20)];
    const verdict = await verifyAuditTrail(reader(rows, checkpoints), keys.publicKey);
    assert.deepEqual([verdict.checked, verdict.checkpoints, verdict.firstBreak], [20, 2, null]);
  });

  it('detects the newest records deleted (truncated), even when the checkpoints table went with them', async () => {
    const rows = chain(20);
    const checkpoint = await checkpointOf(rows, 20);
    const truncated = rows.slice(0, 17);
    assert.match((await verifyAuditTrail(reader(truncated, [checkpoint]), keys.publicKey)).firstBreak!.reason, /ends at position 17 .* reaches 20 .*deleted/);
    assert.match((await verifyAuditTrail(reader(truncated), keys.publicKey, [checkpoint.jws])).firstBreak!.reason, /deleted/);
    assert.equal((await verifyAuditTrail(reader(rows), keys.publicKey, [checkpoint.jws])).firstBreak, null);
  });

  it('detects a chain rewritten from an edited record onwards, which the hashes alone cannot', async () => {
    const rows = chain(20);
    const checkpoint = await checkpointOf(rows, 15);
    let prev = GENESIS_HASH;
    const rewritten = rows.map((row) => {
      const after = row.id === '5' ? { score: 100, feedback: 'rewritten' } : row.after;
      const hash = auditHash(prev, { ...record(Number(row.id) - 1), after });
      const out = { ...row, after, prev_hash: prev, hash };
      prev = hash;
      return out;
    });
    assert.equal((await verifyAuditChain(reader(rewritten))).firstBreak, null);
    const verdict = await verifyAuditTrail(reader(rewritten, [checkpoint]), keys.publicKey);
    assert.match(verdict.firstBreak!.reason, /position 15 is not what was signed/);
  });

  it('rejects a checkpoint not signed by the academy, or changed after signing', async () => {
    const rows = chain(5);
    const other = await generateKeyPair('Ed25519');
    const forged = { seq: '5', hash: rows[4]!.hash, jws: await sign('5', rows[4]!.hash, other.privateKey) };
    assert.match((await verifyAuditTrail(reader(rows, [forged]), keys.publicKey)).firstBreak!.reason, /signature/);
    const good = await checkpointOf(rows, 5);
    assert.match((await verifyAuditTrail(reader(rows, [{ ...good, seq: '4', hash: rows[3]!.hash }]), keys.publicKey)).firstBreak!.reason, /signature/);
  });
});
