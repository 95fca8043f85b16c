import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { currentCertificateJobId, freshCertificateJobId, JOBS, type JobPayload, type JobResult, QUEUES } from '@amahoro/queue/jobs.js';
import { whenRedisReturns } from '@amahoro/queue/redis-returns.js';
import { WorkerCertificatesRepository } from './certificates.repository.js';

type IssueJob = JobPayload<typeof QUEUES.certificates, typeof JOBS.issueCertificate>;
type Reconciled = JobResult<typeof QUEUES.system, typeof JOBS.reconcileCertificates>;

const SCHEDULER_ID = 'reconcile-certificates';
/** A job in one of these states will still run; any other (failed, completed, gone) will not. */
const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);
/** Left alone this long after it was queued: the API sends its job just after its commit. */
const GRACE_SECONDS = 5;

/**
 * Makes sure no certificate stays queued without a live job, whatever PostgreSQL, Redis or a worker went
 * through: a job lost with a Redis that kept nothing, a job that used its attempts while PostgreSQL was down,
 * a job sent while Redis was down. PostgreSQL is the truth; each such certificate gets a job under a fresh
 * id (the old id may still be taken by its failed job), recorded on the certificate. Runs at start and then
 * on a BullMQ job scheduler, which is set up again whenever Redis comes back (a Redis that kept nothing has
 * lost it too). Several workers may run it at once: the conditional update hands each certificate to one.
 */
@Injectable()
export class CertificatesReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CertificatesReconciler.name);
  private stopWatching?: () => void;

  constructor(
    private readonly repository: WorkerCertificatesRepository,
    @InjectQueue(QUEUES.certificates) private readonly certificates: Queue<IssueJob>,
    @InjectQueue(QUEUES.system) private readonly system: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.schedule();
    this.stopWatching = whenRedisReturns(this.config.redisUrl, 'reconciliation', () => this.schedule(), this.logger);
  }

  onApplicationShutdown(): void {
    this.stopWatching?.();
  }

  /** Runs at once, then every interval (the scheduler's first job runs immediately). Idempotent. */
  private async schedule(): Promise<void> {
    await this.system.upsertJobScheduler(
      SCHEDULER_ID,
      { every: this.config.certificateReconcileIntervalMs },
      { name: JOBS.reconcileCertificates, data: {}, opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
    );
  }

  async reconcile(): Promise<Reconciled> {
    const queued = await this.repository.queuedSince(GRACE_SECONDS);
    const resend: Array<{ id: string; jobId: string }> = [];
    for (const certificate of queued) {
      const current = currentCertificateJobId({ id: certificate.id, generation: certificate.generation, job_id: certificate.jobId });
      if (LIVE_STATES.has(await this.certificates.getJobState(current))) continue;
      const jobId = freshCertificateJobId(certificate.id, certificate.generation);
      if (await this.repository.takeOverJob(certificate, jobId)) resend.push({ id: certificate.id, jobId });
    }
    if (resend.length > 0) {
      await this.certificates.addBulk(resend.map((c) => ({ name: JOBS.issueCertificate, data: { certificateId: c.id }, opts: { jobId: c.jobId } })));
      this.logger.log(`sent again the jobs of ${resend.length} queued certificates that had none live`);
    }
    return { queued: queued.length, resent: resend.length };
  }
}
