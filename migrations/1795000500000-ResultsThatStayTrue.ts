import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ResultsThatStayTrue1795000500000 implements MigrationInterface {
  name = 'ResultsThatStayTrue1795000500000';

  async up(db: QueryRunner): Promise<void> {
    // Finalising settles the pending and waitlisted as not_admitted; a failed result says what fell short.
    await db.query(`ALTER TABLE enrollments DROP CONSTRAINT enrollments_status_check`);
    await db.query(`
      ALTER TABLE enrollments ADD CONSTRAINT enrollments_status_check
        CHECK (status IN ('pending', 'approved', 'waitlisted', 'rejected', 'withdrawn', 'completed', 'failed', 'not_admitted'))`);
    await db.query(`ALTER TABLE enrollments ADD COLUMN failed_on text CHECK (failed_on IN ('score', 'attendance', 'both'))`);
    // Only a failed result says what fell short; one finalised before this migration does not know.
    await db.query(`ALTER TABLE enrollments ADD CONSTRAINT enrollments_failed_on_only_when_failed CHECK (failed_on IS NULL OR status = 'failed')`);
    // The BullMQ job that carries a queued certificate now; NULL: the first one (certificate-<id>-<generation>).
    // The worker's reconciliation gives a certificate whose job is gone a fresh one and records it here.
    await db.query(`ALTER TABLE certificates ADD COLUMN job_id text`);
    await db.query(`CREATE INDEX certificates_replaces_idx ON certificates (replaces_id) WHERE replaces_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX certificates_replaces_idx`);
    await db.query(`ALTER TABLE certificates DROP COLUMN job_id`);
    await db.query(`ALTER TABLE enrollments DROP CONSTRAINT enrollments_failed_on_only_when_failed`);
    await db.query(`ALTER TABLE enrollments DROP COLUMN failed_on`);
    await db.query(`UPDATE enrollments SET status = 'rejected' WHERE status = 'not_admitted'`);
    await db.query(`ALTER TABLE enrollments DROP CONSTRAINT enrollments_status_check`);
    await db.query(`
      ALTER TABLE enrollments ADD CONSTRAINT enrollments_status_check
        CHECK (status IN ('pending', 'approved', 'waitlisted', 'rejected', 'withdrawn', 'completed', 'failed'))`);
  }
}
