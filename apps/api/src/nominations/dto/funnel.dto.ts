import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { FormatQuery } from '../../common/csv.js';
import { IsCalendarDate } from '../../common/validation.js';

export class FunnelQuery extends FormatQuery {
  @ApiPropertyOptional({ format: 'date', description: 'Offerings ending on or after this date' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Offerings starting on or before this date' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One offering only' })
  @IsOptional()
  @IsUUID()
  offeringId?: string;
}
