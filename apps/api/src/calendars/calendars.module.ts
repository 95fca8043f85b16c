import { Module } from '@nestjs/common';
import { CalendarsController } from './calendars.controller.js';
import { CalendarsRepository } from './calendars.repository.js';
import { CalendarsService } from './calendars.service.js';

@Module({ controllers: [CalendarsController], providers: [CalendarsRepository, CalendarsService] })
export class CalendarsModule {}
