import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { NOMINATION_STATUSES, type NominationStatus } from '@amahoro/domain/nominations/nomination.rules.js';
import { GENDERS, PARTICIPANT_CATEGORIES, type Gender, type ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import { PageQuery } from '../../common/pagination.js';
import { IsEmailAddress, IsFullName, trim } from '../../users/dto/fields.js';
import { IsCountryCode, IsLanguageCodes } from './fields.js';

export const NOMINATIONS_MAX_ROWS = 500;

/** A candidate as a focal point puts them forward (a JSON element or a CSV row). */
export class CandidateDto {
  @ApiProperty({ example: 'amina.uwase@police.go.ke' })
  @IsEmailAddress()
  email: string;

  @ApiProperty({ example: 'Amina Uwase', maxLength: 200 })
  @IsFullName()
  fullName: string;

  @ApiProperty({ enum: GENDERS })
  @IsIn(GENDERS)
  gender: Gender;

  @ApiProperty({ example: 'KEN', description: 'ISO 3166-1 alpha-3' })
  @IsCountryCode()
  nationality: string;

  @ApiProperty({ enum: PARTICIPANT_CATEGORIES })
  @IsIn(PARTICIPANT_CATEGORIES)
  category: ParticipantCategory;

  @ApiPropertyOptional({ example: 'Superintendent', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  rank?: string;

  @ApiPropertyOptional({ example: 'Gender advisor, Nairobi HQ', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  position?: string;

  @ApiPropertyOptional({ minimum: 1, description: 'The organisation’s order of preference (1 first); alternates are offered seats in this order' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  priority?: number;

  @ApiPropertyOptional({ type: [String], example: ['en', 'sw'], description: 'Working languages (ISO 639-1); in CSV separated by spaces or semicolons' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsLanguageCodes()
  languages?: string[];
}

export class SubmitNominationsDto {
  @ApiProperty({ type: [CandidateDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(NOMINATIONS_MAX_ROWS)
  @ValidateNested({ each: true })
  @Type(() => CandidateDto)
  candidates: CandidateDto[];
}

export class SubstituteDto {
  @ApiProperty({ type: CandidateDto })
  @ValidateNested()
  @Type(() => CandidateDto)
  candidate: CandidateDto;
}

export class ListNominationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: NOMINATION_STATUSES })
  @IsOptional()
  @IsIn(NOMINATION_STATUSES)
  status?: NominationStatus;

  @ApiPropertyOptional({ format: 'uuid', description: 'Admins only; a focal point sees its own organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}
