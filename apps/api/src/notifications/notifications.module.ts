import { Module } from '@nestjs/common';
import { NotificationSettingsController } from './notification-settings.controller.js';
import { NotificationSettingsService } from './notification-settings.service.js';
import { OfferingRemindersService } from './offering-reminders.service.js';

@Module({
  controllers: [NotificationSettingsController],
  providers: [NotificationSettingsService, OfferingRemindersService],
  exports: [OfferingRemindersService],
})
export class NotificationsModule {}
