import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { effectiveSettings, type NotificationSettings } from '@amahoro/domain/notifications/notification.rules.js';
import type { UpdateNotificationSettingsDto } from './dto/notification-settings.dto.js';

@Injectable()
export class NotificationSettingsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(userId: string): Promise<NotificationSettings> {
    const [row]: Array<{ notification_settings: Record<string, boolean> }> = await this.db.query(`SELECT notification_settings FROM users WHERE id = $1`, [userId]);
    return effectiveSettings(row?.notification_settings);
  }

  /** Merged into what is stored, in one statement: two tabs changing different switches both count. */
  async update(userId: string, dto: UpdateNotificationSettingsDto): Promise<NotificationSettings> {
    const changes = Object.fromEntries(Object.entries(dto).filter(([, value]) => typeof value === 'boolean'));
    const [rows]: [Array<{ notification_settings: Record<string, boolean> }>, number] = await this.db.query(
      `UPDATE users SET notification_settings = notification_settings || $2::jsonb, updated_at = now() WHERE id = $1 RETURNING notification_settings`,
      [userId, JSON.stringify(changes)],
    );
    return effectiveSettings(rows[0]?.notification_settings);
  }
}
