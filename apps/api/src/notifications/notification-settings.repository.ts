// The SQL of a person's notification switches: only what they changed is stored (users.notification_settings).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

type StoredSettings = Record<string, boolean>;

@Injectable()
export class NotificationSettingsRepository {
  /** What the user changed so far; null for an unknown user. */
  async stored(db: EntityManager, userId: string): Promise<StoredSettings | null> {
    const [row]: Array<{ settings: StoredSettings }> = await db.query(`SELECT notification_settings AS settings FROM users WHERE id = $1`, [userId]);
    return row?.settings ?? null;
  }

  /** Merged into what is stored, in one statement: two tabs changing different switches both count. */
  async merge(db: EntityManager, userId: string, changes: StoredSettings): Promise<StoredSettings | null> {
    const [rows] = (await db.query(
      `UPDATE users SET notification_settings = notification_settings || $2::jsonb, updated_at = now() WHERE id = $1 RETURNING notification_settings AS settings`,
      [userId, JSON.stringify(changes)],
    )) as [Array<{ settings: StoredSettings }>, number];
    return rows[0]?.settings ?? null;
  }
}
