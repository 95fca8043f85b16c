import { Module } from '@nestjs/common';
import { OfferingAccess } from '../common/offering-access.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CoursesController } from './courses.controller.js';
import { CoursesRepository } from './courses.repository.js';
import { CoursesService } from './courses.service.js';
import { OfferingsController } from './offerings.controller.js';
import { OfferingsRepository } from './offerings.repository.js';
import { OfferingsService } from './offerings.service.js';

@Module({
  imports: [NotificationsModule],
  controllers: [CoursesController, OfferingsController],
  providers: [OfferingAccess, CoursesRepository, OfferingsRepository, CoursesService, OfferingsService],
  // Enrolments build on offerings: they share its repository, and courses import nothing of theirs.
  exports: [CoursesService, OfferingsService, OfferingsRepository],
})
export class CoursesModule {}
