import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { isDependencyUnavailable, isTransientConflict } from '@amahoro/config/dependencies.js';
import type { JOBS, JobPayload, JobResult, QUEUES } from '@amahoro/queue/jobs.js';
import { CertificatesIssuer } from './certificates-issuer.js';

export type IssueJob = Job<JobPayload<typeof QUEUES.certificates, typeof JOBS.issueCertificate>, IssueResult>;
type IssueResult = JobResult<typeof QUEUES.certificates, typeof JOBS.issueCertificate>;

/**
 * Handles the certificates queue's jobs (its BullMQ worker is built in certificates.worker.ts): the issuer issues a
 * job's certificates, all at once; this decides what a failure means. A job that runs again (a retry, a stalled job
 * picked up after its worker died) finds the certificates it issued no longer queued and does nothing to them.
 */
@Injectable()
export class CertificatesProcessor {
  private readonly logger = new Logger(CertificatesProcessor.name);

  constructor(private readonly issuer: CertificatesIssuer) {}

  async process(job: IssueJob): Promise<IssueResult> {
    // A job of one certificate, queued before certificates were sent in chunks, names it alone.
    const ids = 'certificateIds' in job.data ? job.data.certificateIds : [job.data.certificateId];
    const outcomes = await Promise.allSettled(ids.map((id) => this.issuer.issue(id)));
    const failures = ids.flatMap((id, i) => (outcomes[i]!.status === 'rejected' ? [{ id, error: (outcomes[i] as PromiseRejectedResult).reason as Error }] : []));
    if (failures.length === 0) {
      const issued = outcomes.filter((o) => o.status === 'fulfilled' && o.value === 'issued').length;
      return { issued, skipped: ids.length - issued, worker: process.pid };
    }
    const attempts = job.opts.attempts ?? 1;
    // PostgreSQL or Redis out of reach, or a transaction that collided with another, is not the certificate's fault:
    // it stays queued, and the reconciliation sends it again. Recording the failure would need PostgreSQL anyway.
    if (job.attemptsMade + 1 >= attempts) {
      for (const { id, error } of failures.filter((f) => !isDependencyUnavailable(f.error) && !isTransientConflict(f.error))) {
        const reason = error.message?.slice(0, 500) || 'unknown error';
        await this.issuer
          .fail(id, `${reason} (after ${attempts} attempts)`)
          .then(() => this.logger.error(`certificate ${id} failed for good: ${reason}`))
          .catch((recordError: unknown) => this.logger.warn(`certificate ${id} failed (${reason}) and stays queued: ${(recordError as Error).message}`));
      }
    }
    // The job runs again (its certificates issued meanwhile are skipped), until its last attempt.
    throw failures[0]!.error;
  }
}
