// All SQL of the audit trail (audit_log, audit_checkpoints): appending, sealing into the hash chain, reading it back
// to verify, and listing it. Every method takes what to run on (a transaction's EntityManager, or a plain client
// for `npm run audit:verify`), so the caller owns the transaction. Out come camelCase values.
import { Injectable } from '@nestjs/common';
import { AdvisoryLock } from '../advisory-locks.js';

/** Runs SQL and gives the rows back: an EntityManager, or a pg client wrapped. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** What a record's hash covers. */
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

/** A sealed record, with its place in the chain. */
export interface ChainRecord {
  id: string;
  seq: string;
  prevHash: string;
  hash: string;
  fields: AuditRecordFields;
}

export interface ChainLink {
  id: string;
  seq: string;
  prevHash: string;
  hash: string;
}

export interface StoredCheckpoint {
  seq: string;
  hash: string;
  jws: string;
}

export interface AuditFilter {
  actorId?: string;
  entity?: string;
  entityId?: string;
  action?: string;
  /** Days (UTC), both inclusive. */
  from?: string;
  to?: string;
  offset: number;
  limit: number;
}

export interface ListedAuditRecord {
  id: string;
  occurredAt: string;
  actor?: { id: string; email: string; fullName: string };
  action: string;
  entity: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  requestId?: string;
  hash?: string;
}

