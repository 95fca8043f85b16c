import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Certificates1795000300000 implements MigrationInterface {
  name = 'Certificates1795000300000';

  async up(db: QueryRunner): Promise<void> {
    // Positions in the published revocation list (a Bitstring Status List of 131,072 entries).
    await db.query(`CREATE SEQUENCE certificate_status_index_seq MINVALUE 0 MAXVALUE 131071 START 0`);
    await db.query(`
      CREATE TABLE certificates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enrollment_id uuid NOT NULL REFERENCES enrollments (id) ON DELETE RESTRICT,
        serial text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'issued', 'failed', 'revoked')),
        holder_name text NOT NULL,
        course_title text NOT NULL,
        course_code text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        duration_hours int NOT NULL,
        completed_on date NOT NULL,
        status_list_index int NOT NULL DEFAULT nextval('certificate_status_index_seq'),
        generation int NOT NULL DEFAULT 1,
        attempts int NOT NULL DEFAULT 0,
        failure_reason text,
        issued_at timestamptz,
        revoked_at timestamptz,
        revocation_reason text,
        replaces_id uuid REFERENCES certificates (id),
        pdf bytea,
        pdf_sha256 text,
        credential text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'issued') <= (pdf IS NOT NULL AND credential IS NOT NULL AND issued_at IS NOT NULL)),
        CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX certificates_serial_key ON certificates (serial)`);
    await db.query(`CREATE UNIQUE INDEX certificates_status_list_index_key ON certificates (status_list_index)`);
    // At most one certificate per enrolment that is not revoked, whatever the retries, clicks, workers or crashes.
    await db.query(`CREATE UNIQUE INDEX certificates_one_live_per_enrollment ON certificates (enrollment_id) WHERE status <> 'revoked'`);
    await db.query(`CREATE INDEX certificates_status_idx ON certificates (status)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE certificates`);
    await db.query(`DROP SEQUENCE certificate_status_index_seq`);
  }
}
