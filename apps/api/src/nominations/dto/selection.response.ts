import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SELECTION_OUTCOMES } from '@amahoro/domain/nominations/nomination.rules.js';

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
  @ApiPropertyOptional({ description: 'HTTP status the row would have had alone (409 for a full offering, 503 for a decision that collided with a concurrent change)' })
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
