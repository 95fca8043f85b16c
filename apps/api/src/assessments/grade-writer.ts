// The one way grades are written, by hand, in bulk or by a quiz: one statement for any number of rows, which
// bumps each changed grade's version and appends that version to its history.
import type { EntityManager } from 'typeorm';
import { AdvisoryLock } from '@amahoro/database/advisory-locks.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';

export interface GradeInput {
  enrollmentId: string;
  score: number;
  /** null keeps the feedback there is; '' removes it. */
  feedback: string | null;
}

export interface WrittenGrade {
  enrollment_id: string;
  previous_score?: string | null;
  previous_feedback?: string | null;
  score: string;
  feedback: string | null;
  version: number;
  graded_by: string | null;
  graded_at: Date;
}

/**
 * Writes the grades of one assessment. Rows whose score and feedback are unchanged are left alone (no new
 * version). Writers of one assessment take turns on an advisory lock, so versions never collide. Each change
 * is in the audit trail. Returns the grades that changed.
 */
export async function writeGrades(
  tx: EntityManager,
  assessmentId: string,
  rows: GradeInput[],
  by: string | null,
  reason: string | null,
): Promise<WrittenGrade[]> {
  if (rows.length === 0) return [];
  await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [AdvisoryLock.Grades, assessmentId]);
  const written: WrittenGrade[] = await tx.query(
    `WITH input AS (
       SELECT * FROM unnest($2::uuid[], $3::numeric[], $4::text[]) AS t (enrollment_id, score, feedback)
     ),
     current AS (
       SELECT g.enrollment_id, g.score, g.feedback, g.version FROM grades g
        WHERE g.assessment_id = $1 AND g.enrollment_id IN (SELECT enrollment_id FROM input)
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
       SELECT $1, enrollment_id, version, score, previous_score, feedback, $6, $5 FROM changed
     ),
     written AS (
       INSERT INTO grades (assessment_id, enrollment_id, score, feedback, version, graded_by, graded_at)
       SELECT $1, enrollment_id, score, feedback, version, $5, now() FROM changed
       ON CONFLICT (assessment_id, enrollment_id) DO UPDATE
         SET score = excluded.score, feedback = excluded.feedback, version = excluded.version,
             graded_by = excluded.graded_by, graded_at = excluded.graded_at
       RETURNING enrollment_id, score, feedback, version, graded_by, graded_at
     )
     SELECT w.*, c.previous_score, c.previous_feedback FROM written w JOIN changed c USING (enrollment_id)`,
    [assessmentId, rows.map((r) => r.enrollmentId), rows.map((r) => r.score), rows.map((r) => r.feedback), by, reason],
  );
  await recordAudit(
    tx,
    written.map((grade) => ({
      actorId: by,
      action: grade.version === 1 ? ('grade.set' as const) : ('grade.changed' as const),
      entity: 'grade',
      entityId: `${assessmentId}:${grade.enrollment_id}`,
      before: grade.version === 1 ? null : { score: Number(grade.previous_score), feedback: grade.previous_feedback ?? null },
      after: { score: Number(grade.score), feedback: grade.feedback, version: grade.version, reason },
    })),
  );
  return written;
}
