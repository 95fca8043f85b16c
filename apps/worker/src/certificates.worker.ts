import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { type Queue, Worker, type WorkerOptions } from 'bullmq';
import { QUEUES } from '@amahoro/queue/jobs.js';
import { logConnectionErrors } from '@amahoro/queue/redis.js';
import { CertificatesProcessor, type IssueJob } from './certificates.processor.js';

/** The certificates worker's options (concurrency, locks, connection), set by WorkerModule.forRoot from the configuration. */
export const CERTIFICATES_WORKER_OPTIONS = Symbol('CERTIFICATES_WORKER_OPTIONS');

/**
 * The certificates queue's BullMQ worker, built once the application is up with the options it was given and the
 * queue's prefix. Closed before the database (beforeApplicationShutdown): the jobs in hand finish first.
 */
@Injectable()
export class CertificatesWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker?: Worker;

  constructor(
    private readonly processor: CertificatesProcessor,
    @InjectQueue(QUEUES.certificates) private readonly queue: Queue,
    @Inject(CERTIFICATES_WORKER_OPTIONS) private readonly options: WorkerOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker(QUEUES.certificates, (job: IssueJob) => this.processor.process(job), { prefix: this.queue.opts.prefix, ...this.options });
    logConnectionErrors(this.worker, `worker ${QUEUES.certificates}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
