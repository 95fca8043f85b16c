import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every API process, at commit, whose access changed: a role, activity or e-mail edited, a login revoked, a
 * user or login deleted. The processes then forget the callers they remember (apps/api/src/auth/access-cache.ts),
 * whichever code path or process made the change.
 */
export class AuthChangedNotify1795001500100 implements MigrationInterface {
  name = 'AuthChangedNotify1795001500100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- The argument names the column that holds the user's id.
        PERFORM pg_notify('amahoro_auth_changed', to_jsonb(OLD) ->> TG_ARGV[0]);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER users_auth_changed AFTER UPDATE ON users FOR EACH ROW
        WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.active IS DISTINCT FROM NEW.active OR OLD.email IS DISTINCT FROM NEW.email)
        EXECUTE FUNCTION notify_auth_changed('id')`);
    await db.query(`CREATE TRIGGER users_auth_deleted AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_auth_changed('id')`);
    await db.query(`
      CREATE TRIGGER refresh_tokens_auth_changed AFTER UPDATE ON refresh_tokens FOR EACH ROW
        WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL OR OLD.user_id IS DISTINCT FROM NEW.user_id OR OLD.family_id IS DISTINCT FROM NEW.family_id)
        EXECUTE FUNCTION notify_auth_changed('user_id')`);
    await db.query(`CREATE TRIGGER refresh_tokens_auth_deleted AFTER DELETE ON refresh_tokens FOR EACH ROW EXECUTE FUNCTION notify_auth_changed('user_id')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER refresh_tokens_auth_deleted ON refresh_tokens`);
    await db.query(`DROP TRIGGER refresh_tokens_auth_changed ON refresh_tokens`);
    await db.query(`DROP TRIGGER users_auth_deleted ON users`);
    await db.query(`DROP TRIGGER users_auth_changed ON users`);
    await db.query(`DROP FUNCTION notify_auth_changed()`);
  }
}
