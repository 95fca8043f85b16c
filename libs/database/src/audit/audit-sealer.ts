// The one sealer of the audit trail: links records appended since the last pass into the hash chain, in the order
// their transactions committed, and signs a checkpoint of the new head. Writers never wait for it; sealers take
// turns on a try-lock (a second one at the same moment just skips its pass).
import canonicalize from 'canonicalize';
import { CompactSign, compactVerify, type CryptoKey, type JWK } from 'jose';
import type { DataSource } from 'typeorm';
import { AdvisoryLock } from '../advisory-locks.js';
import { AUDIT_ROW_COLUMNS, type AuditRow, auditHash, type ChainBreak, GENESIS_HASH, rowFields, verifyAuditChain } from './audit-log.js';

export const CHECKPOINT_TYPE = 'audit-checkpoint+jws';

export interface Checkpoint {
  seq: string;
  hash: string;
  sealedAt: string;
}

export interface SealerKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** Seals what is committed and unsealed; returns the new signed checkpoint, or null when there was nothing to seal. */
export async function sealAuditTrail(db: DataSource, key: SealerKey, batch = 5000): Promise<{ sealed: number; checkpoint: string | null }> {
  return db.transaction(async (tx) => {
    const [{ locked }] = (await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [AdvisoryLock.AuditSealer])) as [{ locked: boolean }];
    if (!locked) return { sealed: 0, checkpoint: null };
    await tx.query(`SELECT set_config('amahoro.audit_sealing', 'on', true)`);
    const [last] = (await tx.query(`SELECT seq::text AS seq, hash FROM audit_log a WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1`)) as Array<{ seq: string; hash: string }>;
    let seq = BigInt(last?.seq ?? 0);
    let prevHash = last?.hash ?? GENESIS_HASH;
    let sealed = 0;
    for (;;) {
      // What this snapshot sees is committed: a record whose transaction commits later is sealed on a later pass.
      const rows = (await tx.query(`SELECT ${AUDIT_ROW_COLUMNS} FROM audit_log a WHERE a.seq IS NULL ORDER BY a.id LIMIT $1`, [batch])) as AuditRow[];
      if (rows.length === 0) break;
      const seqs: string[] = [];
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const row of rows) {
        seq += 1n;
        const hash = auditHash(prevHash, rowFields(row));
        seqs.push(String(seq));
        prevs.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      await tx.query(
        `UPDATE audit_log a SET seq = s.seq, prev_hash = s.prev_hash, hash = s.hash
           FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS s(id, seq, prev_hash, hash) WHERE a.id = s.id`,
        [rows.map((r) => r.id), seqs, prevs, hashes],
      );
      sealed += rows.length;
      if (rows.length < batch) break;
    }
    if (sealed === 0) return { sealed, checkpoint: null };
    const checkpoint: Checkpoint = { seq: String(seq), hash: prevHash, sealedAt: new Date().toISOString() };
    const jws = await new CompactSign(new TextEncoder().encode(canonicalize(checkpoint)!))
      .setProtectedHeader({ alg: 'EdDSA', typ: CHECKPOINT_TYPE, ...(key.publicJwk.kid ? { kid: key.publicJwk.kid } : {}) })
      .sign(key.privateKey);
    await tx.query(`INSERT INTO audit_checkpoints (seq, hash, sealed_at, jws) VALUES ($1, $2, $3, $4)`, [checkpoint.seq, checkpoint.hash, checkpoint.sealedAt, jws]);
    return { sealed, checkpoint: jws };
  });
}

/** The checkpoint a JWS states, if the key signed it. */
export async function readCheckpoint(jws: string, publicKey: CryptoKey | JWK): Promise<Checkpoint | null> {
  try {
    const { payload, protectedHeader } = await compactVerify(jws.trim(), publicKey, { algorithms: ['EdDSA', 'Ed25519'] });
    if (protectedHeader.typ !== CHECKPOINT_TYPE) return null;
    const value = JSON.parse(new TextDecoder().decode(payload)) as Partial<Checkpoint>;
    return typeof value.seq === 'string' && typeof value.hash === 'string' && typeof value.sealedAt === 'string' ? (value as Checkpoint) : null;
  } catch {
    return null;
  }
}

export interface TrailVerdict {
  checked: number;
  checkpoints: number;
  unsealed: number;
  firstBreak: ChainBreak | null;
}

/**
 * The whole trail: the chain, every checkpoint in the database and any published elsewhere (which survive a
 * deletion of the checkpoints table). A checkpoint whose signature fails, whose position lies past the chain's end
 * (its newest records deleted) or whose hash differs from the chain's there (the chain rewritten) is a break.
 */
export async function verifyAuditTrail(
  query: (sql: string, params: unknown[]) => Promise<unknown[]>,
  publicKey: CryptoKey | JWK,
  published: string[] = [],
): Promise<TrailVerdict> {
  const chain = await verifyAuditChain(query);
  const [{ unsealed }] = (await query(`SELECT count(*)::int AS unsealed FROM audit_log WHERE seq IS NULL`, [])) as [{ unsealed: number }];
  const verdict = (firstBreak: ChainBreak | null, checkpoints = 0): TrailVerdict => ({ checked: chain.checked, checkpoints, unsealed, firstBreak });
  if (chain.firstBreak) return verdict(chain.firstBreak);
  const stored = (await query(`SELECT seq::text AS seq, hash, jws FROM audit_checkpoints c ORDER BY c.seq`, [])) as Array<{ seq: string; hash: string; jws: string }>;
  const all = [...stored.map((row) => ({ ...row, where: `checkpoint ${row.seq}` })), ...published.map((jws, i) => ({ seq: '', hash: '', jws, where: `published checkpoint ${i + 1}` }))];
  const headSeq = BigInt(chain.head?.seq ?? 0);
  for (const entry of all) {
    const signed = await readCheckpoint(entry.jws, publicKey);
    if (!signed || (entry.seq && (signed.seq !== entry.seq || signed.hash !== entry.hash))) {
      return verdict({ id: entry.where, reason: 'its signature does not verify, or does not say what the row says (the checkpoint was forged or changed)' });
    }
    if (BigInt(signed.seq) > headSeq) {
      return verdict({ id: entry.where, reason: `the chain ends at position ${headSeq} but a signed checkpoint of ${signed.sealedAt} reaches ${signed.seq} (its newest records were deleted)` });
    }
    const at = chain.hashAt.get(signed.seq) ?? (await hashAtSeq(query, signed.seq));
    if (at !== signed.hash) {
      return verdict({ id: entry.where, reason: `the chain at position ${signed.seq} is not what was signed at ${signed.sealedAt} (records were rewritten)` });
    }
  }
  return verdict(null, all.length);
}

async function hashAtSeq(query: (sql: string, params: unknown[]) => Promise<unknown[]>, seq: string): Promise<string | undefined> {
  const [row] = (await query(`SELECT hash FROM audit_log WHERE seq = $1::bigint`, [seq])) as Array<{ hash: string }>;
  return row?.hash;
}
