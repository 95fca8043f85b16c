// The SQL behind grades: the one way they are written (by hand, in bulk or by a quiz), their history, and a
// trainee's own. Every method takes the manager to run on, so the service owns the transaction.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AdvisoryLock } from '@amahoro/database/advisory-locks.js';
import { insertAuditSql } from '@amahoro/database/audit/audit.repository.js';
import type { AssessmentKind } from '@amahoro/domain/assessments/grading.rules.js';
import type { EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';

export interface GradeInput {
  enrollmentId: string;
  score: number;
  /** Absent or null keeps the feedback there is; '' removes it. */
  feedback?: string | null;
}

export interface Grade {
  enrollmentId: string;
  score: number;
  feedback: string | null;
  version: number;
  gradedBy: string | null;
  /** ISO 8601, to the millisecond. */
  gradedAt: string;
}

export interface GradeVersion {
  version: number;
  score: number;
  previousScore: number | null;
  feedback: string | null;
  reason: string | null;
  changedAt: Date;
  changedBy: { id: string; email: string; fullName: string } | null;
}

export interface MyGrade {
  assessmentId: string;
  assessmentTitle: string;
  kind: AssessmentKind;
  weight: number;
  maxScore: number;
  enrollmentId: string;
  offeringId: string;
  course: { id: string; code: string; title: string };
  score: number;
  feedback: string | null;
  gradedAt: Date;
}

interface GradeRow {
  enrollment_id: string;
  score: string;
  feedback: string | null;
  version: number;
  graded_by: string | null;
  graded_at: string;
  changed: boolean;
}

/** A timestamp as Date#toISOString writes it (both truncate to the millisecond): no Date per row to parse and print. */
const ISO_MILLISECONDS = 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"';

/**
 * One statement for any number of rows: each changed grade gets its next version, that version is appended to
 * its history, and the change to the audit trail (as recordAudit would write it: the time taken here to the
 * millisecond, which the seal's hash covers, and the request's id). A row whose score and feedback are
 * unchanged is left alone. Answers the grade of every row after the write (its time in ISO text), and whether it changed.
 */
const WRITE_GRADES = `
  WITH input AS (
    SELECT "enrollmentId" AS enrollment_id, score, feedback FROM json_to_recordset($2::json) AS t ("enrollmentId" uuid, score numeric, feedback text)
  ),
  current AS (
    SELECT g.enrollment_id, g.score, g.feedback, g.version, g.graded_by, g.graded_at FROM grades g
     WHERE g.assessment_id = $1::uuid AND g.enrollment_id IN (SELECT enrollment_id FROM input)
  ),
  next AS (
    SELECT i.enrollment_id, i.score, c.score AS previous_score, coalesce(c.version, 0) + 1 AS version,
           CASE WHEN i.feedback IS NULL THEN c.feedback ELSE nullif(i.feedback, '') END AS feedback,
           c.enrollment_id IS NULL AS is_new, c.feedback AS previous_feedback
      FROM input i LEFT JOIN current c USING (enrollment_id)
  ),
  changed AS (
    SELECT * FROM next WHERE is_new OR previous_score <> score OR previous_feedback IS DISTINCT FROM feedback
  ),
  history AS (
    INSERT INTO grade_versions (assessment_id, enrollment_id, version, score, previous_score, feedback, reason, changed_by)
    SELECT $1::uuid, enrollment_id, version, score, previous_score, feedback, $4::text, $3::uuid FROM changed
  ),
  audit AS (
    ${insertAuditSql(`SELECT $5::timestamptz, $3::uuid, CASE WHEN is_new THEN 'grade.set' ELSE 'grade.changed' END, 'grade', $1::text || ':' || enrollment_id,
           CASE WHEN is_new THEN NULL ELSE jsonb_build_object('score', previous_score, 'feedback', previous_feedback) END,
           jsonb_build_object('score', score, 'feedback', feedback, 'version', version, 'reason', $4::text), $6::text
      FROM changed`)}
  ),
  written AS (
    INSERT INTO grades (assessment_id, enrollment_id, score, feedback, version, graded_by, graded_at)
    SELECT $1::uuid, enrollment_id, score, feedback, version, $3::uuid, now() FROM changed
    ON CONFLICT (assessment_id, enrollment_id) DO UPDATE
      SET score = excluded.score, feedback = excluded.feedback, version = excluded.version,
          graded_by = excluded.graded_by, graded_at = excluded.graded_at
    RETURNING enrollment_id, score, feedback, version, graded_by, graded_at
  )
  SELECT enrollment_id, score, feedback, version, graded_by, to_char(graded_at AT TIME ZONE 'UTC', '${ISO_MILLISECONDS}') AS graded_at, changed
    FROM (SELECT *, true AS changed FROM written
          UNION ALL
          SELECT c.*, false FROM current c WHERE c.enrollment_id NOT IN (SELECT enrollment_id FROM changed)) AS after`;

@Injectable()
export class GradesRepository {
  /**
   * Takes the assessment's turn for writing grades (until the transaction ends: its writers take turns, so
   * versions never collide) and answers the statuses of the listed enrolments of the offering, in one round trip.
   * The write that follows is a later statement, so it sees every grade written before the turn was given.
   */
  async takeTurn(db: EntityManager, assessmentId: string, offeringId: string, enrollmentIds: string[]): Promise<Map<string, EnrollmentStatus>> {
    const [row]: Array<{ statuses: Record<string, EnrollmentStatus> }> = await db.query(
      `SELECT pg_advisory_xact_lock($1, hashtext($2)) AS turn,
              (SELECT coalesce(json_object_agg(e.id, e.status), '{}') FROM enrollments e WHERE e.offering_id = $3 AND e.id = ANY($4::uuid[])) AS statuses`,
      [AdvisoryLock.Grades, assessmentId, offeringId, enrollmentIds],
    );
    return new Map(Object.entries(row!.statuses));
  }

  /** Writes the grades of one assessment (see WRITE_GRADES); call within the turn (takeTurn). */
  async write(
    db: EntityManager,
    assessmentId: string,
    rows: GradeInput[],
    by: string | null,
    reason: string | null,
    requestId: string | undefined,
  ): Promise<Array<Grade & { changed: boolean }>> {
    if (rows.length === 0) return [];
    // The rows as one JSON text, as they are: one native stringify, where driver-built arrays cost a string per element.
    const input = JSON.stringify(rows);
    const written: GradeRow[] = await db.query(WRITE_GRADES, [assessmentId, input, by, reason, new Date().toISOString(), requestId ?? null]);
    return written.map((row) => ({
      enrollmentId: row.enrollment_id,
      score: Number(row.score),
      feedback: row.feedback,
      version: row.version,
      gradedBy: row.graded_by,
      gradedAt: row.graded_at,
      changed: row.changed,
    }));
  }

  async history(db: EntityManager, assessmentId: string, enrollmentId: string): Promise<GradeVersion[]> {
    const rows: Array<{ version: number; score: string; previous_score: string | null; feedback: string | null; reason: string | null; changed_at: Date; user_id: string | null; email: string | null; full_name: string | null }> =
      await db.query(
        `SELECT v.version, v.score, v.previous_score, v.feedback, v.reason, v.changed_at, u.id AS user_id, u.email, u.full_name
           FROM grade_versions v LEFT JOIN users u ON u.id = v.changed_by
          WHERE v.assessment_id = $1 AND v.enrollment_id = $2 ORDER BY v.version`,
        [assessmentId, enrollmentId],
      );
    return rows.map((row) => ({
      version: row.version,
      score: Number(row.score),
      previousScore: row.previous_score === null ? null : Number(row.previous_score),
      feedback: row.feedback,
      reason: row.reason,
      changedAt: row.changed_at,
      changedBy: row.user_id ? { id: row.user_id, email: row.email!, fullName: row.full_name! } : null,
    }));
  }

  /** Every grade of the user's, most recent offering first, in the order the assessments were made. */
  async ofUser(db: EntityManager, userId: string): Promise<MyGrade[]> {
    const rows: Array<Record<string, string & Date>> = await db.query(
      `SELECT a.id AS assessment_id, a.title, a.kind, a.weight, a.max_score, e.id AS enrollment_id, e.offering_id,
              c.id AS course_id, c.code, c.title AS course_title, g.score, g.feedback, g.graded_at
         FROM grades g
         JOIN enrollments e ON e.id = g.enrollment_id
         JOIN assessments a ON a.id = g.assessment_id
         JOIN offerings o ON o.id = e.offering_id
         JOIN courses c ON c.id = o.course_id
        WHERE e.user_id = $1
        ORDER BY o.starts_on DESC, a.created_at`,
      [userId],
    );
    return rows.map((row) => ({
      assessmentId: row.assessment_id,
      assessmentTitle: row.title,
      kind: row.kind as AssessmentKind,
      weight: Number(row.weight),
      maxScore: Number(row.max_score),
      enrollmentId: row.enrollment_id,
      offeringId: row.offering_id,
      course: { id: row.course_id, code: row.code, title: row.course_title },
      score: Number(row.score),
      feedback: row.feedback,
      gradedAt: row.graded_at,
    }));
  }
}
