import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { auditHash, type AuditRecordFields, canonicalJson, GENESIS_HASH, verifyAuditChain } from './audit-log.js';

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
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } }), '{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
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
