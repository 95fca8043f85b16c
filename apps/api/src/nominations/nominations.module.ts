import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '../enrollments/enrollments.module.js';
import { FunnelController } from './funnel.controller.js';
import { FunnelService } from './funnel.service.js';
import { NominationCallsService } from './nomination-calls.service.js';
import { NominationsController } from './nominations.controller.js';
import { NominationsService } from './nominations.service.js';
import { NomineeSeats } from './nominee-seats.js';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsService } from './organisations.service.js';
import { SelectionService } from './selection.service.js';

@Module({
  // A selection makes an enrolment and a withdrawn one frees a seat: nominations build on enrolments, not the reverse.
  imports: [EnrollmentsModule],
  controllers: [OrganisationsController, NominationsController, FunnelController],
  providers: [OrganisationsService, NominationCallsService, NominationsService, NomineeSeats, SelectionService, FunnelService],
})
export class NominationsModule {}
