import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why an enrolment was rejected or withdrawn, when the admin or trainee said so. */
export class EnrollmentReason1795000900000 implements MigrationInterface {
  name = 'EnrollmentReason1795000900000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE enrollments ADD COLUMN reason text CHECK (char_length(reason) <= 500)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE enrollments DROP COLUMN reason`);
  }
}
