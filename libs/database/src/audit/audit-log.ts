// The audit trail: who did what, when, with the state before and after. Written in the same transaction as
// the change it records. Each record holds the hash of the one before it, so a changed, inserted or deleted
// row breaks the chain where it happened (verifyAuditChain).
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EntityManager } from 'typeorm';
import { currentRequestId } from '@amahoro/logging/request-context.js';
import { AdvisoryLock } from '../advisory-locks.js';

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

/** Appends entries, chained, inside the caller's transaction. Writers take turns so the chain never forks. */
export async function recordAudit(tx: EntityManager, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.AuditTrail]);
  const [last] = (await tx.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')) as Array<{ hash: string }>;
  let prevHash = last?.hash ?? GENESIS_HASH;
  // Microseconds would be lost in a JS Date: the time is taken here, to the millisecond, and stored as hashed.
  const occurredAt = new Date().toISOString();
  const requestId = currentRequestId();
  const rows = entries.map((entry) => {
    const fields: AuditRecordFields = {
      occurredAt,
      actorId: entry.actorId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId,
      before: normalize(entry.before),
      after: normalize(entry.after),
      requestId,
    };
    const hash = auditHash(prevHash, fields);
    const row = { ...fields, prevHash, hash };
    prevHash = hash;
    return row;
  });
  await tx.query(
    `INSERT INTO audit_log (occurred_at, actor_id, action, entity, entity_id, before, after, request_id, prev_hash, hash)
     SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[], $9::text[], $10::text[])`,
    [
      rows.map((r) => r.occurredAt),
      rows.map((r) => r.actorId),
      rows.map((r) => r.action),
      rows.map((r) => r.entity),
      rows.map((r) => r.entityId),
      rows.map((r) => (r.before === null ? null : JSON.stringify(r.before))),
      rows.map((r) => (r.after === null ? null : JSON.stringify(r.after))),
      rows.map((r) => r.requestId),
      rows.map((r) => r.prevHash),
      rows.map((r) => r.hash),
    ],
  );
}

/** Round-trips through JSON, as jsonb will store it, so the hash covers exactly what is read back. */
function normalize(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}

export interface ChainBreak {
  id: string;
  reason: string;
}

/** Walks the chain in order; the first record whose link or content does not match is the break. */
export async function verifyAuditChain(query: (sql: string, params: unknown[]) => Promise<unknown[]>, batch = 5000): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
  let prevHash = GENESIS_HASH;
  let lastId = '0';
  let checked = 0;
  for (;;) {
    const rows = (await query(
      `SELECT a.id::text AS id, a.occurred_at, a.actor_id, a.action, a.entity, a.entity_id, a.before, a.after, a.request_id, a.prev_hash, a.hash
         FROM audit_log a WHERE a.id > $1::bigint ORDER BY a.id LIMIT $2`,
      [lastId, batch],
    )) as Array<{ id: string; occurred_at: Date; actor_id: string | null; action: string; entity: string; entity_id: string; before: unknown; after: unknown; request_id: string | null; prev_hash: string; hash: string }>;
    for (const row of rows) {
      if (row.prev_hash !== prevHash) return { checked, firstBreak: { id: row.id, reason: 'its link to the previous record does not match (a record before it was changed, inserted or deleted)' } };
      const expected = auditHash(prevHash, {
        occurredAt: row.occurred_at.toISOString(),
        actorId: row.actor_id,
        action: row.action,
        entity: row.entity,
        entityId: row.entity_id,
        before: row.before,
        after: row.after,
        requestId: row.request_id,
      });
      if (expected !== row.hash) return { checked, firstBreak: { id: row.id, reason: 'its content does not match its hash (the record was changed)' } };
      prevHash = row.hash;
      lastId = row.id;
      checked++;
    }
    if (rows.length < batch) return { checked, firstBreak: null };
  }
}
