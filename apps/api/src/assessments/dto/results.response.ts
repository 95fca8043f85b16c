import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ASSESSMENT_KINDS, FAILED_ON, type AssessmentKind, type FailedOn } from '@amahoro/domain/assessments/grading.rules.js';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { EnrolledUser } from '../../enrollments/dto/enrollment.response.js';

export class GradebookColumn {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ enum: ASSESSMENT_KINDS })
  kind: AssessmentKind;
  @ApiProperty()
  weight: number;
  @ApiProperty()
  maxScore: number;
}

export class GradebookRow {
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;
  @ApiProperty({ enum: ENROLLMENT_STATUSES })
  status: EnrollmentStatus;
  @ApiProperty({ type: EnrolledUser })
  user: EnrolledUser;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true }, description: 'Score per assessment id (null: not graded)' })
  scores: Record<string, number | null>;
  @ApiPropertyOptional({ description: 'Percent of recorded days present; absent when no day was recorded' })
  attendancePercent?: number;
  @ApiProperty({ description: 'Weighted total so far, 0–100 (ungraded counts 0)' })
  weightedTotal: number;
  @ApiPropertyOptional({ description: 'Set once the offering is finalised' })
  finalScore?: number;
  @ApiPropertyOptional({ enum: FAILED_ON, description: 'What fell short, when failed: the score, the attendance, or both' })
  failedOn?: FailedOn;
}

export class GradebookResponse {
  @ApiProperty({ format: 'uuid' })
  offeringId: string;
  @ApiProperty({ type: [GradebookColumn] })
  assessments: GradebookColumn[];
  @ApiProperty()
  weightsTotal: number;
  @ApiProperty()
  recordedDays: number;
  @ApiProperty({ type: [GradebookRow] })
  rows: GradebookRow[];
}

export class AttendanceResponse {
  @ApiProperty({ format: 'date' })
  date: string;
  @ApiProperty()
  present: number;
  @ApiProperty()
  absent: number;
}

export class AttendanceDay {
  @ApiProperty({ format: 'date' })
  date: string;
  @ApiProperty({ type: [String], format: 'uuid', description: 'Enrolments present that day' })
  present: string[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'Enrolments recorded absent that day' })
  absent: string[];
}

export class FinalizeResponse {
  @ApiProperty({ format: 'uuid' })
  offeringId: string;
  @ApiProperty()
  completed: number;
  @ApiProperty()
  failed: number;
  @ApiProperty({ description: 'Pending or waitlisted enrolments settled as not_admitted' })
  notAdmitted: number;
  @ApiProperty({ description: 'Certificates revoked because their enrolment is no longer completed (finalising again after a reopen)' })
  certificatesRevoked: number;
  @ApiProperty({ type: [GradebookRow] })
  results: GradebookRow[];
}
