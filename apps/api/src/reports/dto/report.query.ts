import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { FormatQuery } from '../../common/csv.js';
import { IsCalendarDate } from '../../common/validation.js';

/** The academy summary's date range: offerings whose dates overlap it. Both ends optional and inclusive. */
export class SummaryQuery extends FormatQuery {
  @ApiPropertyOptional({ format: 'date', example: '2026-01-01', description: 'Offerings ending on or after this date' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-31', description: 'Offerings starting on or before this date' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
