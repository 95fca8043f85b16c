// Issues certificates: read the queued ones → render the PDF and sign the credential → mark issued, with the holder's e-mail and the
// audit record in the same transaction. The reads and the issues of every job in flight go to PostgreSQL together
// (certificates-batches.ts), so a worker spends its core on rendering rather than on round trips.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { renderCertificatePdf } from '@amahoro/certificates/certificate-pdf.js';
import { signCertificateCredential } from '@amahoro/certificates/credentials/credential.js';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { ISSUER_KEYS } from '@amahoro/certificates/issuer-keys.module.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { recordNotifications } from '@amahoro/notifications/outbox.js';
import { Batches, firstOfEach } from './certificates-batches.js';
import { type CertificateSnapshot, type IssuedCertificate, WorkerCertificatesRepository } from './certificates.repository.js';

interface Made extends IssuedCertificate {
  certificate: CertificateSnapshot;
}

@Injectable()
export class CertificatesIssuer {
  private readonly reads = new Batches<string, CertificateSnapshot | null>((ids) => this.readAll(ids));
  private readonly issues = new Batches<Made, boolean>((made) => this.markAllIssued(made));

  constructor(
    private readonly repository: WorkerCertificatesRepository,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ISSUER_KEYS) private readonly keys: IssuerKeys,
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

  /** The PDF and the credential, from the certificate's snapshot and the issuer's configuration alone. */
  private async make(certificate: CertificateSnapshot): Promise<Made> {
    const issuedAt = new Date();
    const { academyName } = this.config.certificates;
    const verificationUrl = `${this.config.publicBaseUrl}/verify/${certificate.serial}`;
    const [pdf, credential] = await Promise.all([
      renderCertificatePdf({ ...certificate, academyName, issuedOn: issuedAt.toISOString().slice(0, 10), verificationUrl }),
      signCertificateCredential(
        { ...certificate, certificateId: certificate.id, courseSummary: certificate.courseSummary ?? undefined, issuedAt, academyName, verificationUrl },
        this.keys,
        this.config.publicBaseUrl,
      ),
    ]);
    return { certificate, id: certificate.id, issuedAt, pdf, pdfSha256: createHash('sha256').update(pdf).digest('hex'), credential };
  }

  /** One read for the batch; a certificate asked for twice goes to its first asker. */
  private async readAll(ids: string[]): Promise<Array<CertificateSnapshot | null>> {
    const first = firstOfEach(ids, (id) => id);
    const queued = new Map((await this.repository.queued(this.db.manager, [...new Set(ids)])).map((c) => [c.id, c]));
    return ids.map((id, i) => (first[i] ? (queued.get(id) ?? null) : null));
  }

  /**
   * The issues, the holders' e-mails in the outbox and the audit records: together, or not at all. The audit records
   * are appended unhashed (no lock: the sealer chains them), so workers never queue on the audit trail.
   */
  private async markAllIssued(made: Made[]): Promise<boolean[]> {
    const first = firstOfEach(made, (m) => m.id);
    const issued = await this.db.transaction(async (tx) => {
      const ids = new Set(await this.repository.markIssued(tx, made.filter((_, i) => first[i])));
      const done = made.filter((m, i) => first[i] && ids.has(m.id));
      await recordNotifications(
        tx,
        done.map(({ certificate: c }) => ({
          kind: 'certificate.issued' as const,
          recipientId: c.userId,
          entityId: c.id,
          data: { courseTitle: c.courseTitle, serial: c.serial, offeringId: c.offeringId },
        })),
      );
      await recordAudit(
        tx,
        done.map((m) => ({ actorId: null, action: 'certificate.issued' as const, entity: 'certificate', entityId: m.id, after: { serial: m.certificate.serial, pdfSha256: m.pdfSha256 } })),
        null,
      );
      return ids;
    });
    return made.map((m, i) => first[i]! && issued.has(m.id));
  }
}
