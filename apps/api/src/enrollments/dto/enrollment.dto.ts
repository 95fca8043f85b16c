import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { PageQuery } from '../../common/pagination.js';
import { trim } from '../../users/dto/fields.js';

export const BULK_MAX_ROWS = 2000;

export class EnrollDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Admins: the trainee to enrol. Trainees leave it out (or give their own id).' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

/** The optional body of reject and withdraw. */
export class EnrollmentActionDto {
  @ApiPropertyOptional({ example: 'Prerequisite training not yet completed', maxLength: 500, description: 'Kept on the enrolment and in the audit trail' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class BulkEnrollDto {
  @ApiProperty({ type: [String], example: ['amina.uwase@example.org'], description: `1 to ${BULK_MAX_ROWS} emails; unknown ones become trainees` })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(BULK_MAX_ROWS)
  @IsString({ each: true })
  @MaxLength(254, { each: true })
  emails: string[];
}

export class ListEnrollmentsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ENROLLMENT_STATUSES })
  @IsOptional()
  @IsIn(ENROLLMENT_STATUSES)
  status?: EnrollmentStatus;
}

export class BulkEnrollQuery {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'true: answer what each row would do, and write nothing' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}
