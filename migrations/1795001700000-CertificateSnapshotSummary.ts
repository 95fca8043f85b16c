import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The course's summary joins the snapshot a certificate takes when it is queued, beside its title and code: the
 * credential states it, and every retry must issue the same certificate whatever the course says by then (the
 * worker read it live until now). Certificates already queued or issued take the course's summary as it is today.
 */
export class CertificateSnapshotSummary1795001700000 implements MigrationInterface {
  name = 'CertificateSnapshotSummary1795001700000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE certificates ADD COLUMN course_summary text`);
    await db.query(`
      UPDATE certificates c SET course_summary = co.summary
        FROM enrollments e JOIN offerings o ON o.id = e.offering_id JOIN courses co ON co.id = o.course_id
       WHERE e.id = c.enrollment_id AND co.summary IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE certificates DROP COLUMN course_summary`);
  }
}
