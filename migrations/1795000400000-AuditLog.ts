import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1795000400000 implements MigrationInterface {
  name = 'AuditLog1795000400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_id uuid,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        request_id text,
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE
      )`);
    await db.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, occurred_at)`);
    await db.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id)`);
    await db.query(`CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at)`);
    // Append-only for the application: a change or deletion needs someone to disable this trigger first,
    // and even then the hash chain shows it (npm run audit:verify).
    await db.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await db.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
    await db.query(`DROP FUNCTION audit_log_append_only()`);
  }
}
