import { Module } from '@nestjs/common';
import { OfferingAccess } from '../common/offering-access.js';
import { BulkEnrollmentService } from './bulk-enrollment.service.js';
import { EnrollmentsController } from './enrollments.controller.js';
import { EnrollmentsService } from './enrollments.service.js';

@Module({
  controllers: [EnrollmentsController],
  providers: [OfferingAccess, EnrollmentsService, BulkEnrollmentService],
  exports: [EnrollmentsService],
})
export class EnrollmentsModule {}
