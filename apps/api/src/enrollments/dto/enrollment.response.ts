import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FAILED_ON, type FailedOn } from '@amahoro/domain/assessments/grading.rules.js';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { GENDERS, PARTICIPANT_CATEGORIES, type Gender, type ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import { pageOf } from '../../common/pagination.js';
import { CourseRef } from '../../courses/dto/course.response.js';

export class EnrolledUser {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  email: string;
  @ApiProperty()
  fullName: string;
}

/** The trainee on a roster: what the staff need to balance and report on a cohort. */
export class EnrolleeProfile extends EnrolledUser {
  @ApiPropertyOptional({ enum: GENDERS })
  gender?: Gender;
  @ApiPropertyOptional({ example: 'RWA', description: 'ISO 3166-1 alpha-3' })
  nationality?: string;
  @ApiPropertyOptional({ enum: PARTICIPANT_CATEGORIES })
  category?: ParticipantCategory;
  @ApiPropertyOptional({ example: 'Captain' })
  rank?: string;
  @ApiPropertyOptional({ example: 'Rwanda Defence Force' })
  organization?: string;
}

export class EnrolledOffering {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'date' })
  startsOn: string;
  @ApiProperty({ format: 'date' })
  endsOn: string;
  @ApiProperty({ type: CourseRef })
  course: CourseRef;
}

export class EnrollmentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  offeringId: string;
  @ApiProperty({ format: 'uuid' })
  userId: string;
  @ApiProperty({ enum: ENROLLMENT_STATUSES, description: '`not_admitted`: still pending or waitlisted when the offering was finalised' })
  status: EnrollmentStatus;
  @ApiPropertyOptional({ description: '1 = next to get a seat; only while waitlisted' })
  waitlistPosition?: number;
  @ApiPropertyOptional({ description: 'Weighted final score, set when the offering is finalised' })
  finalScore?: number;
  @ApiPropertyOptional({ enum: FAILED_ON, description: 'What fell short, when failed: the score, the attendance, or both' })
  failedOn?: FailedOn;
  @ApiPropertyOptional({ description: 'Why it was rejected or withdrawn, when given' })
  reason?: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
  @ApiProperty({ type: EnrolleeProfile })
  user: EnrolleeProfile;
  @ApiProperty({ type: EnrolledOffering })
  offering: EnrolledOffering;
}

export class EnrollmentPage extends pageOf(EnrollmentResponse) {}

export class BulkRowResult {
  @ApiProperty({ description: '1-based: the line of the CSV after its header, or the position in the emails list' })
  row: number;
  @ApiProperty()
  email: string;
  @ApiProperty({
    enum: ['enrolled', 'unverified_account', 'error'],
    description: '`unverified_account`: a self-registered account that never proved this address; nothing is enrolled and the address is sent an invitation',
  })
  outcome: 'enrolled' | 'unverified_account' | 'error';
  @ApiPropertyOptional({ description: 'A trainee account was created for this email' })
  userCreated?: boolean;
  @ApiPropertyOptional({ type: EnrollmentResponse })
  enrollment?: EnrollmentResponse;
  @ApiPropertyOptional({ example: 'ENROLLMENT_ALREADY_EXISTS' })
  code?: string;
  @ApiPropertyOptional()
  message?: string;
}

export class BulkSummary {
  @ApiProperty()
  rows: number;
  @ApiProperty()
  enrolled: number;
  @ApiProperty()
  waitlisted: number;
  @ApiProperty()
  failed: number;
  @ApiProperty()
  usersCreated: number;
}

export class BulkEnrollResponse {
  @ApiProperty({ description: 'true: a preview (?dryRun=true); nothing was written and the enrolment ids are not kept' })
  dryRun: boolean;
  @ApiProperty({ type: [BulkRowResult] })
  results: BulkRowResult[];
  @ApiProperty({ type: BulkSummary })
  summary: BulkSummary;
}
