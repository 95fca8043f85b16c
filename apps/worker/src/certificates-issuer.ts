// Issues certificates: read the queued ones → render the PDF and sign the credential (in a render thread) → mark
// issued, with the holder's e-mail and the audit record in the same transaction. The reads and the issues of every job
// in flight go to PostgreSQL together (certificates-batches.ts), so the worker's thread spends little on round trips.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CertificateMakers } from './certificate-makers.js';
import { Batches, firstOfEach } from './certificates-batches.js';
import { type CertificateSnapshot, type IssuedCertificate, WorkerCertificatesRepository } from './certificates.repository.js';

/**
 * Made certificates wait for this many before their issue goes while the render threads are still making others
 * (never when they are idle), at most ISSUE_MAX_HOLD_MS. The issue statement costs PostgreSQL ~500 µs of CPU whatever
 * its size (parse, plan, executor start-up, commit and WAL flush) besides ~150-250 µs per certificate: probe, one per
 * statement 620-770 µs of backend CPU per certificate, 4: 262, 8: 230-275, 16: 205. The render thread makes one every
 * ~2 ms, so without the hold nearly every issue went alone (2,899 of 3,609 issue statements of a bench run).
 * 16 rather than 8 (14-17 certificates a statement instead of 8-10): 1 worker, 1,000 certificates after 1,000 until
 * their e-mails were settled, 7 interleaved runs on a busy 2-core machine, worker thread + PostgreSQL CPU per
 * certificate 920-1,120 µs (median 1,040) against 1,030-1,460 (1,090), lower in 6 of 7. The cost is latency within a
 * batch only: a made certificate waits for up to 15 others (~1.5 ms each) instead of 7, still at most 50 ms; from its
 * issuedAt (handed to the render threads) to the issue, median 69-109 ms against 48-143, p99 171-591 against 166-586.
 * A certificate on an idle worker never waits (no render in hand): POST to issued 15-50 ms either way.
 */
const ISSUE_BATCH = 16;
const ISSUE_MAX_HOLD_MS = 50;

@Injectable()
export class CertificatesIssuer {
  private readonly reads = new Batches<string, CertificateSnapshot | null>((ids) => this.readAll(ids));
  private readonly issues = new Batches<IssuedCertificate, boolean>((made) => this.markAllIssued(made), {
    holdWhile: (waiting) => waiting < ISSUE_BATCH && this.makers.busy,
    maxHoldMs: ISSUE_MAX_HOLD_MS,
  });

  constructor(
    private readonly repository: WorkerCertificatesRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly makers: CertificateMakers,
  ) {}

  /**
   * Issues one queued certificate; 'skipped' when it is no longer queued (issued by an earlier run of its job,
   * failed, revoked) or another run got there first: one certificate, one serial, whatever happens.
   */
  async issue(certificateId: string): Promise<'issued' | 'skipped'> {
    const certificate = await this.reads.add(certificateId);
    if (!certificate) return 'skipped';
    const made = await this.make(certificate);
    return (await this.issues.add(made)) ? 'issued' : 'skipped';
  }

  /** Records a certificate as failed for good, unless it is no longer queued. */
  fail(certificateId: string, reason: string): Promise<void> {
    return this.repository.markFailed(this.db.manager, certificateId, reason);
  }

  /** The PDF and the credential, made in a render thread from the certificate's snapshot and the issuer alone. */
  private async make(certificate: CertificateSnapshot): Promise<IssuedCertificate> {
    const issuedAt = new Date();
    try {
      return { id: certificate.id, issuedAt, ...(await this.makers.make(certificate, issuedAt)) };
    } finally {
      // The last render in hand may have failed: the issues held for it go now.
      setImmediate(() => this.issues.recheck());
    }
  }

  /** One read for the batch; a certificate asked for twice goes to its first asker. */
  private async readAll(ids: string[]): Promise<Array<CertificateSnapshot | null>> {
    const first = firstOfEach(ids, (id) => id);
    const queued = new Map((await this.repository.queued(this.db.manager, [...new Set(ids)])).map((c) => [c.id, c]));
    return ids.map((id, i) => (first[i] ? (queued.get(id) ?? null) : null));
  }

  /**
   * The issues, the holders' e-mails in the outbox and the audit records: in one statement (the repository's issue),
   * together or not at all. The audit records are appended unhashed (no lock: the sealer chains them), so workers
   * never queue on the audit trail.
   */
  private async markAllIssued(made: IssuedCertificate[]): Promise<boolean[]> {
    const first = firstOfEach(made, (m) => m.id);
    const issued = new Set(await this.repository.issue(this.db.manager, made.filter((_, i) => first[i])));
    // Stored (or not to be): nothing reads these bytes again (a failed batch, retried item by item, keeps them).
    for (const m of made) {
      release(m.pdf);
      release(m.credential);
    }
    return made.map((m, i) => first[i]! && issued.has(m.id));
  }
}

/**
 * Frees the memory of bytes moved here from a render thread now rather than at the next mark-compact. Held until
 * their issue went, most PDFs outlived two scavenges and were promoted, and V8 counts memory outside the heap that
 * promoted ArrayBuffers hold against the old generation's limit: ~17 kB per certificate, more than the heap's own
 * promotion, so the worker thread mark-compacted every ~200 certificates. Detached (moved into a copy nobody keeps,
 * freed at the next scavenge), they no longer count.
 */
function release(bytes: Buffer): void {
  // Only bytes that own their whole memory, as the render thread moves them (not a view of a shared pool).
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
  }
}
