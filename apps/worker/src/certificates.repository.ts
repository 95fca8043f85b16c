// The worker's SQL on certificates: claim queued ones, mark them issued or failed, find queued ones whose job may be
// lost and take over their job id. Every write is conditional on the row still being queued, so a job that runs
// twice (a retry, a stalled job picked up again) changes nothing the second time. Claims and issues are set-based:
// the issuer hands over every certificate in flight at once. Methods take the manager to run on.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditRecordFields } from '@amahoro/database/audit/audit.repository.js';
import type { OutboxRow } from '@amahoro/notifications/notifications.repository.js';

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

/** An issue with the holder's e-mail and the audit record that go with it, written only if the issue is. */
export interface IssueWithRecords extends IssuedCertificate {
  mail: OutboxRow;
  audit: AuditRecordFields;
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
   * Stores the PDF and credential of those still queued (each PDF a binary parameter, not hex text in an array), with
   * the holder's e-mail in the outbox and the audit record (appended unsealed, as recordAudit does) of each one it
   * marked: one statement, so all of it or none without a transaction's BEGIN and COMMIT. The ids it marked issued.
   */
  async markIssued(db: EntityManager, issued: IssueWithRecords[]): Promise<string[]> {
    if (issued.length === 0) return [];
    const values = issued.map((_, i) => row(ISSUED_TYPES.length * i + 1, ISSUED_TYPES)).join(', ');
    const $ = (i: number) => `$${ISSUED_TYPES.length * issued.length + i}`;
    const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
    // A WITH … SELECT answers its rows (an UPDATE alone would answer [rows, count]).
    const rows = (await db.query(
      `WITH t (id, issued_at, pdf, pdf_sha256, credential) AS (VALUES ${values}),
       issued AS (
         UPDATE certificates c SET status = 'issued', issued_at = t.issued_at, pdf = t.pdf, pdf_sha256 = t.pdf_sha256, credential = t.credential,
                updated_at = now()
           FROM t WHERE c.id = t.id AND c.status = 'queued'
         RETURNING c.id),
       mail AS (
         INSERT INTO notifications (dedup_key, user_id, kind, data)
         SELECT m.dedup_key, m.user_id, m.kind, m.data
           FROM unnest(${$(1)}::uuid[], ${$(2)}::text[], ${$(3)}::uuid[], ${$(4)}::text[], ${$(5)}::jsonb[]) AS m (certificate_id, dedup_key, user_id, kind, data)
          WHERE m.certificate_id IN (SELECT id FROM issued)
         ON CONFLICT (dedup_key) DO NOTHING),
       audit AS (
         INSERT INTO audit_log (occurred_at, actor_id, action, entity, entity_id, before, after, request_id)
         SELECT a.occurred_at, a.actor_id, a.action, a.entity, a.entity_id, a.before, a.after, a.request_id
           FROM unnest(${$(6)}::uuid[], ${$(7)}::timestamptz[], ${$(8)}::uuid[], ${$(9)}::text[], ${$(10)}::text[], ${$(11)}::text[],
                       ${$(12)}::jsonb[], ${$(13)}::jsonb[], ${$(14)}::text[])
                AS a (certificate_id, occurred_at, actor_id, action, entity, entity_id, before, after, request_id)
          WHERE a.certificate_id IN (SELECT id FROM issued))
       SELECT id FROM issued`,
      [
        ...issued.flatMap((c) => [c.id, c.issuedAt, c.pdf, c.pdfSha256, c.credential]),
        issued.map((c) => c.id),
        issued.map((c) => c.mail.dedupKey),
        issued.map((c) => c.mail.userId),
        issued.map((c) => c.mail.kind),
        issued.map((c) => JSON.stringify(c.mail.data)),
        issued.map((c) => c.id),
        issued.map((c) => c.audit.occurredAt),
        issued.map((c) => c.audit.actorId),
        issued.map((c) => c.audit.action),
        issued.map((c) => c.audit.entity),
        issued.map((c) => c.audit.entityId),
        issued.map((c) => json(c.audit.before)),
        issued.map((c) => json(c.audit.after)),
        issued.map((c) => c.audit.requestId),
      ],
    )) as Array<{ id: string }>;
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
