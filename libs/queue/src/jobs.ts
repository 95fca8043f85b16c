// The one registry of queues and jobs, shared by the API (producer) and the worker (consumer). Certificate issue
// jobs are sent by one producer, certificate-jobs.ts.
// Payloads carry ids and plain values, never entities: the processor reloads what it needs.
import type { DefaultJobOptions } from 'bullmq';
import { randomBytes } from 'node:crypto';

export const QUEUES = {
  /** Housekeeping and wiring checks. */
  system: 'system',
  /** One job per chunk of certificates queued together: render each PDF, sign each credential, mark them issued. */
  certificates: 'certificates',
  /** E-mail: one send job per batch of outbox rows, the periodic sweep of the outbox, and course reminders. */
  notifications: 'notifications',
} as const;

export interface JobContracts {
  [QUEUES.system]: {
    /** Proves the API → Redis → worker path end to end; `workMs` simulates a job that takes a while. */
    ping: { payload: { message: string; requestedBy: string; workMs?: number }; result: { echo: string; processedAt: string; worker: number } };
    /** Every certificate queued in PostgreSQL gets a live job: what Redis or a worker lost is sent again. */
    reconcileCertificates: { payload: Record<string, never>; result: { queued: number; resent: number } };
  };
  [QUEUES.certificates]: {
    /** `certificateId`: a job of one certificate, queued before certificates were sent in chunks. */
    issue: { payload: { certificateIds: string[] } | { certificateId: string }; result: { issued: number; skipped: number; worker: number } };
  };
  [QUEUES.notifications]: {
    /** Sends outbox rows one after another (`notificationId`: a job of one row, queued before rows were batched). */
    send: { payload: { notificationIds: string[] } | { notificationId: string }; result: { sent: number; skipped: number; alreadySent: number } };
    sweep: { payload: Record<string, never>; result: { enqueued: number } };
    /** Fires N days before the start; does nothing when the offering was cancelled or its start moved since. */
    remind: { payload: { offeringId: string; startsOn: string; daysBefore: number }; result: { recipients: number } };
    /** Schedules the reminders missing from Redis (an offering created while Redis was away). */
    'reconcile-reminders': { payload: Record<string, never>; result: { offerings: number } };
  };
}

export type QueueName = keyof JobContracts;
export type JobName<Q extends QueueName> = keyof JobContracts[Q] & string;
export type JobPayload<Q extends QueueName, J extends JobName<Q>> = JobContracts[Q][J] extends { payload: infer P } ? P : never;
export type JobResult<Q extends QueueName, J extends JobName<Q>> = JobContracts[Q][J] extends { result: infer R } ? R : never;

type AnyJobName = { [Q in QueueName]: JobName<Q> }[QueueName];

export const JOBS = {
  ping: 'ping',
  issueCertificate: 'issue',
  reconcileCertificates: 'reconcileCertificates',
  sendNotification: 'send',
  sweepNotifications: 'sweep',
  remind: 'remind',
  reconcileReminders: 'reconcile-reminders',
} as const satisfies Record<string, AnyJobName>;

/**
 * The job id of a certificate queued on its own (a retry, or queued before chunks), per certificate and generation
 * (bumped by each retry): a second enqueue of it is the same job and BullMQ keeps one.
 */
export function certificateJobId(certificateId: string, generation: number): string {
  return `certificate-${certificateId}-${generation}`;
}

/**
 * Certificates per issue job: one job's Redis round trips serve them all, and the worker issues them at once (their
 * claims and issues batched with those of its other jobs in flight).
 */
export const CERTIFICATES_PER_JOB = 8;

/**
 * A prefix never used before for the issue jobs of certificates queued or sent again together: the jobs are
 * `<prefix>-0`, `<prefix>-1`…, CERTIFICATES_PER_JOB certificates each, the id recorded on each certificate.
 */
export function freshCertificateJobPrefix(): string {
  return `certificates-${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

/**
 * The id of a chunk's job: the `index`-th (from 0) of the rows handed over under one fresh prefix, `perJob` to a
 * job. `sql` spells the same id in a statement that numbers its rows, from SQL expressions for the three.
 */
export const chunkJobId = {
  of: (prefix: string, index: number, perJob: number): string => `${prefix}-${Math.floor(index / perJob)}`,
  sql: (prefix: string, index: string, perJob: string): string => `${prefix} || '-' || (${index}) / ${perJob}`,
};

/**
 * Outbox rows per send job: one job's Redis round trips and claim serve them all. The rows of a job are sent one
 * after another, so this is also how far a row may wait behind the others of its job, and the n-th row's claim lasts n
 * send leases (a worker that dies mid-job holds its last row up to 10 × 4 × MAIL_SEND_TIMEOUT_MS). Not 25: with mail
 * off (every row skipped) it saved ~100 µs of worker thread and PostgreSQL CPU per certificate (bench certificates, 7
 * interleaved runs), but with mail on nothing measurable (bench email, 3 pairs: 2,630-3,170 against 2,590-2,930 µs of the
 * worker process per e-mail, 352-425 against 400-435 e-mails/s), against rows waiting behind 24 others (an offering's 25
 * e-mails over one connection instead of three) and claims of up to 50 minutes instead of 20.
 */
export const NOTIFICATIONS_PER_JOB = 10;

/**
 * A prefix never used before for the send jobs of one hand-over (a sweep's new rows, or rows whose job went missing):
 * the jobs are `<prefix>-0`, `<prefix>-1`…, each id recorded on its rows.
 */
export function freshNotificationJobPrefix(): string {
  return `notifications-${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
}

/** One delayed job per offering, start date and reminder: rescheduling or cancelling removes it by this id. */
export function reminderJobId(offeringId: string, startsOn: string, daysBefore: number): string {
  return `reminder-${offeringId}-${startsOn}-${daysBefore}d`;
}

/** Mail servers can be down for hours: many attempts, with a backoff that doubles up to ten minutes. */
export const NOTIFICATION_SEND_ATTEMPTS = 60;
export const NOTIFICATION_MAX_BACKOFF_MS = 10 * 60_000;
export const NOTIFICATION_BACKOFF = 'capped-exponential';

/** The job id of a queued certificate: the one recorded on it (its chunk's), else the one of its own. */
export function currentCertificateJobId(certificate: { id: string; generation: number; jobId: string | null }): string {
  return certificate.jobId ?? certificateJobId(certificate.id, certificate.generation);
}

/** The ids of the rows (certificates, outbox rows) that share each job, by job id: a job is sent with all of them. */
export function idsByJob<JobId>(rows: Array<{ id: string; jobId: JobId }>): Map<JobId, string[]> {
  const jobs = new Map<JobId, string[]>();
  for (const { id, jobId } of rows) {
    const ids = jobs.get(jobId);
    if (ids) ids.push(id);
    else jobs.set(jobId, [id]);
  }
  return jobs;
}

export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
