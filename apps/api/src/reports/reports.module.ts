import { Module } from '@nestjs/common';
import { OfferingAccess } from '../common/offering-access.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

@Module({
  controllers: [ReportsController],
  providers: [OfferingAccess, ReportsService, ReportsRepository],
  exports: [ReportsService],
})
export class ReportsModule {}
