import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditRepository } from '@amahoro/database/audit/audit.repository.js';
import type { Page } from '../common/pagination.js';
import type { AuditQuery, AuditRecord } from './dto/audit.dto.js';

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditRepository,
  ) {}

  async list(query: AuditQuery): Promise<Page<AuditRecord>> {
    const { actorId, entity, entityId, action, from, to, offset, limit } = query;
    const { items, total } = await this.audit.list(this.db.manager, { actorId, entity, entityId, action, from, to, offset, limit });
    return { items, total, page: query.page, limit };
  }
}
