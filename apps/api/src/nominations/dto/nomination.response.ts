import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NOMINATION_STATUSES, type NominationStatus } from '@amahoro/domain/nominations/nomination.rules.js';
import { GENDERS, PARTICIPANT_CATEGORIES, type Gender, type ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import { pageOf } from '../../common/pagination.js';

export class CandidateResponse {
  @ApiProperty()
  email: string;
  @ApiProperty()
  fullName: string;
  @ApiProperty({ enum: GENDERS })
  gender: Gender;
  @ApiProperty()
  nationality: string;
  @ApiProperty({ enum: PARTICIPANT_CATEGORIES })
  category: ParticipantCategory;
  @ApiPropertyOptional()
  rank?: string;
  @ApiPropertyOptional()
  position?: string;
  @ApiProperty({ type: [String] })
  languages: string[];
}

export class NominationResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  offeringId: string;
  @ApiProperty({ format: 'uuid' })
  organisationId: string;
  @ApiProperty({ enum: NOMINATION_STATUSES })
  status: NominationStatus;
  @ApiProperty({ type: CandidateResponse })
  candidate: CandidateResponse;
  @ApiPropertyOptional()
  priority?: number;
  @ApiProperty({ type: [String], description: 'Eligibility rules the candidate does not meet (the board may still select them)' })
  problems: string[];
  @ApiProperty({ format: 'uuid' })
  nominatedBy: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The enrolment a selection made' })
  enrollmentId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The nomination this one substituted' })
  replacesId?: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiPropertyOptional({ format: 'date-time' })
  decidedAt?: string;
  @ApiPropertyOptional()
  note?: string;
}

export class NominationPage extends pageOf(NominationResponse) {}

export class NominationRowResult {
  @ApiProperty({ description: '1-based, in the order sent (CSV: data lines after the header)' })
  row: number;
  @ApiProperty()
  email: string;
  @ApiProperty({ enum: ['nominated', 'ineligible', 'error'], description: 'ineligible: nominated, with its problems listed; error: nothing stored' })
  outcome: 'nominated' | 'ineligible' | 'error';
  @ApiPropertyOptional({ format: 'uuid' })
  nominationId?: string;
  @ApiPropertyOptional({ type: [String] })
  problems?: string[];
  @ApiPropertyOptional({ example: 'NOMINATION_ALREADY_NOMINATED' })
  code?: string;
  @ApiPropertyOptional()
  message?: string;
}

export class NominationSummary {
  @ApiProperty()
  rows: number;
  @ApiProperty()
  nominated: number;
  @ApiProperty()
  ineligible: number;
  @ApiProperty()
  failed: number;
}

export class SubmitNominationsResponse {
  @ApiProperty({ type: [NominationRowResult] })
  results: NominationRowResult[];
  @ApiProperty({ type: NominationSummary })
  summary: NominationSummary;
}
