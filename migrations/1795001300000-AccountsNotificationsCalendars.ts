import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsNotificationsCalendars1795001300000 implements MigrationInterface {
  name = 'AccountsNotificationsCalendars1795001300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN preferred_language text NOT NULL DEFAULT 'en' CHECK (preferred_language IN ('en', 'fr'))`);
    await db.query(`ALTER TABLE users ADD COLUMN email_verified boolean NOT NULL DEFAULT false`);
    // Accounts that predate verification keep working as they did.
    await db.query(`UPDATE users SET email_verified = true`);
    await db.query(`ALTER TABLE users ADD COLUMN notification_settings jsonb NOT NULL DEFAULT '{}'`);
    await db.query(`ALTER TABLE users ADD COLUMN calendar_token text UNIQUE`);
    // Bumped whenever the dates change: the iCalendar SEQUENCE and the version of "dates changed" e-mails.
    await db.query(`ALTER TABLE offerings ADD COLUMN schedule_sequence int NOT NULL DEFAULT 0`);

    // Invitation, reset and verification links: only the token's SHA-256 is stored; single use.
    await db.query(`
      CREATE TABLE user_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('invite', 'reset', 'verify')),
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX user_tokens_live_idx ON user_tokens (user_id, purpose) WHERE used_at IS NULL`);

    // The outbox: one row per event and recipient, written in the transaction of the change; the worker sends it.
    await db.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedup_key text NOT NULL UNIQUE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'skipped')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        enqueued_at timestamptz,
        enqueue_count int NOT NULL DEFAULT 0,
        claimed_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await db.query(`CREATE INDEX notifications_unsent_idx ON notifications (created_at) WHERE status IN ('pending', 'sending')`);
    await db.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notifications`);
    await db.query(`DROP TABLE user_tokens`);
    await db.query(`ALTER TABLE offerings DROP COLUMN schedule_sequence`);
    await db.query(`ALTER TABLE users DROP COLUMN calendar_token, DROP COLUMN notification_settings, DROP COLUMN email_verified, DROP COLUMN preferred_language`);
  }
}
