import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail without a global lock: a transaction appends its records unhashed, and one sealer links them
 * in commit order (seq, prev_hash, hash) and signs a checkpoint of the head. Records chained before this keep
 * their hashes; their position in the chain is their id.
 */
export class AuditSealing1795001500000 implements MigrationInterface {
  name = 'AuditSealing1795001500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await db.query(`ALTER TABLE audit_log ADD COLUMN seq bigint UNIQUE`);
    await db.query(`UPDATE audit_log SET seq = id`);
    await db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    await db.query(`ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL`);
    await db.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_sealed_whole CHECK ((seq IS NULL) = (hash IS NULL) AND (seq IS NULL) = (prev_hash IS NULL))`);
    await db.query(`CREATE INDEX audit_log_unsealed_idx ON audit_log (id) WHERE seq IS NULL`);
    // Only the sealer updates, only unsealed records, and only their seal: the statement trigger lets through a
    // transaction that declared itself the sealer, the row trigger checks what it changes.
    await db.query(`
      CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('amahoro.audit_sealing', true) = 'on' THEN RETURN NULL; END IF;
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await db.query(`
      CREATE FUNCTION audit_log_seal_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.seq IS NOT NULL OR NEW.seq IS NULL
           OR (NEW.id, NEW.occurred_at, NEW.actor_id, NEW.action, NEW.entity, NEW.entity_id, NEW.before, NEW.after, NEW.request_id)
              IS DISTINCT FROM (OLD.id, OLD.occurred_at, OLD.actor_id, OLD.action, OLD.entity, OLD.entity_id, OLD.before, OLD.after, OLD.request_id)
        THEN RAISE EXCEPTION 'audit_log is append-only: a record can only be sealed, once'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER audit_log_seal_only BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_seal_only()`);
    // A signed statement of the chain's head after each sealing: deleting the newest records (or the whole
    // chain) leaves a checkpoint pointing past the end, and rewriting the chain cannot produce the signature.
    await db.query(`
      CREATE TABLE audit_checkpoints (
        seq bigint PRIMARY KEY,
        hash text NOT NULL,
        sealed_at timestamptz NOT NULL,
        jws text NOT NULL
      )`);
    await db.query(`
      CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_checkpoints`);
    await db.query(`DROP TRIGGER audit_log_seal_only ON audit_log`);
    await db.query(`DROP FUNCTION audit_log_seal_only()`);
    await db.query(`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await db.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await db.query(`DELETE FROM audit_log WHERE seq IS NULL`);
    await db.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    await db.query(`DROP INDEX audit_log_unsealed_idx`);
    await db.query(`ALTER TABLE audit_log DROP CONSTRAINT audit_log_sealed_whole, DROP COLUMN seq`);
    await db.query(`ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
  }
}
