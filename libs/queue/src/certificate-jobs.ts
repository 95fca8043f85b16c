// The one producer of certificate issue jobs, used by the API (after it queues certificates) and by the worker's
// reconciliation (for certificates whose job was lost). PostgreSQL holds the truth; a job only says "issue this one".
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { currentCertificateJobId, JOBS, type JobPayload, QUEUES } from './jobs.js';

type IssueJob = JobPayload<typeof QUEUES.certificates, typeof JOBS.issueCertificate>;

/** A queued certificate as the producer needs it: `jobId` is the one recorded on it (null: its first job id). */
export interface CertificateToIssue {
  id: string;
  generation: number;
  jobId: string | null;
}

@Injectable()
export class CertificateJobs {
  constructor(@InjectQueue(QUEUES.certificates) private readonly queue: Queue<IssueJob>) {}

  /**
   * Sends each certificate's issue job under its current job id: BullMQ keeps one job per id, so sending again (a
   * double click, a repeated bulk issue) adds nothing while the job lives.
   */
  async send(certificates: CertificateToIssue[]): Promise<void> {
    if (certificates.length === 0) return;
    await this.queue.addBulk(
      certificates.map((certificate) => ({
        name: JOBS.issueCertificate,
        data: { certificateId: certificate.id },
        opts: { jobId: currentCertificateJobId(certificate) },
      })),
    );
  }
}
