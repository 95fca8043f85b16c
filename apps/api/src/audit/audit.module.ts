import { Module } from '@nestjs/common';
import { AuditRepository } from '@amahoro/database/audit/audit.repository.js';
import { AuditController } from './audit.controller.js';
import { AuditService } from './audit.service.js';

@Module({ controllers: [AuditController], providers: [AuditService, AuditRepository] })
export class AuditModule {}
