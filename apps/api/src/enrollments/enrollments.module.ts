import { Module } from '@nestjs/common';
import { OfferingAccess } from '../common/offering-access.js';
import { CoursesModule } from '../courses/courses.module.js';
import { BulkEnrollmentRepository } from './bulk-enrollment.repository.js';
import { BulkEnrollmentService } from './bulk-enrollment.service.js';
import { EnrollmentsController } from './enrollments.controller.js';
import { EnrollmentsRepository } from './enrollments.repository.js';
import { EnrollmentsService } from './enrollments.service.js';

@Module({
  imports: [CoursesModule],
  controllers: [EnrollmentsController],
  providers: [OfferingAccess, BulkEnrollmentRepository, EnrollmentsRepository, EnrollmentsService, BulkEnrollmentService],
  // Assessments and nominations read and make enrolments through these; enrolments import nothing of theirs.
  exports: [EnrollmentsService, EnrollmentsRepository],
})
export class EnrollmentsModule {}
