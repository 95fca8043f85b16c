import { WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JOBS, type JobPayload, type JobResult, QUEUES } from '@amahoro/queue/jobs.js';
import { logConnectionErrors } from '@amahoro/queue/redis.js';
import { CertificatesReconciler } from './certificates-reconciler.js';

type Ping = JobPayload<typeof QUEUES.system, typeof JOBS.ping>;
type PingResult = JobResult<typeof QUEUES.system, typeof JOBS.ping>;
type Reconciled = JobResult<typeof QUEUES.system, typeof JOBS.reconcileCertificates>;

/** Housekeeping jobs. The @Processor decorator is applied in WorkerModule, with the worker's connection. */
@Injectable()
export class SystemProcessor extends WorkerHost {
  constructor(private readonly reconciler: CertificatesReconciler) {
    super();
  }

  onApplicationBootstrap(): void {
    logConnectionErrors(this.worker, `worker ${QUEUES.system}`);
  }

  async process(job: Job<Ping>): Promise<PingResult | Reconciled> {
    switch (job.name) {
      case JOBS.ping:
        if (job.data.workMs) await new Promise((done) => setTimeout(done, job.data.workMs));
        return { echo: job.data.message, processedAt: new Date().toISOString(), worker: process.pid };
      case JOBS.reconcileCertificates:
        return this.reconciler.reconcile();
      default:
        throw new Error(`unknown job ${job.name} on queue ${QUEUES.system}`);
    }
  }
}
