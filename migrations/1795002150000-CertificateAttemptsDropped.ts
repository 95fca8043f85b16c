import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A certificate's `attempts` counted the worker's claims of it; the worker now reads a queued certificate instead of
 * claiming it (its issue is conditional on the row still being queued), and BullMQ counts a job's attempts. Nothing
 * read the column.
 */
export class CertificateAttemptsDropped1795002150000 implements MigrationInterface {
  name = 'CertificateAttemptsDropped1795002150000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE certificates DROP COLUMN attempts`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE certificates ADD COLUMN attempts int NOT NULL DEFAULT 0`);
  }
}
