import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Assessment } from '@amahoro/database/entities/assessment.entity.js';
import { ASSESSMENT_KINDS, ATTEMPT_POLICIES, QUESTION_SCORING, type AssessmentKind, type AttemptPolicy, type QuestionScoring, type QuizQuestion, reviewQuiz } from '@amahoro/domain/assessments/grading.rules.js';
import { EnrolledUser } from '../../enrollments/dto/enrollment.response.js';
import type { Submission } from '../assessments.repository.js';

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

  /** `gradeScore`: a quiz's grade after this attempt; `reviewOf`: the quiz's questions when this reader may see per-question results. */
  static from(submission: Submission, gradeScore?: number, reviewOf?: QuizQuestion[] | null): SubmissionResponse {
    return {
      id: submission.id,
      assessmentId: submission.assessmentId,
      enrollmentId: submission.enrollmentId,
      attempt: submission.attempt,
      score: submission.score ?? undefined,
      gradeScore,
      late: submission.late,
      text: submission.text ?? undefined,
      answers: submission.answers ?? undefined,
      review: reviewOf && submission.answers ? reviewQuiz(reviewOf, submission.answers) : undefined,
      submittedAt: submission.submittedAt.toISOString(),
      user: submission.user,
    };
  }
}
