// The one way grades are written, by hand, in bulk or by a quiz: one statement for any number of rows, which
// bumps each changed grade's version and appends that version to its history.
import type { EntityManager } from 'typeorm';

export interface GradeInput {
  enrollmentId: string;
  score: number;
  /** null keeps the feedback there is; '' removes it. */
  feedback: string | null;
}

export interface WrittenGrade {
  enrollment_id: string;
  score: string;
  feedback: string | null;
  version: number;
  graded_by: string | null;
  graded_at: Date;
}

/**
 * Writes the grades of one assessment. Rows whose score and feedback are unchanged are left alone (no new
 * version). Writers of one assessment take turns on an advisory lock, so versions never collide.
 * Returns the grades that changed.
 */
export async function writeGrades(
  tx: EntityManager,
  assessmentId: string,
  rows: GradeInput[],
  by: string | null,
  reason: string | null,
): Promise<WrittenGrade[]> {
  if (rows.length === 0) return [];
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('grades:' || $1))`, [assessmentId]);
  return tx.query(
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
     )
     INSERT INTO grades (assessment_id, enrollment_id, score, feedback, version, graded_by, graded_at)
     SELECT $1, enrollment_id, score, feedback, version, $5, now() FROM changed
     ON CONFLICT (assessment_id, enrollment_id) DO UPDATE
       SET score = excluded.score, feedback = excluded.feedback, version = excluded.version,
           graded_by = excluded.graded_by, graded_at = excluded.graded_at
     RETURNING enrollment_id, score, feedback, version, graded_by, graded_at`,
    [assessmentId, rows.map((r) => r.enrollmentId), rows.map((r) => r.score), rows.map((r) => r.feedback), by, reason],
  );
}
