// The worker's SQL on certificates: read queued ones, mark them issued or failed, find queued ones whose job may be
// lost and take over their job id. Every write is conditional on the row still being queued, so a job that runs
// twice (a retry, a stalled job picked up again) changes nothing the second time. Reads and issues are set-based:
// the issuer hands over every certificate in flight at once. Methods take the manager to run on.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CertificateContent } from '@amahoro/certificates/certificate-files.js';
import { insertAuditSql } from '@amahoro/database/audit/audit.repository.js';
import { queryPrepared } from '@amahoro/database/prepared.js';
import { notificationKeySql } from '@amahoro/notifications/notifications.repository.js';
import type { MadeCertificate } from './certificate-makers.js';

/** What a queued certificate shows, from its snapshot taken when it was queued: its PDF and credential are made from this alone. */
export type CertificateSnapshot = CertificateContent;

/**
 * A made certificate to issue. Its credential's UTF-8 bytes go as the text parameter's binary form (PostgreSQL checks
 * the encoding), as the PDF's bytes do.
 */
export interface IssuedCertificate extends MadeCertificate {
  id: string;
  issuedAt: Date;
}

export interface QueuedCertificate {
  id: string;
  generation: number;
  jobId: string | null;
}

/** One row of a multi-row VALUES list, its parameters numbered from `first` and cast to `types`: `($1::uuid, $2::text)`. */
const row = (first: number, types: string[]): string => `(${types.map((type, i) => `$${first + i}::${type}`).join(', ')})`;
const ISSUED_TYPES = ['uuid', 'timestamptz', 'bytea', 'text', 'text'];

/** The issue statement for `count` certificates, built once per count (a worker's batches are of a few sizes). */
const issueSqls = new Map<number, string>();
function issueSql(count: number): string {
  const cached = issueSqls.get(count);
  if (cached) return cached;
  const values = Array.from({ length: count }, (_, i) => row(ISSUED_TYPES.length * i + 2, ISSUED_TYPES)).join(', ');
  const text = `WITH issued AS (
         UPDATE certificates c SET status = 'issued', issued_at = t.issued_at, pdf = t.pdf, pdf_sha256 = t.pdf_sha256, credential = t.credential,
                updated_at = now()
           FROM (VALUES ${values}) AS t (id, issued_at, pdf, pdf_sha256, credential)
          WHERE c.id = t.id AND c.status = 'queued'
         RETURNING c.id, c.serial, c.course_title, c.pdf_sha256, c.enrollment_id
       ), notified AS (
         INSERT INTO notifications (dedup_key, user_id, kind, data)
         SELECT ${notificationKeySql(`'certificate.issued'`, 'i.id', 'e.user_id')}, e.user_id, 'certificate.issued',
                jsonb_build_object('courseTitle', i.course_title, 'serial', i.serial, 'offeringId', e.offering_id)
           FROM issued i JOIN enrollments e ON e.id = i.enrollment_id
         ON CONFLICT (dedup_key) DO NOTHING
       ), audited AS (
         ${insertAuditSql(`SELECT $1::timestamptz, NULL::uuid, 'certificate.issued', 'certificate', i.id::text, NULL::jsonb,
                jsonb_build_object('serial', i.serial, 'pdfSha256', i.pdf_sha256), NULL::text FROM issued i`)}
       )
       SELECT id FROM issued`;
  issueSqls.set(count, text);
  return text;
}

@Injectable()
export class WorkerCertificatesRepository {
  /**
   * What those of these still queued show; the others are left out. A read, not a claim: the issue is conditional on
   * the row still being queued (issue), so two runs that both read one certificate issue it once.
   */
  queued(db: EntityManager, certificateIds: string[]): Promise<CertificateSnapshot[]> {
    // The rows by id first (the primary key), then the queued ones among them: with the status in the same WHERE, the
    // planner took the status index whenever its statistics had few queued (after a bulk issue, before ANALYZE) and
    // read every queued row for each batch.
    return queryPrepared(
      db,
      `WITH asked AS MATERIALIZED (SELECT * FROM certificates WHERE id = ANY($1::uuid[]))
       SELECT c.id, c.serial, c.holder_name AS "holderName", c.course_title AS "courseTitle", c.course_code AS "courseCode",
              c.course_summary AS "courseSummary", c.starts_on::text AS "startsOn", c.ends_on::text AS "endsOn",
              c.duration_hours AS "durationHours", c.completed_on::text AS "completedOn", c.status_list_index AS "statusListIndex"
         FROM asked c
        WHERE c.status = 'queued'`,
      [certificateIds],
    );
  }

  /**
   * Issues those still queued in one statement, its own transaction: stores each PDF (a binary parameter) and
   * credential, writes the holder's e-mail to the outbox (a repeated key is ignored) and the issue's audit record,
   * unsealed, as recordAudit would write it (its time taken here, to the millisecond, which the seal's hash covers).
   * The ids it issued. Against the UPDATE, then the outbox's and the audit trail's INSERTs in a transaction: five round
   * trips fewer per batch, ~100 µs less of the worker's CPU and ~25 µs less of PostgreSQL's per certificate (probe,
   * batches of 16).
   */
  async issue(db: EntityManager, issued: IssuedCertificate[]): Promise<string[]> {
    if (issued.length === 0) return [];
    // Prepared (one statement per batch size; a worker's batches are mostly of ISSUE_BATCH).
    const rows = await queryPrepared<{ id: string }>(db, issueSql(issued.length), [
      new Date().toISOString(),
      // Times as ISO text: pg's own Date formatting (local time and offset, padded piece by piece) costs more.
      ...issued.flatMap((c) => [c.id, c.issuedAt.toISOString(), c.pdf, c.pdfSha256, c.credential]),
    ]);
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
