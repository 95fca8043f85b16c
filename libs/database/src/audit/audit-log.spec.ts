import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditHash, type AuditRecordFields, GENESIS_HASH, verifyAuditChain } from './audit-log.js';

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

const reader = (rows: ReturnType<typeof chain>) => async (_sql: string, params: unknown[]) =>
  rows.filter((r) => Number(r.id) > Number(params[0])).slice(0, Number(params[1]));

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
    assert.deepEqual(await verifyAuditChain(reader(chain(25)), 10), { checked: 25, firstBreak: null });
  });

  it('names the first changed, deleted or inserted record', async () => {
    const edited = chain(12);
    edited[6]!.after = { score: 100, feedback: 'ok' };
    assert.equal((await verifyAuditChain(reader(edited), 5)).firstBreak?.id, '7');

    const deleted = chain(12).filter((r) => r.id !== '4');
    assert.equal((await verifyAuditChain(reader(deleted), 5)).firstBreak?.id, '5');
  });
});
