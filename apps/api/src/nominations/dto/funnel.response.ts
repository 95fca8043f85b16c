import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

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
