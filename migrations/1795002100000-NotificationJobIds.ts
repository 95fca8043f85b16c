import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox row records the id of the send job it was handed to: one job now sends a batch of rows, so the id can no
 * longer be derived from the row alone. Rows already handed to a job (one job per row) get that job's id.
 */
export class NotificationJobIds1795002100000 implements MigrationInterface {
  name = 'NotificationJobIds1795002100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications ADD COLUMN job_id text`);
    await db.query(
      `UPDATE notifications SET job_id = 'notification-' || id || '-' || enqueue_count WHERE enqueued_at IS NOT NULL AND status IN ('pending', 'sending')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications DROP COLUMN job_id`);
  }
}
