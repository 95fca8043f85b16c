// The worker's SQL on certificates: claim queued ones, mark them issued or failed, find queued ones whose job may be
// lost and take over their job id. Every write is conditional on the row still being queued, so a job that runs
// twice (a retry, a stalled job picked up again) changes nothing the second time. Claims and issues are set-based:
// the issuer hands over every certificate in flight at once. Methods take the manager to run on.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What a claimed certificate shows, from its snapshot taken when it was queued: its PDF and credential are made from this alone. */
export interface ClaimedCertificate {
  id: string;
  serial: string;
  holderName: string;
  courseTitle: string;
  courseCode: string;
  courseSummary: string | null;
  startsOn: string;
  endsOn: string;
  durationHours: number;
  completedOn: string;
  statusListIndex: number;
  /** The holder, who hears of the issue, and the offering the message names. */
  userId: string;
  offeringId: string;
}

export interface IssuedCertificate {
  id: string;
  issuedAt: Date;
  pdf: Buffer;
  pdfSha256: string;
  credential: string;
}

export interface QueuedCertificate {
  id: string;
  generation: number;
  jobId: string | null;
}

/** One row of a multi-row VALUES list, its parameters numbered from `first` and cast to `types`: `($1::uuid, $2::text)`. */
const row = (first: number, types: string[]): string => `(${types.map((type, i) => `$${first + i}::${type}`).join(', ')})`;
const ISSUED_TYPES = ['uuid', 'timestamptz', 'bytea', 'text', 'text'];

@Injectable()
export class WorkerCertificatesRepository {
  /** Counts an attempt on each of these still queued and answers what they show; the others are left out. */
  async claim(db: EntityManager, certificateIds: string[]): Promise<ClaimedCertificate[]> {
    // An UPDATE … RETURNING answers [rows, count].
    const [rows] = (await db.query(
      `UPDATE certificates c SET attempts = attempts + 1
         FROM enrollments e
        WHERE c.id = ANY($1::uuid[]) AND c.status = 'queued' AND e.id = c.enrollment_id
        RETURNING c.id, c.serial, c.holder_name AS "holderName", c.course_title AS "courseTitle", c.course_code AS "courseCode",
                  c.course_summary AS "courseSummary", c.starts_on::text AS "startsOn", c.ends_on::text AS "endsOn",
                  c.duration_hours AS "durationHours", c.completed_on::text AS "completedOn", c.status_list_index AS "statusListIndex",
                  e.user_id AS "userId", e.offering_id AS "offeringId"`,
      [certificateIds],
    )) as [ClaimedCertificate[], number];
    return rows;
  }

  /**
   * Stores the PDF and credential of those still queued, in one statement (each PDF a binary parameter, not hex
   * text in an array); the ids it marked issued.
   */
  async markIssued(db: EntityManager, issued: IssuedCertificate[]): Promise<string[]> {
    if (issued.length === 0) return [];
    const values = issued.map((_, i) => row(ISSUED_TYPES.length * i + 1, ISSUED_TYPES)).join(', ');
    const [rows] = (await db.query(
      `UPDATE certificates c SET status = 'issued', issued_at = t.issued_at, pdf = t.pdf, pdf_sha256 = t.pdf_sha256, credential = t.credential,
              updated_at = now()
         FROM (VALUES ${values}) AS t (id, issued_at, pdf, pdf_sha256, credential)
        WHERE c.id = t.id AND c.status = 'queued'
        RETURNING c.id`,
      issued.flatMap((c) => [c.id, c.issuedAt, c.pdf, c.pdfSha256, c.credential]),
    )) as [Array<{ id: string }>, number];
    return rows.map((r) => r.id);
  }

  async markFailed(db: EntityManager, certificateId: string, reason: string): Promise<void> {
    await db.query(`UPDATE certificates SET status = 'failed', failure_reason = $2, updated_at = now() WHERE id = $1 AND status = 'queued'`, [
      certificateId,
      reason,
    ]);
  }

  /** Queued certificates left alone for longer than the grace period. */
  queuedSince(db: EntityManager, graceSeconds: number): Promise<QueuedCertificate[]> {
    return db.query(
      `SELECT id, generation, job_id AS "jobId" FROM certificates WHERE status = 'queued' AND updated_at < now() - make_interval(secs => $1)`,
      [graceSeconds],
    );
  }

  /** Records a fresh job id on a certificate nobody else has resent meanwhile; false if someone has. */
  async takeOverJob(db: EntityManager, certificate: QueuedCertificate, jobId: string): Promise<boolean> {
    const [, claimed] = (await db.query(
      `UPDATE certificates SET job_id = $2 WHERE id = $1 AND status = 'queued' AND generation = $3 AND job_id IS NOT DISTINCT FROM $4`,
      [certificate.id, jobId, certificate.generation, certificate.jobId],
    )) as [unknown, number];
    return claimed === 1;
  }
}
