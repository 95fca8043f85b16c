// The one producer of certificate issue jobs, used by the API (after it queues certificates) and by the worker's
// reconciliation (for certificates whose job was lost). PostgreSQL holds the truth; a job only says "issue this one".
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { currentCertificateJobId, idsByJob, JOBS, type JobPayload, QUEUES } from './jobs.js';

type IssueJob = JobPayload<typeof QUEUES.certificates, typeof JOBS.issueCertificate>;

/** A queued certificate as the producer needs it: `jobId` is the one recorded on it (its chunk's; null: a job of its own). */
export interface CertificateToIssue {
  id: string;
  generation: number;
  jobId: string | null;
}

@Injectable()
export class CertificateJobs {
  constructor(@InjectQueue(QUEUES.certificates) private readonly queue: Queue<IssueJob>) {}

  /**
   * Sends the issue jobs of these certificates, one per current job id with the certificates that share it: BullMQ
   * keeps one job per id, so sending again (a double click, a repeated bulk issue) adds nothing while the job lives.
   * A job's certificates are all those still queued under its id: send them together (a job that went first with
   * fewer would leave the others to the reconciliation).
   */
  async send(certificates: CertificateToIssue[]): Promise<void> {
    if (certificates.length === 0) return;
    const jobs = idsByJob(certificates.map((certificate) => ({ id: certificate.id, jobId: currentCertificateJobId(certificate) })));
    await this.queue.addBulk([...jobs].map(([jobId, certificateIds]) => ({ name: JOBS.issueCertificate, data: { certificateIds }, opts: { jobId } })));
  }
}
