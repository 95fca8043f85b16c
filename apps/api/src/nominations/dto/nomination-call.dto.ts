import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';
import { PARITY_RULES, type ParityRule } from '@amahoro/domain/nominations/nomination.rules.js';
import { PARTICIPANT_CATEGORIES, type ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import { ArrayDistinct, IsDecimal, IsTimestamp } from '../../common/validation.js';
import { IsLanguageCodes } from './fields.js';

export class AllocationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId: string;

  @ApiProperty({ minimum: 0, maximum: 1000, description: 'How many candidates the organisation may put forward' })
  @IsInt()
  @Min(0)
  @Max(1000)
  seats: number;
}

export class ParityDto {
  @ApiProperty({ enum: PARITY_RULES })
  @IsIn(PARITY_RULES)
  rule: ParityRule;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 50, description: 'The share of women the board aims at in the cohort' })
  @IsOptional()
  @IsDecimal(2)
  @Min(0)
  @Max(100)
  targetWomenPercent?: number;
}

export class EligibilityDto {
  @ApiPropertyOptional({ enum: PARTICIPANT_CATEGORIES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayDistinct()
  @IsIn(PARTICIPANT_CATEGORIES, { each: true })
  categories?: ParticipantCategory[];

  @ApiPropertyOptional({ type: [String], example: ['Major', 'Lieutenant Colonel'], description: 'Matched without regard to case' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  ranks?: string[];

  @ApiPropertyOptional({ type: [String], example: ['en', 'fr'], description: 'ISO 639-1 working languages; a candidate needs one' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsLanguageCodes()
  languages?: string[];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Courses the candidate must have completed' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayDistinct()
  @IsUUID('all', { each: true })
  requiredCourseIds?: string[];
}

export class NominationCallDto {
  @ApiProperty({ format: 'date-time' })
  @IsTimestamp()
  opensAt: string;

  @ApiProperty({ format: 'date-time' })
  @IsTimestamp()
  closesAt: string;

  @ApiProperty({ type: [AllocationDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => AllocationDto)
  allocations: AllocationDto[];

  @ApiProperty({ type: ParityDto })
  @ValidateNested()
  @Type(() => ParityDto)
  parity: ParityDto;

  @ApiPropertyOptional({ type: EligibilityDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EligibilityDto)
  eligibility?: EligibilityDto;
}
