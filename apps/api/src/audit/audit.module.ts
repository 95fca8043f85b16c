import { Module } from '@nestjs/common';
import { AuditController, AuditService } from './audit.controller.js';

@Module({ controllers: [AuditController], providers: [AuditService] })
export class AuditModule {}
