import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { type Page, PageQuery, pageOf } from '../common/pagination.js';
import { IsCalendarDate } from '../courses/dto/offering.dto.js';

const ENTITIES = ['user', 'enrollment', 'grade', 'offering', 'certificate'] as const;

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: ENTITIES })
  @IsOptional()
  @IsIn(ENTITIES)
  entity?: string;

  @ApiPropertyOptional({ description: 'The changed object’s id (for a grade: assessmentId:enrollmentId)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  entityId?: string;

  @ApiPropertyOptional({ example: 'grade.changed' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  action?: string;

  @ApiPropertyOptional({ format: 'date', description: 'From this day (UTC), inclusive' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'To this day (UTC), inclusive' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

export class AuditRecord {
  @ApiProperty({ description: 'Position in the chain' })
  id: string;
  @ApiProperty({ format: 'date-time' })
  occurredAt: string;
  @ApiPropertyOptional({ description: 'Absent when the system acted (the certificate worker, start-up)' })
  actor?: { id: string; email: string; fullName: string };
  @ApiProperty({ example: 'grade.changed' })
  action: string;
  @ApiProperty({ enum: ENTITIES })
  entity: string;
  @ApiProperty()
  entityId: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  before?: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  after?: unknown;
  @ApiPropertyOptional()
  requestId?: string;
  @ApiProperty({ description: 'SHA-256 of the previous record’s hash and this record' })
  hash: string;
}

export class AuditPage extends pageOf(AuditRecord) {}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(query: AuditQuery): Promise<Page<AuditRecord>> {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const where = (sql: string, value: unknown) => {
      values.push(value);
      conditions.push(sql.replace('?', `$${values.length}`));
    };
    if (query.actorId) where('a.actor_id = ?', query.actorId);
    if (query.entity) where('a.entity = ?', query.entity);
    if (query.entityId) where('a.entity_id = ?', query.entityId);
    if (query.action) where('a.action = ?', query.action);
    if (query.from) where(`a.occurred_at >= ?::date`, query.from);
    if (query.to) where(`a.occurred_at < ?::date + 1`, query.to);
    const filter = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    const [rows, [count]] = await Promise.all([
      this.db.query(
        `SELECT a.id::text, a.occurred_at, a.action, a.entity, a.entity_id, a.before, a.after, a.request_id, a.hash,
                u.id AS actor_id, u.email, u.full_name
           FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id ${filter}
          ORDER BY a.id DESC LIMIT ${query.limit} OFFSET ${query.offset}`,
        values,
      ) as Promise<Array<Record<string, never>>>,
      this.db.query(`SELECT count(*)::int AS n FROM audit_log a ${filter}`, values) as Promise<Array<{ n: number }>>,
    ]);
    return {
      items: rows.map((row) => ({
        id: row.id,
        occurredAt: (row.occurred_at as Date).toISOString(),
        actor: row.actor_id ? { id: row.actor_id, email: row.email, fullName: row.full_name } : undefined,
        action: row.action,
        entity: row.entity,
        entityId: row.entity_id,
        before: row.before ?? undefined,
        after: row.after ?? undefined,
        requestId: row.request_id ?? undefined,
        hash: row.hash,
      })),
      total: count!.n,
      page: query.page,
      limit: query.limit,
    };
  }
}

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOkResponse({ type: AuditPage, description: 'Newest first. Hash-chained: `npm run audit:verify` checks the chain' })
  @ApiErrors(401, 403)
  list(@Query() query: AuditQuery): Promise<AuditPage> {
    return this.audit.list(query);
  }
}
