// The worker's SQL on certificates: claim a queued one, mark it issued or failed, find queued ones whose job
// may be lost and take over their job id. Every write is conditional on the row still being queued, so a job
// that runs twice (a retry, a stalled job picked up again) changes nothing the second time.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** What a claimed certificate shows: its PDF and credential are made from this alone. */
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
}

export interface QueuedCertificate {
  id: string;
  generation: number;
  jobId: string | null;
}

@Injectable()
export class WorkerCertificatesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Counts an attempt on a queued certificate and answers what it shows; null when it is no longer queued. */
  async claim(certificateId: string): Promise<ClaimedCertificate | null> {
    // An UPDATE … RETURNING answers [rows, count].
    const [rows] = (await this.db.query(
      `UPDATE certificates c SET attempts = attempts + 1
         FROM enrollments e JOIN offerings o ON o.id = e.offering_id JOIN courses co ON co.id = o.course_id
        WHERE c.id = $1 AND c.status = 'queued' AND e.id = c.enrollment_id
        RETURNING c.id, c.serial, c.holder_name AS "holderName", c.course_title AS "courseTitle", c.course_code AS "courseCode",
                  co.summary AS "courseSummary", c.starts_on::text AS "startsOn", c.ends_on::text AS "endsOn",
                  c.duration_hours AS "durationHours", c.completed_on::text AS "completedOn", c.status_list_index AS "statusListIndex"`,
      [certificateId],
    )) as [ClaimedCertificate[], number];
    return rows[0] ?? null;
  }

  /**
   * Stores the PDF and credential of a still-queued certificate and, in the same transaction, whatever must
   * happen with the issuing (`withIssued`); false when another run got there first.
   */
  async markIssued(
    certificateId: string,
    issued: { issuedAt: Date; pdf: Buffer; pdfSha256: string; credential: string },
    withIssued: (tx: EntityManager) => Promise<void>,
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [, updated] = (await tx.query(
        `UPDATE certificates SET status = 'issued', issued_at = $2, pdf = $3, pdf_sha256 = $4, credential = $5, updated_at = now()
          WHERE id = $1 AND status = 'queued'`,
        [certificateId, issued.issuedAt, issued.pdf, issued.pdfSha256, issued.credential],
      )) as [unknown, number];
      if (updated === 1) await withIssued(tx);
      return updated === 1;
    });
  }

  async markFailed(certificateId: string, reason: string): Promise<void> {
    await this.db.query(`UPDATE certificates SET status = 'failed', failure_reason = $2, updated_at = now() WHERE id = $1 AND status = 'queued'`, [
      certificateId,
      reason,
    ]);
  }

  /** Queued certificates left alone for longer than the grace period. */
  queuedSince(graceSeconds: number): Promise<QueuedCertificate[]> {
    return this.db.query(
      `SELECT id, generation, job_id AS "jobId" FROM certificates WHERE status = 'queued' AND updated_at < now() - make_interval(secs => $1)`,
      [graceSeconds],
    );
  }

  /** Records a fresh job id on a certificate nobody else has resent meanwhile; false if someone has. */
  async takeOverJob(certificate: QueuedCertificate, jobId: string): Promise<boolean> {
    const [, claimed] = (await this.db.query(
      `UPDATE certificates SET job_id = $2 WHERE id = $1 AND status = 'queued' AND generation = $3 AND job_id IS NOT DISTINCT FROM $4`,
      [certificate.id, jobId, certificate.generation, certificate.jobId],
    )) as [unknown, number];
    return claimed === 1;
  }
}
