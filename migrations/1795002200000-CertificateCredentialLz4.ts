import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A certificate's credential (a ~2.8 kB VC-JWT) is compressed with lz4 instead of pglz: it compresses as well (to
 * ~2.0 kB) at a fraction of the CPU, and pglz over every credential was ~45 µs of PostgreSQL's CPU per issue, about
 * 5 % of its share of a certificate (probe, 4,000 issues, interleaved A/B). A server built without lz4 (the
 * embedded PostgreSQL of `npm start`) keeps pglz. Existing values stay as they are; reading either kind is transparent.
 */
export class CertificateCredentialLz41795002200000 implements MigrationInterface {
  name = 'CertificateCredentialLz41795002200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$ BEGIN
        ALTER TABLE certificates ALTER COLUMN credential SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN NULL;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE certificates ALTER COLUMN credential SET COMPRESSION pglz`);
  }
}