interface AuditRow {
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

const ROW_COLUMNS = `id::text AS id, seq::text AS seq, occurred_at, actor_id, action, entity, entity_id, before, after, request_id, prev_hash, hash`;

function chainRecord(row: AuditRow): ChainRecord {
  return {
    id: row.id,
    seq: row.seq,
    prevHash: row.prev_hash,
    hash: row.hash,
    fields: {
      occurredAt: row.occurred_at.toISOString(),
      actorId: row.actor_id,
      action: row.action,
      entity: row.entity,
      entityId: row.entity_id,
      before: row.before,
      after: row.after,
      requestId: row.request_id,
    },
  };
}

async function rows<T>(db: SqlRunner, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as T[];
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * The audit trail's one INSERT, over `select`'s rows in column order (occurred_at, actor_id, action, entity,
 * entity_id, before, after, request_id), unsealed: for `append`, and for a statement that writes its audit rows
 * with the change they record (the grades' write).
 */
export function insertAuditSql(select: string): string {
  return `INSERT INTO audit_log (occurred_at, actor_id, action, entity, entity_id, before, after, request_id) ${select}`;
}

@Injectable()
export class AuditRepository {
  /** Appends the records unsealed, with one statement. */
  async append(db: SqlRunner, records: AuditRecordFields[]): Promise<void> {
    await db.query(
      insertAuditSql('SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[], $8::text[])'),
      [
        records.map((r) => r.occurredAt),
        records.map((r) => r.actorId),
        records.map((r) => r.action),
        records.map((r) => r.entity),
        records.map((r) => r.entityId),
        records.map((r) => jsonOrNull(r.before)),
        records.map((r) => jsonOrNull(r.after)),
        records.map((r) => r.requestId),
      ],
    );
  }

  /**
   * The sealer's turn, until the transaction ends: false when another sealer has it. Holding it, the transaction
   * may write the chain's columns (the table's trigger refuses them to everyone else).
   */
  async beginSealing(db: SqlRunner): Promise<boolean> {
    const [{ locked }] = await rows<{ locked: boolean }>(db, 'SELECT pg_try_advisory_xact_lock($1) AS locked', [AdvisoryLock.AuditSealer]);
    if (locked) await db.query(`SELECT set_config('amahoro.audit_sealing', 'on', true)`);
    return locked;
  }

  /** The last sealed record's position and hash; null before the first seal. */
  async sealedHead(db: SqlRunner): Promise<{ seq: string; hash: string } | null> {
    const [head] = await rows<{ seq: string; hash: string }>(db, `SELECT seq::text AS seq, hash FROM audit_log a WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1`);
    return head ?? null;
  }

  /** Committed records not sealed yet, oldest first. */
  async unsealed(db: SqlRunner, limit: number): Promise<Array<Pick<ChainRecord, 'id' | 'fields'>>> {
    return (await rows<AuditRow>(db, `SELECT ${ROW_COLUMNS} FROM audit_log a WHERE a.seq IS NULL ORDER BY a.id LIMIT $1`, [limit])).map(chainRecord);
  }

  async seal(db: SqlRunner, links: ChainLink[]): Promise<void> {
    await db.query(
      `UPDATE audit_log a SET seq = s.seq, prev_hash = s.prev_hash, hash = s.hash
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS s(id, seq, prev_hash, hash) WHERE a.id = s.id`,
      [links.map((l) => l.id), links.map((l) => l.seq), links.map((l) => l.prevHash), links.map((l) => l.hash)],
    );
  }

  async insertCheckpoint(db: SqlRunner, checkpoint: { seq: string; hash: string; sealedAt: string }, jws: string): Promise<void> {
    await db.query(`INSERT INTO audit_checkpoints (seq, hash, sealed_at, jws) VALUES ($1, $2, $3, $4)`, [checkpoint.seq, checkpoint.hash, checkpoint.sealedAt, jws]);
  }

  /** Sealed records after the position, in chain order. */
  async sealedAfter(db: SqlRunner, seq: string, limit: number): Promise<ChainRecord[]> {
    return (await rows<AuditRow>(db, `SELECT ${ROW_COLUMNS} FROM audit_log a WHERE a.seq > $1::bigint ORDER BY a.seq LIMIT $2`, [seq, limit])).map(chainRecord);
  }

  async hashAt(db: SqlRunner, seq: string): Promise<string | undefined> {
    const [row] = await rows<{ hash: string }>(db, `SELECT hash FROM audit_log WHERE seq = $1::bigint`, [seq]);
    return row?.hash;
  }

  async unsealedCount(db: SqlRunner): Promise<number> {
    const [{ unsealed }] = await rows<{ unsealed: number }>(db, `SELECT count(*)::int AS unsealed FROM audit_log WHERE seq IS NULL`);
    return unsealed;
  }

  /** The newest signed checkpoint (compact JWS), published beside the issuer's keys; null before the first seal. */
  async latestCheckpoint(db: SqlRunner): Promise<string | null> {
    const [latest] = await rows<{ jws: string }>(db, `SELECT c.jws FROM audit_checkpoints c ORDER BY c.seq DESC LIMIT 1`);
    return latest?.jws ?? null;
  }

  /** The stored checkpoints, oldest first. */
  checkpoints(db: SqlRunner): Promise<StoredCheckpoint[]> {
    return rows<StoredCheckpoint>(db, `SELECT seq::text AS seq, hash, jws FROM audit_checkpoints c ORDER BY c.seq`);
  }

  /** Newest first, with the actor's name; the page and the count of all that match. */
  async list(db: SqlRunner, filter: AuditFilter): Promise<{ items: ListedAuditRecord[]; total: number }> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (filter.actorId) where('a.actor_id = ?', filter.actorId);
    if (filter.entity) where('a.entity = ?', filter.entity);
    if (filter.entityId) where('a.entity_id = ?', filter.entityId);
    if (filter.action) where('a.action = ?', filter.action);
    if (filter.from) where(`a.occurred_at >= ?::date`, filter.from);
    if (filter.to) where(`a.occurred_at < ?::date + 1`, filter.to);
    const matching = conditions.map((condition) => ` AND ${condition}`).join('');
    // The indexes by actor and by entity hold sealed records (appends stay light): by those filters, the sealed
    // records and the unsealed ones (their own index) are read apart. Otherwise, by id or occurred_at.
    const records =
      filter.actorId || filter.entity || filter.entityId
        ? `(SELECT * FROM audit_log a WHERE a.seq IS NOT NULL${matching} UNION ALL SELECT * FROM audit_log a WHERE a.seq IS NULL${matching})`
        : `(SELECT * FROM audit_log a WHERE true${matching})`;
    type Listed = Omit<AuditRow, 'seq' | 'prev_hash'> & { email: string; full_name: string };
    const [page, [count]] = await Promise.all([
      rows<Listed>(
        db,
        `SELECT a.id::text, a.occurred_at, a.action, a.entity, a.entity_id, a.before, a.after, a.request_id, a.hash,
                u.id AS actor_id, u.email, u.full_name
           FROM ${records} a LEFT JOIN users u ON u.id = a.actor_id
          ORDER BY a.id DESC LIMIT $${values.length + 1} OFFSET $${values.length + 2}`,
        [...values, filter.limit, filter.offset],
      ),
      rows<{ n: number }>(db, `SELECT count(*)::int AS n FROM ${records} a`, values),
    ]);
    return {
      items: page.map((row) => ({
        id: row.id,
        occurredAt: row.occurred_at.toISOString(),
        actor: row.actor_id ? { id: row.actor_id, email: row.email, fullName: row.full_name } : undefined,
        action: row.action,
        entity: row.entity,
        entityId: row.entity_id,
        before: row.before ?? undefined,
        after: row.after ?? undefined,
        requestId: row.request_id ?? undefined,
        hash: row.hash ?? undefined,
      })),
      total: count!.n,
    };
  }
}
