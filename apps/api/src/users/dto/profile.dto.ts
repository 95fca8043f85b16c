import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO31661Alpha3, IsOptional, IsString, MaxLength } from 'class-validator';
import { LANGUAGES, type Language } from '@amahoro/domain/notifications/notification.rules.js';
import { GENDERS, PARTICIPANT_CATEGORIES, type Gender, type ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import { IsFullName, trim } from './fields.js';

/** The profile fields peace-operation training reports on; shared by register, /me and admin edits. */
export class ProfileFields {
  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional({ example: 'RWA', description: 'ISO 3166-1 alpha-3' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsISO31661Alpha3({ message: 'nationality must be an ISO 3166-1 alpha-3 country code, such as RWA' })
  nationality?: string;

  @ApiPropertyOptional({ enum: PARTICIPANT_CATEGORIES })
  @IsOptional()
  @IsIn(PARTICIPANT_CATEGORIES)
  category?: ParticipantCategory;

  @ApiPropertyOptional({ example: 'Captain', maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  rank?: string;

  @ApiPropertyOptional({ example: 'Rwanda Defence Force', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  organization?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, description: "The language of the person's e-mails (default en); clients send their interface language at registration" })
  @IsOptional()
  @IsIn(LANGUAGES)
  preferredLanguage?: Language;
}

/** Profile fields plus the name: what a user or an admin may edit. */
export class EditableProfile extends ProfileFields {
  @ApiPropertyOptional({ example: 'Amina Uwase', maxLength: 200 })
  @IsOptional()
  @IsFullName()
  fullName?: string;
}
