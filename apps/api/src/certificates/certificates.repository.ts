// The API's SQL on certificates: the facts a certificate states are copied from the enrolment when it is queued
// (one INSERT from unnest for all of a call's certificates), and every move locks the row it changes. Every
// method takes the manager to run on, so the service that owns the use case owns the transaction.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Enrollment } from '@amahoro/database/entities/enrollment.entity.js';
import { Offering } from '@amahoro/database/entities/offering.entity.js';
import { type CertificateStatus, ELIGIBLE_ENROLLMENT_STATUS, newSerial } from '@amahoro/domain/certificates/certificate.rules.js';
import type { EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { chunkJobId } from '@amahoro/queue/jobs.js';

/** A certificate as lists and moves see it: never its PDF or credential, so lists stay small. */
export interface Certificate {
  id: string;
  enrollmentId: string;
  serial: string;
  status: CertificateStatus;
  holderName: string;
  courseTitle: string;
  courseCode: string;
  completedOn: string;
  issuedAt: Date | null;
  failureReason: string | null;
  revokedAt: Date | null;
  revocationReason: string | null;
  pdfSha256: string | null;
  replacesId: string | null;
  generation: number;
  jobId: string | null;
  createdAt: Date;
  userId: string;
  offeringId: string;
}

export interface QueuedCertificate {
  id: string;
  serial: string;
  enrollmentId: string;
}

/** Of an offering's enrolments: the eligible ones by their live certificate's status, and the others. */
export interface IssueCounts {
  issued: number;
  queued: number;
  notEligible: number;
}

/** What a certificate states, copied from its enrolment when it is queued. */
interface CertificateFacts {
  enrollmentId: string;
  holderName: string;
  courseTitle: string;
  courseCode: string;
  startsOn: string;
  endsOn: string;
  durationHours: number;
  courseSummary: string | null;
}

/** Which enrolments to queue certificates for: an offering's eligible ones, or one (whose eligibility the caller checked). */
export type QueueScope = { offeringId: string } | { enrollmentId: string };

const SELECT_CERTIFICATES = `
  SELECT c.id, c.enrollment_id AS "enrollmentId", c.serial, c.status, c.holder_name AS "holderName", c.course_title AS "courseTitle",
         c.course_code AS "courseCode", c.completed_on::text AS "completedOn", c.issued_at AS "issuedAt", c.failure_reason AS "failureReason",
         c.revoked_at AS "revokedAt", c.revocation_reason AS "revocationReason", c.pdf_sha256 AS "pdfSha256", c.replaces_id AS "replacesId",
         c.generation, c.job_id AS "jobId", c.created_at AS "createdAt", e.user_id AS "userId", e.offering_id AS "offeringId"
    FROM certificates c JOIN enrollments e ON e.id = c.enrollment_id`;

// Queued again from scratch: a new generation, and a job of its own (job_id NULL), so its job id is new too.
const REQUEUE = `status = 'queued', generation = generation + 1, failure_reason = NULL, job_id = NULL, updated_at = now()`;

@Injectable()
export class CertificatesRepository {
  offeringExists(db: EntityManager, offeringId: string): Promise<boolean> {
    return db.getRepository(Offering).existsBy({ id: offeringId });
  }

  async enrollmentStatus(db: EntityManager, enrollmentId: string): Promise<EnrollmentStatus | null> {
    const enrollment = await db.getRepository(Enrollment).findOne({ select: { status: true }, where: { id: enrollmentId } });
    return enrollment?.status ?? null;
  }

  async find(db: EntityManager, id: string): Promise<Certificate | null> {
    return (await this.select(db, 'c.id = $1', [id]))[0] ?? null;
  }

  async findBySerial(db: EntityManager, serial: string): Promise<Certificate | null> {
    return (await this.select(db, 'c.serial = $1', [serial]))[0] ?? null;
  }

  /** The enrolment's certificate that is not revoked; at most one, by a partial unique index. */
  async findLive(db: EntityManager, enrollmentId: string): Promise<Certificate | null> {
    return (await this.select(db, `e.id = $1 AND c.status <> 'revoked'`, [enrollmentId]))[0] ?? null;
  }

  /** Locks the certificate for the rest of the transaction. */
  async lock(db: EntityManager, id: string): Promise<Certificate | null> {
    return (await this.select(db, 'c.id = $1', [id], 'FOR UPDATE OF c'))[0] ?? null;
  }

  listForOffering(db: EntityManager, offeringId: string, status?: CertificateStatus): Promise<Certificate[]> {
    return status ? this.select(db, 'e.offering_id = $1 AND c.status = $2', [offeringId, status]) : this.select(db, 'e.offering_id = $1', [offeringId]);
  }

  /** The queued certificates that share this one's job: a job is sent with all of them. */
  listQueuedWithJobOf(db: EntityManager, certificate: Pick<Certificate, 'id' | 'jobId'>): Promise<Certificate[]> {
    return certificate.jobId ? this.select(db, `c.job_id = $1 AND c.status = 'queued'`, [certificate.jobId]) : this.select(db, 'c.id = $1', [certificate.id]);
  }

  listForUser(db: EntityManager, userId: string): Promise<Certificate[]> {
    return this.select(db, 'e.user_id = $1', [userId]);
  }

  async issueCounts(db: EntityManager, offeringId: string): Promise<IssueCounts> {
    const [counts] = (await db.query(
      `SELECT count(*) FILTER (WHERE e.status = $2 AND c.status = 'issued')::int AS issued,
              count(*) FILTER (WHERE e.status = $2 AND c.status = 'queued')::int AS queued,
              count(*) FILTER (WHERE e.status <> $2)::int AS "notEligible"
         FROM enrollments e LEFT JOIN certificates c ON c.enrollment_id = e.id AND c.status <> 'revoked'
        WHERE e.offering_id = $1`,
      [offeringId, ELIGIBLE_ENROLLMENT_STATUS],
    )) as [IssueCounts];
    return counts;
  }

  async pdf(db: EntityManager, id: string): Promise<Buffer> {
    const [row] = (await db.query('SELECT pdf FROM certificates WHERE id = $1', [id])) as [{ pdf: Buffer }];
    return row.pdf;
  }

  async credential(db: EntityManager, id: string): Promise<string> {
    const [row] = (await db.query('SELECT credential FROM certificates WHERE id = $1', [id])) as [{ credential: string }];
    return row.credential;
  }

  /** The serial of the certificate that re-issues this one, if any. */
  async replacementSerial(db: EntityManager, id: string): Promise<string | null> {
    const [row] = (await db.query('SELECT serial FROM certificates WHERE replaces_id = $1', [id])) as Array<{ serial: string }>;
    return row?.serial ?? null;
  }

  /** The status-list positions of every revoked certificate. */
  async revokedIndexes(db: EntityManager): Promise<number[]> {
    const rows = (await db.query(`SELECT status_list_index FROM certificates WHERE status = 'revoked'`)) as Array<{ status_list_index: number }>;
    return rows.map((row) => row.status_list_index);
  }

  async revoke(db: EntityManager, id: string, reason: string): Promise<void> {
    await db.query(`UPDATE certificates SET status = 'revoked', revoked_at = now(), revocation_reason = $2, updated_at = now() WHERE id = $1`, [id, reason]);
  }

  async requeue(db: EntityManager, id: string): Promise<void> {
    await db.query(`UPDATE certificates SET ${REQUEUE} WHERE id = $1`, [id]);
  }

  /** Queues again the failed certificates of the offering's eligible enrolments; how many. */
  async requeueFailed(db: EntityManager, offeringId: string): Promise<number> {
    // An UPDATE answers [rows, count].
    const [, count] = (await db.query(
      `UPDATE certificates c SET ${REQUEUE} FROM enrollments e
        WHERE e.id = c.enrollment_id AND e.offering_id = $1 AND e.status = $2 AND c.status = 'failed'`,
      [offeringId, ELIGIBLE_ENROLLMENT_STATUS],
    )) as [unknown, number];
    return count;
  }

  /**
   * A queued certificate, with a new serial, for each enrolment in scope that has no live one, stating the facts
   * of the enrolment as they are now (so every retry renders the same certificate); `replacesId` for a re-issue.
   * They are handed to issue jobs of `jobs.perJob` certificates each, the job ids `<jobs.prefix>-<n>`.
   */
  async queueMissing(
    db: EntityManager,
    scope: QueueScope,
    jobs: { prefix: string; perJob: number },
    replacesId: string | null = null,
  ): Promise<QueuedCertificate[]> {
    const [where, params]: [string, unknown[]] =
      'offeringId' in scope ? ['e.offering_id = $1 AND e.status = $2', [scope.offeringId, ELIGIBLE_ENROLLMENT_STATUS]] : ['e.id = $1', [scope.enrollmentId]];
    const missing = (await db.query(
      `SELECT e.id AS "enrollmentId", u.full_name AS "holderName", co.title AS "courseTitle", co.code AS "courseCode",
              o.starts_on::text AS "startsOn", o.ends_on::text AS "endsOn", co.duration_hours AS "durationHours", co.summary AS "courseSummary"
         FROM enrollments e JOIN users u ON u.id = e.user_id JOIN offerings o ON o.id = e.offering_id JOIN courses co ON co.id = o.course_id
        WHERE ${where} AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.enrollment_id = e.id AND c.status <> 'revoked')`,
      params,
    )) as CertificateFacts[];
    if (missing.length === 0) return [];
    const column = <K extends keyof CertificateFacts>(key: K) => missing.map((facts) => facts[key]);
    // A course is completed on the offering's last day.
    return db.query(
      `INSERT INTO certificates (enrollment_id, serial, holder_name, course_title, course_code, starts_on, ends_on, duration_hours, course_summary, status,
                                 completed_on, replaces_id, job_id)
       SELECT t.enrollment_id, t.serial, t.holder_name, t.course_title, t.course_code, t.starts_on, t.ends_on, t.duration_hours, t.course_summary,
              'queued', t.ends_on, $9::uuid, ${chunkJobId.sql('$11', 't.n - 1', '$12')}
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::date[], $8::int[], $10::text[]) WITH ORDINALITY
              AS t (enrollment_id, serial, holder_name, course_title, course_code, starts_on, ends_on, duration_hours, course_summary, n)
       ON CONFLICT (enrollment_id) WHERE status <> 'revoked' DO NOTHING
       RETURNING id, serial, enrollment_id AS "enrollmentId"`,
      [
        column('enrollmentId'),
        missing.map(() => newSerial()),
        column('holderName'),
        column('courseTitle'),
        column('courseCode'),
        column('startsOn'),
        column('endsOn'),
        column('durationHours'),
        replacesId,
        column('courseSummary'),
        jobs.prefix,
        jobs.perJob,
      ],
    );
  }


  private select(db: EntityManager, where: string, params: unknown[], lock = ''): Promise<Certificate[]> {
    return db.query(`${SELECT_CERTIFICATES} WHERE ${where} ORDER BY c.holder_name, c.created_at ${lock}`, params);
  }
}
