import { Module } from '@nestjs/common';
import { QueueModule } from '@amahoro/queue/queue.module.js';
import { NotificationSettingsController } from './notification-settings.controller.js';
import { NotificationSettingsRepository } from './notification-settings.repository.js';
import { NotificationSettingsService } from './notification-settings.service.js';
import { OfferingRemindersService } from './offering-reminders.service.js';

@Module({
  imports: [QueueModule],
  controllers: [NotificationSettingsController],
  providers: [NotificationSettingsRepository, NotificationSettingsService, OfferingRemindersService],
  exports: [OfferingRemindersService],
})
export class NotificationsModule {}
