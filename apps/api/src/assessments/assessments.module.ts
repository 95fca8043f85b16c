import { Module } from '@nestjs/common';
import { OfferingAccess } from '../common/offering-access.js';
import { EnrollmentsModule } from '../enrollments/enrollments.module.js';
import { AssessmentsController } from './assessments.controller.js';
import { AssessmentsRepository } from './assessments.repository.js';
import { AssessmentsService } from './assessments.service.js';
import { GradesRepository } from './grades.repository.js';
import { GradesService } from './grades.service.js';
import { ResultsWindow } from './results-window.js';
import { ResultsRepository } from './results.repository.js';
import { ResultsService } from './results.service.js';
import { SubmissionsService } from './submissions.service.js';

@Module({
  imports: [EnrollmentsModule],
  controllers: [AssessmentsController],
  providers: [OfferingAccess, AssessmentsRepository, GradesRepository, ResultsRepository, ResultsWindow, AssessmentsService, SubmissionsService, GradesService, ResultsService],
})
export class AssessmentsModule {}
