// The one sealer of the audit trail: links records appended since the last pass into the hash chain, in the order
// their transactions committed, and signs a checkpoint of the new head. Writers never wait for it; sealers take
// turns on a try-lock (a second one at the same moment just skips its pass).
import canonicalize from 'canonicalize';
import { CompactSign, compactVerify, type CryptoKey, type JWK } from 'jose';
import type { DataSource } from 'typeorm';
import { auditHash, type ChainBreak, GENESIS_HASH, verifyAuditChain } from './audit-log.js';
import { AuditRepository, type ChainLink, type SqlRunner } from './audit.repository.js';

const audit = new AuditRepository();

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
    if (!(await audit.beginSealing(tx))) return { sealed: 0, checkpoint: null };
    const last = await audit.sealedHead(tx);
    let seq = BigInt(last?.seq ?? 0);
    let prevHash = last?.hash ?? GENESIS_HASH;
    let sealed = 0;
    for (;;) {
      // What this snapshot sees is committed: a record whose transaction commits later is sealed on a later pass.
      const records = await audit.unsealed(tx, batch);
      if (records.length === 0) break;
      const links: ChainLink[] = [];
      for (const record of records) {
        seq += 1n;
        const hash = auditHash(prevHash, record.fields);
        links.push({ id: record.id, seq: String(seq), prevHash, hash });
        prevHash = hash;
      }
      await audit.seal(tx, links);
      sealed += records.length;
      if (records.length < batch) break;
    }
    if (sealed === 0) return { sealed, checkpoint: null };
    const checkpoint: Checkpoint = { seq: String(seq), hash: prevHash, sealedAt: new Date().toISOString() };
    const jws = await new CompactSign(new TextEncoder().encode(canonicalize(checkpoint)!))
      .setProtectedHeader({ alg: 'EdDSA', typ: CHECKPOINT_TYPE, ...(key.publicJwk.kid ? { kid: key.publicJwk.kid } : {}) })
      .sign(key.privateKey);
    await audit.insertCheckpoint(tx, checkpoint, jws);
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
  db: SqlRunner,
  publicKey: CryptoKey | JWK,
  published: string[] = [],
): Promise<TrailVerdict> {
  const chain = await verifyAuditChain(db);
  const unsealed = await audit.unsealedCount(db);
  const verdict = (firstBreak: ChainBreak | null, checkpoints = 0): TrailVerdict => ({ checked: chain.checked, checkpoints, unsealed, firstBreak });
  if (chain.firstBreak) return verdict(chain.firstBreak);
  const stored = await audit.checkpoints(db);
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
    const at = chain.hashAt.get(signed.seq) ?? (await audit.hashAt(db, signed.seq));
    if (at !== signed.hash) {
      return verdict({ id: entry.where, reason: `the chain at position ${signed.seq} is not what was signed at ${signed.sealedAt} (records were rewritten)` });
    }
  }
  return verdict(null, all.length);
}
