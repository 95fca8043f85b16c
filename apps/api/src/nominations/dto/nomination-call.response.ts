import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PARITY_RULES, type ParityRule } from '@amahoro/domain/nominations/nomination.rules.js';
import { EligibilityDto } from './nomination-call.dto.js';

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
