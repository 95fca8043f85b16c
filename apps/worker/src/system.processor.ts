import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { JOBS, type JobPayload, type JobResult, QUEUES } from '@amahoro/queue/jobs.js';

type Ping = JobPayload<typeof QUEUES.system, typeof JOBS.ping>;
type PingResult = JobResult<typeof QUEUES.system, typeof JOBS.ping>;

@Processor(QUEUES.system)
export class SystemProcessor extends WorkerHost {
  async process(job: Job<Ping, PingResult>): Promise<PingResult> {
    switch (job.name) {
      case JOBS.ping:
        if (job.data.workMs) await new Promise((done) => setTimeout(done, job.data.workMs));
        return { echo: job.data.message, processedAt: new Date().toISOString(), worker: process.pid };
      default:
        throw new Error(`unknown job ${job.name} on queue ${QUEUES.system}`);
    }
  }
}
