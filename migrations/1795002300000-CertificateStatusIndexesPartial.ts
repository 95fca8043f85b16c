import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The index of every certificate's status gave way to two partial ones, of the only states read by status alone:
 * queued (the reconciler's overdue ones by their last update, a resent job's others by job id) and revoked (the
 * status list). Issuing a certificate (queued to issued) no longer writes an index entry for a state nobody looks
 * up, and the index no longer grows with every certificate ever issued.
 */
export class CertificateStatusIndexesPartial1795002300000 implements MigrationInterface {
  name = 'CertificateStatusIndexesPartial1795002300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX certificates_queued_idx ON certificates (updated_at) WHERE status = 'queued'`);
    await db.query(`CREATE INDEX certificates_revoked_idx ON certificates (status_list_index) WHERE status = 'revoked'`);
    await db.query(`DROP INDEX certificates_status_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX certificates_status_idx ON certificates (status)`);
    await db.query(`DROP INDEX certificates_queued_idx, certificates_revoked_idx`);
  }
}
