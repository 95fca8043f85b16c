import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { CertificateJobs, type CertificateToIssue } from '@amahoro/queue/certificate-jobs.js';
import { CERTIFICATES_PER_JOB, chunkJobId, currentCertificateJobId, freshCertificateJobPrefix, JOBS, type JobResult, QUEUES } from '@amahoro/queue/jobs.js';
import { whenRedisReturns } from '@amahoro/queue/redis-returns.js';
import { WorkerCertificatesRepository } from './certificates.repository.js';

type Reconciled = JobResult<typeof QUEUES.system, typeof JOBS.reconcileCertificates>;

const SCHEDULER_ID = 'reconcile-certificates';
/** A job in one of these states will still run; any other (failed, completed, gone) will not. */
const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);
/** Left alone this long after it was queued: the API sends its job just after its commit. */
const GRACE_SECONDS = 5;

/**
 * Makes sure no certificate stays queued without a live job, whatever PostgreSQL, Redis or a worker went
 * through: a job lost with a Redis that kept nothing, a job that used its attempts while PostgreSQL was down,
 * a job sent while Redis was down. PostgreSQL is the truth; such certificates get jobs under fresh ids (the old
 * id may still be taken by its failed job), CERTIFICATES_PER_JOB to a job, each job's id recorded on its certificates. Runs at start and then
 * on a BullMQ job scheduler, which is set up again whenever Redis comes back (a Redis that kept nothing has
 * lost it too). Several workers may run it at once: the conditional update hands each certificate to one.
 */
@Injectable()
export class CertificatesReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CertificatesReconciler.name);
  private stopWatching?: () => void;

  constructor(
    private readonly repository: WorkerCertificatesRepository,
    @InjectDataSource() private readonly db: DataSource,
    private readonly jobs: CertificateJobs,
    @InjectQueue(QUEUES.certificates) private readonly certificates: Queue,
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
    const queued = await this.repository.queuedSince(this.db.manager, GRACE_SECONDS);
    const states = new Map<string, string>();
    const lost: typeof queued = [];
    for (const certificate of queued) {
      const jobId = currentCertificateJobId(certificate);
      if (!states.has(jobId)) states.set(jobId, await this.certificates.getJobState(jobId));
      if (!LIVE_STATES.has(states.get(jobId)!)) lost.push(certificate);
    }
    const prefix = freshCertificateJobPrefix();
    const resend: CertificateToIssue[] = [];
    for (const [i, certificate] of lost.entries()) {
      const jobId = chunkJobId.of(prefix, i, CERTIFICATES_PER_JOB);
      if (await this.repository.takeOverJob(this.db.manager, certificate, jobId)) resend.push({ ...certificate, jobId });
    }
    if (resend.length > 0) {
      await this.jobs.send(resend);
      this.logger.log(`sent again the jobs of ${resend.length} queued certificates that had none live`);
    }
    return { queued: queued.length, resent: resend.length };
  }
}
