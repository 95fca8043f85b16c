import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AssessmentsGrading1795000200000 implements MigrationInterface {
  name = 'AssessmentsGrading1795000200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE assessments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        offering_id uuid NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
        title text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('quiz', 'assignment', 'exam', 'practical')),
        weight numeric(5,2) NOT NULL CHECK (weight BETWEEN 0 AND 100),
        max_score numeric(8,2) NOT NULL CHECK (max_score > 0),
        due_at timestamptz,
        max_attempts int CHECK (max_attempts > 0),
        attempt_policy text NOT NULL DEFAULT 'best' CHECK (attempt_policy IN ('best', 'last')),
        questions jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'quiz') = (questions IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX assessments_offering_idx ON assessments (offering_id, created_at)`);
    await db.query(`
      CREATE TABLE submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
        enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
        attempt int NOT NULL CHECK (attempt > 0),
        answers jsonb,
        text text,
        score numeric(8,2),
        late boolean NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (assessment_id, enrollment_id, attempt)
      )`);
    await db.query(`
      CREATE TABLE grades (
        assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
        enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
        score numeric(8,2) NOT NULL CHECK (score >= 0),
        feedback text,
        version int NOT NULL,
        graded_by uuid REFERENCES users (id),
        graded_at timestamptz NOT NULL,
        PRIMARY KEY (assessment_id, enrollment_id)
      )`);
    await db.query(`CREATE INDEX grades_enrollment_idx ON grades (enrollment_id)`);
    // Append-only: every version of every grade, with who changed it, when and why.
    await db.query(`
      CREATE TABLE grade_versions (
        id bigserial PRIMARY KEY,
        assessment_id uuid NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
        enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
        version int NOT NULL,
        score numeric(8,2) NOT NULL,
        previous_score numeric(8,2),
        feedback text,
        reason text,
        changed_by uuid REFERENCES users (id),
        changed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (assessment_id, enrollment_id, version)
      )`);
    await db.query(`
      CREATE TABLE attendance (
        offering_id uuid NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
        day date NOT NULL,
        enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
        present boolean NOT NULL,
        recorded_by uuid REFERENCES users (id),
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (offering_id, day, enrollment_id)
      )`);
    await db.query(`CREATE INDEX attendance_enrollment_idx ON attendance (enrollment_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE attendance`);
    await db.query(`DROP TABLE grade_versions`);
    await db.query(`DROP TABLE grades`);
    await db.query(`DROP TABLE submissions`);
    await db.query(`DROP TABLE assessments`);
  }
}
