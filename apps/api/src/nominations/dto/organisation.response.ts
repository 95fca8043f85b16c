import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORGANISATION_KINDS, type OrganisationKind } from '@amahoro/domain/nominations/nomination.rules.js';
import { pageOf } from '../../common/pagination.js';

export class OrganisationResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'Kenya Police Service' })
  name: string;
  @ApiPropertyOptional({ example: 'KEN' })
  country?: string;
  @ApiProperty({ enum: ORGANISATION_KINDS })
  kind: OrganisationKind;
  @ApiProperty({ description: 'Its focal points' })
  focalPoints: number;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class OrganisationPage extends pageOf(OrganisationResponse) {}

export class FocalPointResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  email: string;
  @ApiProperty()
  fullName: string;
  @ApiProperty({ enum: ['focal_point'] })
  role: 'focal_point';
  @ApiProperty({ format: 'uuid' })
  organisationId: string;
}
