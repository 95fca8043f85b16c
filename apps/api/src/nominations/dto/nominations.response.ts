import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  NOMINATION_STATUSES,
  ORGANISATION_KINDS,
  PARITY_RULES,
  SELECTION_OUTCOMES,
  type NominationStatus,
  type OrganisationKind,
  type ParityRule,
} from '@amahoro/domain/nominations/nomination.rules.js';
import { GENDERS, PARTICIPANT_CATEGORIES, type Gender, type ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import { pageOf } from '../../common/pagination.js';
import { EligibilityDto } from './nominations.dto.js';

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

export class AllocationResponse {
  @ApiProperty({ format: 'uuid' })
  organisationId: string;
  @ApiProperty()
  organisationName: string;
  @ApiProperty()
  seats: number;
  @ApiProperty({ description: 'Candidates standing (not withdrawn or substituted)' })
  nominated: number;
}

export class ParityResponse {
  @ApiProperty({ enum: PARITY_RULES })
  rule: ParityRule;
  @ApiPropertyOptional()
  targetWomenPercent?: number;
}

export class NominationCallResponse {
  @ApiProperty({ format: 'uuid' })
  offeringId: string;
  @ApiProperty()
  courseTitle: string;
  @ApiProperty({ format: 'date' })
  startsOn: string;
  @ApiProperty({ format: 'date' })
  endsOn: string;
  @ApiProperty({ format: 'date-time' })
  opensAt: string;
  @ApiProperty({ format: 'date-time' })
  closesAt: string;
  @ApiProperty({ description: 'Taking nominations now' })
  open: boolean;
  @ApiProperty({ type: ParityResponse })
  parity: ParityResponse;
  @ApiProperty({ type: EligibilityDto })
  eligibility: EligibilityDto;
  @ApiProperty({ type: [AllocationResponse], description: 'A focal point sees only its own organisation’s' })
  allocations: AllocationResponse[];
}

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

export class DecisionResult {
  @ApiProperty()
  row: number;
  @ApiProperty({ format: 'uuid' })
  nominationId: string;
  @ApiProperty({ enum: [...SELECTION_OUTCOMES, 'error', 'unverified_account'] })
  outcome: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'selected: the approved enrolment holding the seat' })
  enrollmentId?: string;
  @ApiPropertyOptional({ description: 'selected: an account was created and invited' })
  userCreated?: boolean;
  @ApiPropertyOptional({ description: 'HTTP status the row would have had alone (409 for a full offering)' })
  status?: number;
  @ApiPropertyOptional({ example: 'ENROLLMENT_OFFERING_FULL' })
  code?: string;
  @ApiPropertyOptional()
  message?: string;
}

export class SelectionResponse {
  @ApiProperty({ type: [DecisionResult] })
  results: DecisionResult[];
}

export class CountsResponse {
  @ApiProperty()
  total: number;
  @ApiProperty()
  women: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  byGender: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  byNationality: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  byCategory: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Keyed by organisation id' })
  byOrganisation: Record<string, number>;
}

export class WomenShareResponse {
  @ApiPropertyOptional({ description: 'Percent of standing nominations' })
  nominated: number | null;
  @ApiPropertyOptional({ description: 'Percent of the selected' })
  selected: number | null;
}

export class AllocationUseResponse {
  @ApiProperty({ format: 'uuid' })
  organisationId: string;
  @ApiProperty()
  organisationName: string;
  @ApiProperty()
  seats: number;
  @ApiProperty()
  nominated: number;
  @ApiProperty()
  selected: number;
}

export class BalanceResponse {
  @ApiProperty({ format: 'uuid' })
  offeringId: string;
  @ApiProperty({ description: 'The offering’s capacity' })
  capacity: number;
  @ApiProperty({ description: 'Seats held (selected nominees and anyone else enrolled)' })
  seatsTaken: number;
  @ApiProperty({ type: CountsResponse })
  nominated: CountsResponse;
  @ApiProperty({ type: CountsResponse })
  selected: CountsResponse;
  @ApiPropertyOptional()
  targetWomenPercent: number | null;
  @ApiProperty({ type: WomenShareResponse })
  womenShare: WomenShareResponse;
  @ApiPropertyOptional({ description: 'Whether the selected share of women reaches the target (null without one)' })
  meetsTarget: boolean | null;
  @ApiProperty({ type: [AllocationUseResponse] })
  allocations: AllocationUseResponse[];
}

export class FunnelFigures {
  @ApiProperty()
  nominated: number;
  @ApiProperty()
  selected: number;
  @ApiProperty({ description: 'Selected nominees whose enrolment holds a seat or has a result (approved, completed, failed)' })
  enrolled: number;
  @ApiProperty()
  completed: number;
  @ApiProperty({ description: 'Holding an issued certificate' })
  certified: number;
}

export class FunnelGroup extends FunnelFigures {
  @ApiProperty({ description: 'The group: a gender, a country code, an organisation name ("unknown" when not given)' })
  group: string;
}

export class FunnelReport {
  @ApiPropertyOptional({ format: 'date' })
  from?: string;
  @ApiPropertyOptional({ format: 'date' })
  to?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  offeringId?: string;
  @ApiProperty({ type: FunnelFigures })
  total: FunnelFigures;
  @ApiProperty({ type: [FunnelGroup] })
  byGender: FunnelGroup[];
  @ApiProperty({ type: [FunnelGroup] })
  byNationality: FunnelGroup[];
  @ApiProperty({ type: [FunnelGroup] })
  byOrganisation: FunnelGroup[];
}
