import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { SELECTION_OUTCOMES, type SelectionOutcome } from '@amahoro/domain/nominations/nomination.rules.js';
import { trim } from '../../users/dto/fields.js';
import { NOMINATIONS_MAX_ROWS } from './nomination.dto.js';

export class DecisionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  nominationId: string;

  @ApiProperty({ enum: SELECTION_OUTCOMES })
  @IsIn(SELECTION_OUTCOMES)
  outcome: SelectionOutcome;

  @ApiPropertyOptional({ maxLength: 500, description: 'Told to the focal point and kept in the audit trail' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class SelectionDto {
  @ApiProperty({ type: [DecisionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOMINATIONS_MAX_ROWS)
  @ValidateNested({ each: true })
  @Type(() => DecisionDto)
  decisions: DecisionDto[];
}
