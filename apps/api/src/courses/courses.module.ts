import { Module } from '@nestjs/common';
import { OfferingAccess } from '../common/offering-access.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CoursesController } from './courses.controller.js';
import { CoursesService } from './courses.service.js';
import { OfferingsController } from './offerings.controller.js';
import { OfferingsService } from './offerings.service.js';

@Module({
  imports: [NotificationsModule],
  controllers: [CoursesController, OfferingsController],
  providers: [OfferingAccess, CoursesService, OfferingsService],
  exports: [CoursesService, OfferingsService],
})
export class CoursesModule {}
