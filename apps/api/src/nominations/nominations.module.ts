import { Module } from '@nestjs/common';
import { FunnelController } from './funnel.controller.js';
import { NominationsController } from './nominations.controller.js';
import { NominationsService } from './nominations.service.js';
import { OrganisationsController } from './organisations.controller.js';

@Module({
  controllers: [OrganisationsController, NominationsController, FunnelController],
  providers: [NominationsService],
  exports: [NominationsService],
})
export class NominationsModule {}
