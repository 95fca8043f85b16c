import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { APPROVAL_MODES, OFFERING_STATUSES, type ApprovalMode, type OfferingStatus } from '@amahoro/domain/courses/offering.rules.js';
import { PageQuery } from '../../common/pagination.js';
import { ArrayDistinct, IsCalendarDate, IsDecimal, IsTimestamp } from '../../common/validation.js';
import { trim } from '../../users/dto/fields.js';

export class CreateOfferingDto {
  @ApiProperty({ example: '2026-03-02', format: 'date' })
  @IsCalendarDate()
  startsOn: string;

  @ApiProperty({ example: '2026-03-13', format: 'date' })
  @IsCalendarDate()
  endsOn: string;

  @ApiPropertyOptional({ example: 'Musanze, Rwanda', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  location?: string;

  @ApiProperty({ example: 30, minimum: 1, maximum: 10_000 })
  @IsInt()
  @Min(1)
  @Max(10_000)
  capacity: number;

  @ApiProperty({ example: '2026-01-05T08:00:00Z', format: 'date-time' })
  @IsTimestamp()
  enrollmentOpensAt: string;

  @ApiProperty({ example: '2026-02-20T17:00:00Z', format: 'date-time' })
  @IsTimestamp()
  enrollmentClosesAt: string;

  @ApiProperty({ enum: APPROVAL_MODES, description: 'auto: a free seat is approved at once; manual: pending until an admin decides' })
  @IsIn(APPROVAL_MODES)
  approvalMode: ApprovalMode;

  @ApiProperty({ type: [String], format: 'uuid', description: 'Active users with the instructor role' })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayDistinct()
  @IsUUID('all', { each: true })
  instructorIds: string[];

  @ApiPropertyOptional({ example: 80, minimum: 0, maximum: 100 })
  @IsOptional()
  @IsDecimal(2)
  @Min(0)
  @Max(100)
  minAttendancePercent?: number;
}

export class UpdateOfferingDto extends PartialType(CreateOfferingDto) {}

export class ListOfferingsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  courseId?: string;

  @ApiPropertyOptional({ enum: OFFERING_STATUSES })
  @IsOptional()
  @IsIn(OFFERING_STATUSES)
  status?: OfferingStatus;

  @ApiPropertyOptional({ format: 'date', description: 'Offerings that end on or after this date' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Offerings that start on or before this date' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
