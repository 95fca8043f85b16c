import { WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { isDependencyUnavailable } from '@amahoro/config/dependencies.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { renderCertificatePdf } from '@amahoro/certificates/certificate-pdf.js';
import { signCertificateCredential } from '@amahoro/certificates/credentials/credential.js';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { ISSUER_KEYS } from '@amahoro/certificates/issuer-keys.module.js';
import { JOBS, type JobPayload, type JobResult, QUEUES } from '@amahoro/queue/jobs.js';
import { logConnectionErrors } from '@amahoro/queue/redis.js';

type IssueJob = JobPayload<typeof QUEUES.certificates, typeof JOBS.issueCertificate>;
type IssueResult = JobResult<typeof QUEUES.certificates, typeof JOBS.issueCertificate>;

interface Claimed {
  id: string;
  serial: string;
  holder_name: string;
  course_title: string;
  course_code: string;
  course_summary: string | null;
  starts_on: string;
  ends_on: string;
  duration_hours: number;
  completed_on: string;
  status_list_index: number;
}

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
    @InjectDataSource() private readonly db: DataSource,
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
        await this.db
          .query(`UPDATE certificates SET status = 'failed', failure_reason = $2, updated_at = now() WHERE id = $1 AND status = 'queued'`, [
            certificateId,
            `${reason} (after ${attempts} attempts)`,
          ])
          .then(() => this.logger.error(`certificate ${certificateId} failed for good: ${reason}`))
          .catch((recordError: unknown) =>
            this.logger.warn(`certificate ${certificateId} failed (${reason}) and stays queued: ${(recordError as Error).message}`),
          );
      }
      throw error;
    }
  }

  private async issue(certificateId: string): Promise<IssueResult> {
    const [row]: Claimed[] = await this.db.query(
      `UPDATE certificates c SET attempts = attempts + 1
         FROM enrollments e JOIN offerings o ON o.id = e.offering_id JOIN courses co ON co.id = o.course_id
        WHERE c.id = $1 AND c.status = 'queued' AND e.id = c.enrollment_id
        RETURNING c.id, c.serial, c.holder_name, c.course_title, c.course_code, co.summary AS course_summary,
                  c.starts_on::text AS starts_on, c.ends_on::text AS ends_on, c.duration_hours, c.completed_on::text AS completed_on,
                  c.status_list_index`,
      [certificateId],
    ).then((result: [Claimed[], number]) => result[0]);
    if (!row) return { outcome: 'skipped', worker: process.pid };

    const issuedAt = new Date();
    const verificationUrl = `${this.config.publicBaseUrl}/verify/${row.serial}`;
    const academyName = this.config.certificates.academyName;
    const [pdf, credential] = await Promise.all([
      renderCertificatePdf({
        academyName,
        holderName: row.holder_name,
        courseTitle: row.course_title,
        courseCode: row.course_code,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        durationHours: row.duration_hours,
        issuedOn: issuedAt.toISOString().slice(0, 10),
        serial: row.serial,
        verificationUrl,
      }),
      signCertificateCredential(
        {
          certificateId: row.id,
          serial: row.serial,
          holderName: row.holder_name,
          courseTitle: row.course_title,
          courseCode: row.course_code,
          courseSummary: row.course_summary ?? undefined,
          durationHours: row.duration_hours,
          startsOn: row.starts_on,
          endsOn: row.ends_on,
          completedOn: row.completed_on,
          issuedAt,
          statusListIndex: row.status_list_index,
          academyName,
          verificationUrl,
        },
        this.keys,
        this.config.publicBaseUrl,
      ),
    ]);
    // The issue and its audit record in one statement: no transaction to hold open, no lock (the sealer chains it).
    const audited = (await this.db.query(
      `WITH issued AS (
         UPDATE certificates SET status = 'issued', issued_at = $2, pdf = $3, pdf_sha256 = $4, credential = $5, updated_at = now()
          WHERE id = $1 AND status = 'queued' RETURNING id, serial, pdf_sha256)
       INSERT INTO audit_log (occurred_at, action, entity, entity_id, after)
       SELECT $2, 'certificate.issued', 'certificate', id::text, jsonb_build_object('serial', serial, 'pdfSha256', pdf_sha256) FROM issued RETURNING id`,
      [certificateId, issuedAt, pdf, createHash('sha256').update(pdf).digest('hex'), credential],
    )) as unknown[];
    return { outcome: audited.length === 1 ? 'issued' : 'skipped', worker: process.pid };
  }
}
