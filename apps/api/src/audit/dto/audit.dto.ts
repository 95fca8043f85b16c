import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery, pageOf } from '../../common/pagination.js';
import { IsCalendarDate } from '../../common/validation.js';

export const AUDITED_ENTITIES = ['user', 'enrollment', 'assessment', 'grade', 'offering', 'certificate', 'organisation', 'nomination'] as const;

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ enum: AUDITED_ENTITIES })
  @IsOptional()
  @IsIn(AUDITED_ENTITIES)
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

export class AuditActor {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  email: string;
  @ApiProperty()
  fullName: string;
}

export class AuditRecord {
  @ApiProperty({ description: 'Position in the chain' })
  id: string;
  @ApiProperty({ format: 'date-time' })
  occurredAt: string;
  @ApiPropertyOptional({ type: AuditActor, description: 'Absent when the system acted (the certificate worker, start-up)' })
  actor?: AuditActor;
  @ApiProperty({ example: 'grade.changed' })
  action: string;
  @ApiProperty({ enum: AUDITED_ENTITIES })
  entity: string;
  @ApiProperty()
  entityId: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  before?: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  after?: unknown;
  @ApiPropertyOptional()
  requestId?: string;
  @ApiPropertyOptional({ description: 'SHA-256 of the previous record’s hash and this record; absent for a second or so, until the worker seals the record into the chain' })
  hash?: string;
}

export class AuditPage extends pageOf(AuditRecord) {}
