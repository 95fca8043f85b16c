import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { isDependencyUnavailable } from '@amahoro/config/dependencies.js';
import type { JOBS, JobPayload, JobResult, QUEUES } from '@amahoro/queue/jobs.js';
import { CertificatesIssuer } from './certificates-issuer.js';

export type IssueJob = Job<JobPayload<typeof QUEUES.certificates, typeof JOBS.issueCertificate>, IssueResult>;
type IssueResult = JobResult<typeof QUEUES.certificates, typeof JOBS.issueCertificate>;

/**
 * Handles the certificates queue's jobs (its BullMQ worker is built in certificates.worker.ts): the issuer does the
 * work; this decides what a failure means. A job that runs twice finds its certificate no longer queued and does nothing.
 */
@Injectable()
export class CertificatesProcessor {
  private readonly logger = new Logger(CertificatesProcessor.name);

  constructor(private readonly issuer: CertificatesIssuer) {}

  async process(job: IssueJob): Promise<IssueResult> {
    const { certificateId } = job.data;
    try {
      return { outcome: await this.issuer.issue(certificateId), worker: process.pid };
    } catch (error) {
      const attempts = job.opts.attempts ?? 1;
      const reason = (error as Error).message?.slice(0, 500) || 'unknown error';
      // PostgreSQL or Redis out of reach is not the certificate's fault: it stays queued, and the
      // reconciliation sends it again once they are back. Recording the failure would need PostgreSQL anyway.
      if (job.attemptsMade + 1 >= attempts && !isDependencyUnavailable(error)) {
        await this.issuer
          .fail(certificateId, `${reason} (after ${attempts} attempts)`)
          .then(() => this.logger.error(`certificate ${certificateId} failed for good: ${reason}`))
          .catch((recordError: unknown) =>
            this.logger.warn(`certificate ${certificateId} failed (${reason}) and stays queued: ${(recordError as Error).message}`),
          );
      }
      throw error;
    }
  }
}
