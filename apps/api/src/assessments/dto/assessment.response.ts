import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Assessment } from '@amahoro/database/entities/assessment.entity.js';
import { ASSESSMENT_KINDS, ATTEMPT_POLICIES, FAILED_ON, QUESTION_SCORING, type AssessmentKind, type AttemptPolicy, type FailedOn, type QuestionScoring } from '@amahoro/domain/assessments/grading.rules.js';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { CourseRef } from '../../courses/dto/course.response.js';
import { EnrolledUser } from '../../enrollments/dto/enrollment.response.js';

export class QuestionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  prompt: string;
  @ApiProperty({ type: [String] })
  choices: string[];
  @ApiProperty()
  points: number;
  @ApiProperty({ enum: QUESTION_SCORING })
  scoring: QuestionScoring;
  @ApiPropertyOptional({ type: [Number], description: 'Staff only' })
  correct?: number[];
}

export class AssessmentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  offeringId: string;
  @ApiProperty()
  title: string;
  @ApiProperty({ enum: ASSESSMENT_KINDS })
  kind: AssessmentKind;
  @ApiProperty()
  weight: number;
  @ApiProperty()
  maxScore: number;
  @ApiPropertyOptional({ format: 'date-time' })
  dueAt?: string;
  @ApiPropertyOptional()
  maxAttempts?: number;
  @ApiProperty({ enum: ATTEMPT_POLICIES })
  attemptPolicy: AttemptPolicy;
  @ApiPropertyOptional({ type: [QuestionResponse] })
  questions?: QuestionResponse[];
  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  /** Answer keys only for staff. */
  static from(assessment: Assessment, withAnswerKeys: boolean): AssessmentResponse {
    return {
      id: assessment.id,
      offeringId: assessment.offeringId,
      title: assessment.title,
      kind: assessment.kind,
      weight: assessment.weight,
      maxScore: assessment.maxScore,
      dueAt: assessment.dueAt?.toISOString(),
      maxAttempts: assessment.maxAttempts ?? undefined,
      attemptPolicy: assessment.attemptPolicy,
      questions: assessment.questions?.map(({ id, prompt, choices, points, scoring, correct }) =>
        withAnswerKeys ? { id, prompt, choices, points, scoring, correct } : { id, prompt, choices, points, scoring },
      ),
      createdAt: assessment.createdAt.toISOString(),
    };
  }
}

export class AssessmentList {
  @ApiProperty({ type: [AssessmentResponse] })
  items: AssessmentResponse[];
  @ApiProperty({ description: 'Sum of the weights: 100 before the offering can be finalised' })
  weightsTotal: number;
}

export class QuestionReviewResponse {
  @ApiProperty({ format: 'uuid' })
  questionId: string;
  @ApiProperty({ description: 'Points earned' })
  points: number;
  @ApiProperty()
  maxPoints: number;
  @ApiProperty({ description: 'Full points for this question' })
  correct: boolean;
}

export class SubmissionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'uuid' })
  assessmentId: string;
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;
  @ApiProperty()
  attempt: number;
  @ApiPropertyOptional({ description: 'Quizzes: this attempt’s score' })
  score?: number;
  @ApiPropertyOptional({ description: 'Quizzes: the grade now, from the attempt that counts' })
  gradeScore?: number;
  @ApiProperty({ description: 'Submitted after the due date' })
  late: boolean;
  @ApiPropertyOptional()
  text?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'array', items: { type: 'integer' } } })
  answers?: Record<string, number[]>;
  @ApiPropertyOptional({
    type: [QuestionReviewResponse],
    description: 'Quizzes: per question, for staff always; for the trainee only once no attempt is left or the due date has passed',
  })
  review?: QuestionReviewResponse[];
  @ApiProperty({ format: 'date-time' })
  submittedAt: string;
  @ApiPropertyOptional({ type: EnrolledUser })
  user?: EnrolledUser;
}

export class GradeResponse {
  @ApiProperty({ format: 'uuid' })
  assessmentId: string;
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;
  @ApiProperty()
  score: number;
  @ApiPropertyOptional()
  feedback?: string;
  @ApiProperty({ description: '1 for the first grade, +1 for each change' })
  version: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'Absent for a quiz graded automatically' })
  gradedBy?: string;
  @ApiProperty({ format: 'date-time' })
  gradedAt: string;
}

export class BulkGradeResult {
  @ApiProperty({ description: '1-based position in the request' })
  row: number;
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;
  @ApiProperty({ enum: ['graded', 'unchanged', 'error'] })
  outcome: 'graded' | 'unchanged' | 'error';
  @ApiPropertyOptional({ type: GradeResponse })
  grade?: GradeResponse;
  @ApiPropertyOptional()
  code?: string;
  @ApiPropertyOptional()
  message?: string;
}

export class BulkGradesResponse {
  @ApiProperty({ type: [BulkGradeResult] })
  results: BulkGradeResult[];
  @ApiProperty()
  graded: number;
  @ApiProperty()
  failed: number;
}

export class GradeVersionResponse {
  @ApiProperty()
  version: number;
  @ApiProperty()
  score: number;
  @ApiPropertyOptional()
  previousScore?: number;
  @ApiPropertyOptional()
  feedback?: string;
  @ApiPropertyOptional()
  reason?: string;
  @ApiPropertyOptional({ type: EnrolledUser, description: 'Absent for automatic quiz grading' })
  changedBy?: { id: string; fullName: string; email: string };
  @ApiProperty({ format: 'date-time' })
  changedAt: string;
}

export class MyGradeResponse {
  @ApiProperty({ format: 'uuid' })
  assessmentId: string;
  @ApiProperty()
  assessmentTitle: string;
  @ApiProperty({ enum: ASSESSMENT_KINDS })
  kind: AssessmentKind;
  @ApiProperty()
  weight: number;
  @ApiProperty()
  maxScore: number;
  @ApiProperty({ format: 'uuid' })
  enrollmentId: string;
  @ApiProperty({ format: 'uuid' })
  offeringId: string;
  @ApiProperty({ type: CourseRef })
  course: CourseRef;
  @ApiProperty()
  score: number;
  @ApiPropertyOptional()
  feedback?: string;
  @ApiProperty({ format: 'date-time' })
  gradedAt: string;
}

export class MyGrades {
  @ApiProperty({ type: [MyGradeResponse] })
  items: MyGradeResponse[];
}

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
