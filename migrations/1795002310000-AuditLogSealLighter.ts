import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sealing a record rewrites its row (its seq and hashes), with an entry in each index that holds sealed records.
 * Two of those entries served nothing: the unique index of the hash (nothing looks a record up by its hash, and the
 * chain itself is what shows a record copied, changed or moved: the verifier recomputes every hash from the one
 * before) and the actor index's entries of records without an actor (the worker's and the system's: the audit list
 * filters by an actor's id, never by its absence).
 */
export class AuditLogSealLighter1795002310000 implements MigrationInterface {
  name = 'AuditLogSealLighter1795002310000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX audit_log_hash_sealed`);
    await db.query(`DROP INDEX audit_log_actor_idx`);
    await db.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, occurred_at) WHERE seq IS NOT NULL AND actor_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX audit_log_actor_idx`);
    await db.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, occurred_at) WHERE seq IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX audit_log_hash_sealed ON audit_log (hash) WHERE hash IS NOT NULL`);
  }
}
