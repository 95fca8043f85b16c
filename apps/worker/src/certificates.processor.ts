import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { isDependencyUnavailable } from '@amahoro/config/dependencies.js';
import type { Job } from 'bullmq';
import { createHash } from 'node:crypto';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { renderCertificatePdf } from '@amahoro/certificates/certificate-pdf.js';
import { signCertificateCredential } from '@amahoro/certificates/credentials/credential.js';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { ISSUER_KEYS } from '@amahoro/certificates/issuer-keys.module.js';
import { recordCertificateEvent } from '@amahoro/notifications/events.js';
import { JOBS, type JobPayload, type JobResult, QUEUES } from '@amahoro/queue/jobs.js';
import { logConnectionErrors } from '@amahoro/queue/redis.js';
import { WorkerCertificatesRepository } from './certificates.repository.js';

type IssueJob = JobPayload<typeof QUEUES.certificates, typeof JOBS.issueCertificate>;
type IssueResult = JobResult<typeof QUEUES.certificates, typeof JOBS.issueCertificate>;

/**
 * Issues one certificate: renders its PDF, signs its credential and marks it issued, in one conditional
 * update. A job that runs twice (a retry, a stalled job picked up again after its worker died) finds the row
 * no longer queued and does nothing: one certificate, one serial, whatever happens. The @Processor decorator
 * is applied in WorkerModule, with options from the configuration.
 */
@Injectable()
export class CertificatesProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(CertificatesProcessor.name);

  constructor(
    private readonly repository: WorkerCertificatesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ISSUER_KEYS) private readonly keys: IssuerKeys,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    logConnectionErrors(this.worker, `worker ${QUEUES.certificates}`);
  }

  async process(job: Job<IssueJob, IssueResult>): Promise<IssueResult> {
    const { certificateId } = job.data;
    try {
      return await this.issue(certificateId);
    } catch (error) {
      const attempts = job.opts.attempts ?? 1;
      const reason = (error as Error).message?.slice(0, 500) || 'unknown error';
      // PostgreSQL or Redis out of reach is not the certificate's fault: it stays queued, and the
      // reconciliation sends it again once they are back. Recording the failure would need PostgreSQL anyway.
      if (job.attemptsMade + 1 >= attempts && !isDependencyUnavailable(error)) {
        await this.repository
          .markFailed(certificateId, `${reason} (after ${attempts} attempts)`)
          .then(() => this.logger.error(`certificate ${certificateId} failed for good: ${reason}`))
          .catch((recordError: unknown) =>
            this.logger.warn(`certificate ${certificateId} failed (${reason}) and stays queued: ${(recordError as Error).message}`),
          );
      }
      throw error;
    }
  }

  private async issue(certificateId: string): Promise<IssueResult> {
    const row = await this.repository.claim(certificateId);
    if (!row) return { outcome: 'skipped', worker: process.pid };

    const issuedAt = new Date();
    const verificationUrl = `${this.config.publicBaseUrl}/verify/${row.serial}`;
    const academyName = this.config.certificates.academyName;
    const [pdf, credential] = await Promise.all([
      renderCertificatePdf({
        academyName,
        holderName: row.holderName,
        courseTitle: row.courseTitle,
        courseCode: row.courseCode,
        startsOn: row.startsOn,
        endsOn: row.endsOn,
        durationHours: row.durationHours,
        issuedOn: issuedAt.toISOString().slice(0, 10),
        serial: row.serial,
        verificationUrl,
      }),
      signCertificateCredential(
        {
          certificateId: row.id,
          serial: row.serial,
          holderName: row.holderName,
          courseTitle: row.courseTitle,
          courseCode: row.courseCode,
          courseSummary: row.courseSummary ?? undefined,
          durationHours: row.durationHours,
          startsOn: row.startsOn,
          endsOn: row.endsOn,
          completedOn: row.completedOn,
          issuedAt,
          statusListIndex: row.statusListIndex,
          academyName,
          verificationUrl,
        },
        this.keys,
        this.config.publicBaseUrl,
      ),
    ]);
    // The issue, its audit record and the holder's e-mail in the outbox: together, or not at all. The audit record
    // is appended unhashed (no lock: the sealer chains it), so workers never queue on the audit trail.
    const pdfSha256 = createHash('sha256').update(pdf).digest('hex');
    const issued = await this.repository.markIssued(certificateId, { issuedAt, pdf, pdfSha256, credential }, async (tx) => {
      await recordCertificateEvent(tx, 'certificate.issued', certificateId);
      await recordAudit(tx, [{ actorId: null, action: 'certificate.issued', entity: 'certificate', entityId: certificateId, after: { serial: row.serial, pdfSha256 } }]);
    });
    return { outcome: issued ? 'issued' : 'skipped', worker: process.pid };
  }
}
