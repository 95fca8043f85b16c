import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ORGANISATION_KINDS, type OrganisationKind } from '@amahoro/domain/nominations/nomination.rules.js';
import { LANGUAGES, type Language } from '@amahoro/domain/notifications/notification.rules.js';
import { IsEmailAddress, IsFullName, trim } from '../../users/dto/fields.js';
import { IsCountryCode } from './fields.js';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Kenya Police Service', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: 'KEN', description: 'ISO 3166-1 alpha-3; absent for regional and international bodies' })
  @IsOptional()
  @IsCountryCode()
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
