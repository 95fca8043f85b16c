import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO31661Alpha3,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  NOMINATION_STATUSES,
  ORGANISATION_KINDS,
  PARITY_RULES,
  SELECTION_OUTCOMES,
  type NominationStatus,
  type OrganisationKind,
  type ParityRule,
  type SelectionOutcome,
} from '@amahoro/domain/nominations/nomination.rules.js';
import { LANGUAGES, type Language } from '@amahoro/domain/notifications/notification.rules.js';
import { GENDERS, PARTICIPANT_CATEGORIES, type Gender, type ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import { FormatQuery } from '../../common/csv.js';
import { PageQuery } from '../../common/pagination.js';
import { ArrayDistinct, IsCalendarDate, IsDecimal, IsTimestamp } from '../../common/validation.js';
import { IsEmailAddress, IsFullName, trim } from '../../users/dto/fields.js';

export const NOMINATIONS_MAX_ROWS = 500;

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const IsLanguageCode = (each = false) => Matches(/^[a-z]{2}$/, { each, message: '$property must be ISO 639-1 codes such as en, fr' });

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Kenya Police Service', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'KEN', description: 'ISO 3166-1 alpha-3; absent for regional and international bodies' })
  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha3({ message: 'country must be an ISO 3166-1 alpha-3 country code, such as KEN' })
  country?: string;

  @ApiProperty({ enum: ORGANISATION_KINDS })
  @IsIn(ORGANISATION_KINDS)
  kind: OrganisationKind;
}

export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto) {}

export class CreateFocalPointDto {
  @ApiProperty({ example: 'focal.point@police.go.ke' })
  @IsEmailAddress()
  email: string;

  @ApiProperty({ example: 'Wanjiru Kamau', maxLength: 200 })
  @IsFullName()
  fullName: string;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'en', description: 'The language of their e-mails' })
  @IsOptional()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;
}

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
  @IsLanguageCode(true)
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
  @Transform(upper)
  @IsISO31661Alpha3({ message: 'nationality must be an ISO 3166-1 alpha-3 country code, such as KEN' })
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
  @IsLanguageCode(true)
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
