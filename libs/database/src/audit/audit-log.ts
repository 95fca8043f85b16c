// The audit trail: who did what, when, with the state before and after. Appended in the same transaction as
// the change it records; the sealer (audit-sealer.ts) then links each record to the one before it by hash, in commit
// order, and signs a checkpoint of the head, so a changed, inserted or deleted row breaks the chain where it
// happened and a deleted tail falls short of the last checkpoint (npm run audit:verify).
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EntityManager } from 'typeorm';
import { currentRequestId } from '@amahoro/logging/request-context.js';

export type AuditAction =
  | 'user.created'
  | 'user.role_changed'
  | 'user.activated'
  | 'user.deactivated'
  | 'user.invited'
  | 'user.password_reset'
  | 'user.unlocked'
  | 'enrollment.approved'
  | 'enrollment.rejected'
  | 'enrollment.withdrawn'
  | 'enrollment.not_admitted'
  | 'assessment.updated'
  | 'assessment.deleted'
  | 'grade.set'
  | 'grade.changed'
  | 'offering.finalized'
  | 'offering.reopened'
  | 'certificate.queued'
  | 'certificate.issued'
  | 'certificate.revoked'
  | 'certificate.reissued'
  | 'organisation.created'
  | 'organisation.updated'
  | 'nomination.call_saved'
  | 'nomination.selected'
  | 'nomination.alternate'
  | 'nomination.not_selected'
  | 'nomination.withdrawn'
  | 'nomination.substituted';

export interface AuditEntry {
  /** null: the system (the worker), not a person. */
  actorId: string | null;
  action: AuditAction;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecordFields {
  occurredAt: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

/**
 * SHA-256 of the previous hash, a newline and the record as RFC 8785 canonical JSON (keys sorted at every level), so
 * the same record always hashes the same whatever order jsonb gives its keys back in. Chains written before RFC 8785
 * was adopted hash the same: their JSON was built by the same rules.
 */
export function auditHash(prevHash: string, fields: AuditRecordFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalize(fields)!).digest('hex');
}

/**
 * Appends entries inside the caller's transaction, unhashed: no lock, so audited writes never queue behind each
 * other. The sealer (sealAuditTrail) links them into the chain once they are committed, in commit order.
 */
export async function recordAudit(tx: EntityManager, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  // Microseconds would be lost in a JS Date: the time is taken here, to the millisecond, so the hash covers what is stored.
  const occurredAt = new Date().toISOString();
  const requestId = currentRequestId();
  await tx.query(
    `INSERT INTO audit_log (occurred_at, actor_id, action, entity, entity_id, before, after, request_id)
     SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[])`,
    [
      entries.map(() => occurredAt),
      entries.map((e) => e.actorId),
      entries.map((e) => e.action),
      entries.map((e) => e.entity),
      entries.map((e) => e.entityId),
      entries.map((e) => jsonOrNull(e.before)),
      entries.map((e) => jsonOrNull(e.after)),
      entries.map(() => requestId),
    ],
  );
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export interface ChainBreak {
  id: string;
  reason: string;
}

export interface AuditRow {
  id: string;
  seq: string;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export function rowFields(row: Omit<AuditRow, 'seq' | 'prev_hash' | 'hash'>): AuditRecordFields {
  return {
    occurredAt: row.occurred_at.toISOString(),
    actorId: row.actor_id,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before,
    after: row.after,
    requestId: row.request_id,
  };
}

export const AUDIT_ROW_COLUMNS = `id::text AS id, seq::text AS seq, occurred_at, actor_id, action, entity, entity_id, before, after, request_id, prev_hash, hash`;

/**
 * Walks the sealed chain in its order; the first record whose link or content does not match is the break.
 * Returns the head it reached, to hold against the signed checkpoints.
 */
export async function verifyAuditChain(
  query: (sql: string, params: unknown[]) => Promise<unknown[]>,
  batch = 5000,
): Promise<{ checked: number; firstBreak: ChainBreak | null; head: { seq: string; hash: string } | null; hashAt: Map<string, string> }> {
  let prevHash = GENESIS_HASH;
  let lastSeq = '0';
  let checked = 0;
  let head: { seq: string; hash: string } | null = null;
  // The hash at each checkpointed position, for verifyCheckpoints.
  const checkpointed = new Set(((await query(`SELECT seq::text AS seq FROM audit_checkpoints`, [])) as Array<{ seq: string }>).map((r) => r.seq));
  const hashAt = new Map<string, string>();
  for (;;) {
    const rows = (await query(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log a WHERE a.seq > $1::bigint ORDER BY a.seq LIMIT $2`, [lastSeq, batch])) as AuditRow[];
    for (const row of rows) {
      if (row.prev_hash !== prevHash) return { checked, firstBreak: { id: row.id, reason: 'its link to the previous record does not match (a record before it was changed, inserted or deleted)' }, head, hashAt };
      if (auditHash(prevHash, rowFields(row)) !== row.hash) return { checked, firstBreak: { id: row.id, reason: 'its content does not match its hash (the record was changed)' }, head, hashAt };
      if (checkpointed.has(row.seq)) hashAt.set(row.seq, row.hash);
      prevHash = row.hash;
      lastSeq = row.seq;
      head = { seq: row.seq, hash: row.hash };
      checked++;
    }
    if (rows.length < batch) return { checked, firstBreak: null, head, hashAt };
  }
}
