import { Module } from '@nestjs/common';
import { OfferingAccess } from '../common/offering-access.js';
import { AssessmentsController } from './assessments.controller.js';
import { AssessmentsService } from './assessments.service.js';
import { GradesService } from './grades.service.js';
import { ResultsRepository } from './results.repository.js';
import { ResultsService } from './results.service.js';

@Module({
  controllers: [AssessmentsController],
  providers: [OfferingAccess, ResultsRepository, AssessmentsService, GradesService, ResultsService],
})
export class AssessmentsModule {}
