import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { countingScore, mayReviewQuiz, scoreQuiz } from '@amahoro/domain/assessments/grading.rules.js';
import { GRADABLE_STATUSES } from '@amahoro/domain/assessments/grades.rules.js';
import { type AnswerProblem, answerProblem } from '@amahoro/domain/assessments/quiz.rules.js';
import { fitsKind, hasAttemptLeft, isLate } from '@amahoro/domain/assessments/submission.rules.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingAccess } from '../common/offering-access.js';
import { EnrollmentsRepository } from '../enrollments/enrollments.repository.js';
import { AssessmentErrors } from './assessments.errors.js';
import { AssessmentsRepository } from './assessments.repository.js';
import { SubmissionResponse } from './dto/assessment.response.js';
import type { SubmissionDto } from './dto/assessment.dto.js';
import { GradesRepository } from './grades.repository.js';
import { ResultsWindow } from './results-window.js';

/** Trainees hand in work (a quiz is scored and graded at once); staff and the trainee read it back. */
@Injectable()
export class SubmissionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OfferingAccess,
    private readonly window: ResultsWindow,
    private readonly assessments: AssessmentsRepository,
    private readonly grades: GradesRepository,
    private readonly enrollments: EnrollmentsRepository,
  ) {}

  /**
   * A trainee approved in the offering hands in work. A quiz is scored at once and its grade set from the
   * attempt that counts. The enrolment's row lock makes concurrent attempts take turns, so maxAttempts holds.
   */
  async submit(assessmentId: string, actor: AuthUser, dto: SubmissionDto): Promise<SubmissionResponse> {
    return this.db.transaction(async (tx) => {
      // A shared lock: an edit of the quiz waits for this attempt to be scored, or the attempt for the edit.
      const found = await this.assessments.lockWithOffering(tx, assessmentId, 'share');
      if (!found) throw AssessmentErrors.notFound();
      const { assessment } = found;
      this.window.assertOpen(found.offering);
      const enrollmentId = await this.enrollments.lockOfUser(tx, assessment.offeringId, actor.id, GRADABLE_STATUSES);
      if (!enrollmentId) throw AssessmentErrors.notEnrolled();

      const previous = await this.assessments.attemptScores(tx, assessmentId, enrollmentId);
      if (!hasAttemptLeft(previous.length, assessment.maxAttempts)) throw AssessmentErrors.noAttemptsLeft(assessment.maxAttempts!);
      if (!fitsKind(assessment.kind, dto)) throw AssessmentErrors.wrongSubmissionKind(assessment.kind);
      const attempt = previous.length + 1;
      const late = isLate(assessment.dueAt, new Date());
      if (assessment.kind !== 'quiz') {
        return SubmissionResponse.from(await this.assessments.insertSubmission(tx, { assessmentId, enrollmentId, attempt, answers: null, text: dto.text!, score: null, late }));
      }

      const questions = assessment.questions!;
      const problem = answerProblem(questions, dto.answers!);
      if (problem) throw badAnswers(problem);
      const score = scoreQuiz(questions, dto.answers!);
      const submission = await this.assessments.insertSubmission(tx, { assessmentId, enrollmentId, attempt, answers: dto.answers!, text: null, score, late });
      const counting = countingScore([...previous.map(Number), score], assessment.attemptPolicy)!;
      // The grade writers' turn, taken only now: attempts at the same quiz are scored side by side.
      await this.grades.takeTurn(tx, assessmentId);
      await this.grades.write(tx, assessment, [{ enrollmentId, score: counting, feedback: null }], [], null, `quiz attempt ${attempt}`, actor.requestId);
      const review = mayReviewQuiz(attempt, assessment.maxAttempts, assessment.dueAt, new Date());
      return SubmissionResponse.from(submission, counting, review ? questions : null);
    });
  }

  /** Staff see every submission; a trainee enrolled in the offering sees their own; to anyone else it does not exist. */
  async list(assessmentId: string, actor: AuthUser): Promise<SubmissionResponse[]> {
    const db = this.db.manager;
    const assessment = await this.assessments.find(db, assessmentId);
    if (!assessment) throw AssessmentErrors.notFound();
    const staff = await this.access.isStaff(assessment.offeringId, actor, db);
    if (!staff && !(await this.enrollments.isEnrolled(db, assessment.offeringId, actor.id))) throw AssessmentErrors.notFound();
    const submissions = await this.assessments.submissions(db, assessmentId, staff ? null : actor.id);
    const review = staff || mayReviewQuiz(submissions.length, assessment.maxAttempts, assessment.dueAt, new Date());
    return submissions.map((submission) => SubmissionResponse.from(submission, undefined, review ? assessment.questions : null));
  }
}

function badAnswers(problem: AnswerProblem): Error {
  switch (problem.problem) {
    case 'unknownQuestion':
      return AssessmentErrors.badAnswers(`${problem.questionId} is not a question of this quiz`);
    case 'badPick':
      return AssessmentErrors.badAnswers(`answers for ${problem.questionId} must be a list of distinct choice indexes from 0 to ${problem.choices - 1}`);
    case 'unanswered':
      return AssessmentErrors.badAnswers(`every question must be answered; unanswered: ${problem.questionIds.join(', ')}`);
  }
}

