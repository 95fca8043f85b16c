import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { effectiveSettings, type NotificationSettings } from '@amahoro/domain/notifications/notification.rules.js';
import type { UpdateNotificationSettingsDto } from './dto/notification-settings.dto.js';
import { NotificationSettingsRepository } from './notification-settings.repository.js';

@Injectable()
export class NotificationSettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly settings: NotificationSettingsRepository,
  ) {}

  async get(userId: string): Promise<NotificationSettings> {
    return effectiveSettings(await this.settings.stored(this.db.manager, userId));
  }

  async update(userId: string, dto: UpdateNotificationSettingsDto): Promise<NotificationSettings> {
    const changes = Object.fromEntries(Object.entries(dto).filter((entry): entry is [string, boolean] => typeof entry[1] === 'boolean'));
    return effectiveSettings(await this.settings.merge(this.db.manager, userId, changes));
  }
}
