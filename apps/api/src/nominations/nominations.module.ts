import { Module } from '@nestjs/common';
import { FunnelController } from './funnel.controller.js';
import { FunnelService } from './funnel.service.js';
import { NominationCallsService } from './nomination-calls.service.js';
import { NominationsController } from './nominations.controller.js';
import { NominationsService } from './nominations.service.js';
import { OrganisationsController } from './organisations.controller.js';
import { OrganisationsService } from './organisations.service.js';
import { SelectionService } from './selection.service.js';

@Module({
  controllers: [OrganisationsController, NominationsController, FunnelController],
  providers: [OrganisationsService, NominationCallsService, NominationsService, SelectionService, FunnelService],
})
export class NominationsModule {}
