import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CoursesOfferingsEnrollments1795000100000 implements MigrationInterface {
  name = 'CoursesOfferingsEnrollments1795000100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE courses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{1,29}$'),
        title text NOT NULL,
        summary text,
        description text,
        category text NOT NULL CHECK (category IN ('protection_of_civilians', 'conflict_prevention', 'peace_operations',
          'gender_peace_security', 'child_protection', 'ddr_ssr', 'humanitarian_law', 'leadership', 'medical', 'other')),
        delivery_mode text NOT NULL CHECK (delivery_mode IN ('in_person', 'online', 'blended')),
        language text NOT NULL CHECK (language ~ '^[a-z]{2}$'),
        duration_hours int NOT NULL CHECK (duration_hours > 0),
        pass_mark numeric(5,2) NOT NULL CHECK (pass_mark BETWEEN 0 AND 100),
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
        published_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX courses_code_key ON courses (code)`);
    await db.query(`CREATE INDEX courses_status_title_idx ON courses (status, title)`);
    await db.query(`
      CREATE TABLE course_prerequisites (
        course_id uuid NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
        prerequisite_id uuid NOT NULL REFERENCES courses (id) ON DELETE RESTRICT,
        PRIMARY KEY (course_id, prerequisite_id),
        CHECK (course_id <> prerequisite_id)
      )`);
    await db.query(`
      CREATE TABLE offerings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES courses (id) ON DELETE RESTRICT,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        location text,
        capacity int NOT NULL CHECK (capacity > 0),
        seats_taken int NOT NULL DEFAULT 0,
        enrollment_opens_at timestamptz NOT NULL,
        enrollment_closes_at timestamptz NOT NULL,
        approval_mode text NOT NULL CHECK (approval_mode IN ('auto', 'manual')),
        min_attendance_percent numeric(5,2) CHECK (min_attendance_percent BETWEEN 0 AND 100),
        cancelled_at timestamptz,
        completed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT offerings_seats_within_capacity CHECK (seats_taken BETWEEN 0 AND capacity),
        CONSTRAINT offerings_dates_ordered CHECK (starts_on <= ends_on),
        CONSTRAINT offerings_window_ordered CHECK (enrollment_opens_at < enrollment_closes_at)
      )`);
    await db.query(`CREATE INDEX offerings_course_idx ON offerings (course_id, starts_on)`);
    await db.query(`CREATE INDEX offerings_starts_on_idx ON offerings (starts_on)`);
    await db.query(`
      CREATE TABLE offering_instructors (
        offering_id uuid NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        PRIMARY KEY (offering_id, user_id)
      )`);
    await db.query(`CREATE INDEX offering_instructors_user_idx ON offering_instructors (user_id)`);
    await db.query(`
      CREATE TABLE enrollments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        offering_id uuid NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'waitlisted', 'rejected', 'withdrawn', 'completed', 'failed')),
        seq bigserial NOT NULL,
        final_score numeric(5,2) CHECK (final_score BETWEEN 0 AND 100),
        -- The moment the enrolment got in line (not its transaction's start): the waitlist's arrival order.
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One live enrolment per trainee and offering; after a withdrawal or a rejection they may enrol again.
    await db.query(`
      CREATE UNIQUE INDEX enrollments_one_active_per_user ON enrollments (offering_id, user_id)
        WHERE status NOT IN ('rejected', 'withdrawn')`);
    await db.query(`CREATE INDEX enrollments_offering_status_idx ON enrollments (offering_id, status, seq)`);
    await db.query(`CREATE INDEX enrollments_user_idx ON enrollments (user_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE enrollments`);
    await db.query(`DROP TABLE offering_instructors`);
    await db.query(`DROP TABLE offerings`);
    await db.query(`DROP TABLE course_prerequisites`);
    await db.query(`DROP TABLE courses`);
  }
}
