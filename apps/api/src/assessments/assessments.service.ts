import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Assessment } from '@amahoro/database/entities/assessment.entity.js';
import {
  countingScore,
  DEFAULT_QUIZ_ATTEMPTS,
  mayReviewQuiz,
  type QuizQuestion,
  quizMaxScore,
  reviewQuiz,
  scoreQuiz,
  unansweredQuestions,
  weightsTotal,
} from '@amahoro/domain/assessments/grading.rules.js';
import { Offering } from '@amahoro/database/entities/offering.entity.js';
import { IN_CLASS_STATUSES } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { AssessmentErrors } from './assessments.errors.js';
import { type AssessmentList, AssessmentResponse, type SubmissionResponse } from './dto/assessment.response.js';
import type { CreateAssessmentDto, QuestionDto, SubmissionDto, UpdateAssessmentDto } from './dto/assessment.dto.js';
import { writeGrades } from './grade-writer.js';
import { assertOfferingOpen, assertOpenForResults, offeringForStaff } from './results-window.js';
import { OfferingAccess } from '../common/offering-access.js';

interface SubmissionRow {
  id: string;
  assessment_id: string;
  enrollment_id: string;
  attempt: number;
  answers: Record<string, number[]> | null;
  text: string | null;
  score: string | null;
  late: boolean;
  submitted_at: Date;
  user_id?: string;
  email?: string;
  full_name?: string;
}

/** `reviewOf`: the quiz's questions when this reader may see per-question results. */
function toSubmission(row: SubmissionRow, gradeScore?: number, reviewOf?: QuizQuestion[] | null): SubmissionResponse {
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    enrollmentId: row.enrollment_id,
    attempt: row.attempt,
    score: row.score === null ? undefined : Number(row.score),
    gradeScore,
    late: row.late,
    text: row.text ?? undefined,
    answers: row.answers ?? undefined,
    review: reviewOf && row.answers ? reviewQuiz(reviewOf, row.answers) : undefined,
    submittedAt: row.submitted_at.toISOString(),
    user: row.user_id ? { id: row.user_id, email: row.email!, fullName: row.full_name! } : undefined,
  };
}

@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OfferingAccess,
  ) {}

  async create(offeringId: string, actor: AuthUser, dto: CreateAssessmentDto): Promise<AssessmentResponse> {
    const assessment = await this.db.transaction(async (tx) => {
      const offering = await offeringForStaff(tx, this.access, offeringId, actor);
      assertOpenForResults(offering);
      const { questions, maxScore } = quizShape(dto);
      return tx.getRepository(Assessment).save(
        tx.getRepository(Assessment).create({
          offeringId,
          title: dto.title,
          kind: dto.kind,
          weight: dto.weight,
          maxScore,
          dueAt: dto.dueAt ? new Date(dto.dueAt) : null,
          maxAttempts: dto.maxAttempts ?? (dto.kind === 'quiz' ? DEFAULT_QUIZ_ATTEMPTS : null),
          attemptPolicy: dto.attemptPolicy ?? 'best',
          questions,
        }),
      );
    });
    return AssessmentResponse.from(assessment, true);
  }

  /** Staff see answer keys; trainees approved in the offering see the assessments without them. */
  async list(offeringId: string, actor: AuthUser): Promise<AssessmentList> {
    const offering = await this.db.getRepository(Offering).findOneBy({ id: offeringId });
    if (!offering) throw OfferingErrors.notFound();
    const staff = await this.access.isStaff(offeringId, actor, this.db.manager);
    if (!staff && !(await this.participates(this.db.manager, offeringId, actor.id))) throw AssessmentErrors.notParticipant();
    const assessments = await this.db.getRepository(Assessment).find({ where: { offeringId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return { items: assessments.map((a) => AssessmentResponse.from(a, staff)), weightsTotal: weightsTotal(assessments) };
  }

  /**
   * A trainee approved in the offering hands in work. A quiz is scored at once and its grade set from the
   * attempt that counts. The enrolment's row lock makes concurrent attempts take turns, so maxAttempts holds.
   */
  async submit(assessmentId: string, actor: AuthUser, dto: SubmissionDto): Promise<SubmissionResponse> {
    return this.db.transaction(async (tx) => {
      // A shared lock: an edit of the quiz waits for this attempt to be scored, or the attempt for the edit.
      const assessment = await tx.getRepository(Assessment).findOne({ where: { id: assessmentId }, lock: { mode: 'pessimistic_read' } });
      if (!assessment) throw AssessmentErrors.notFound();
      await assertOfferingOpen(tx, assessment.offeringId);
      const enrollment: Array<{ id: string }> = await tx.query(
        `SELECT id FROM enrollments WHERE offering_id = $1 AND user_id = $2 AND status = 'approved' FOR UPDATE`,
        [assessment.offeringId, actor.id],
      );
      if (!enrollment[0]) throw AssessmentErrors.notEnrolled();
      const enrollmentId = enrollment[0].id;

      const previous: Array<{ score: string | null }> = await tx.query(
        'SELECT score FROM submissions WHERE assessment_id = $1 AND enrollment_id = $2 ORDER BY attempt',
        [assessmentId, enrollmentId],
      );
      if (assessment.maxAttempts !== null && previous.length >= assessment.maxAttempts) throw AssessmentErrors.noAttemptsLeft(assessment.maxAttempts);

      const isQuiz = assessment.kind === 'quiz';
      if (isQuiz ? dto.answers === undefined || dto.text !== undefined : dto.text === undefined || dto.answers !== undefined) {
        throw AssessmentErrors.wrongSubmissionKind(assessment.kind);
      }
      const score = isQuiz ? scoreQuiz(assessment.questions!, checkedAnswers(assessment.questions!, dto.answers!)) : null;
      const [row]: SubmissionRow[] = await tx.query(
        `INSERT INTO submissions (assessment_id, enrollment_id, attempt, answers, text, score, late)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [assessmentId, enrollmentId, previous.length + 1, isQuiz ? JSON.stringify(dto.answers) : null, dto.text ?? null, score,
          assessment.dueAt !== null && Date.now() > assessment.dueAt.getTime()],
      );
      if (!isQuiz) return toSubmission(row!);

      const counting = countingScore([...previous.map((p) => Number(p.score)), score!], assessment.attemptPolicy)!;
      await writeGrades(tx, assessmentId, [{ enrollmentId, score: counting, feedback: null }], null, `quiz attempt ${previous.length + 1}`);
      const review = mayReviewQuiz(previous.length + 1, assessment.maxAttempts, assessment.dueAt, new Date());
      return toSubmission(row!, counting, review ? assessment.questions : null);
    });
  }

  /**
   * Edits an assessment. Once it has a submission or a grade, what would change a result (kind, maxScore,
   * questions, attemptPolicy) is refused; title, dueAt, maxAttempts and weight stay editable until finalising.
   */
  async update(assessmentId: string, actor: AuthUser, dto: UpdateAssessmentDto): Promise<AssessmentResponse> {
    return this.db.transaction(async (tx) => {
      const cleared = Object.keys(dto).filter((key) => dto[key as keyof UpdateAssessmentDto] === null && key !== 'dueAt' && key !== 'maxAttempts');
      if (cleared.length > 0) throw AssessmentErrors.notNullable(cleared);
      const assessment = await lockForStaff(tx, this.access, assessmentId, actor);
      await assertOfferingOpen(tx, assessment.offeringId);
      const before = editable(assessment);
      const touchesResults = RESULT_FIELDS.filter((field) => dto[field] !== undefined && (field === 'questions' || dto[field] !== assessment[field]));
      if (touchesResults.length > 0 && (await hasResults(tx, assessmentId))) throw AssessmentErrors.hasResults(touchesResults);
      if (dto.kind !== undefined || dto.questions !== undefined || dto.maxScore !== undefined) {
        Object.assign(assessment, { kind: dto.kind ?? assessment.kind }, nextShape(assessment, dto));
      }
      if (dto.title !== undefined) assessment.title = dto.title;
      if (dto.weight !== undefined) assessment.weight = dto.weight;
      if (dto.attemptPolicy !== undefined) assessment.attemptPolicy = dto.attemptPolicy;
      // null removes the due date or the attempt limit.
      if (dto.dueAt !== undefined) assessment.dueAt = dto.dueAt === null ? null : new Date(dto.dueAt);
      if (dto.maxAttempts !== undefined) assessment.maxAttempts = dto.maxAttempts;
      const saved = await tx.getRepository(Assessment).save(assessment);
      const after = editable(saved);
      const changed = (Object.keys(after) as Array<keyof typeof after>).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
      if (changed.length > 0) {
        await recordAudit(tx, [
          {
            actorId: actor.id,
            action: 'assessment.updated',
            entity: 'assessment',
            entityId: assessmentId,
            before: Object.fromEntries(changed.map((key) => [key, before[key]])),
            after: Object.fromEntries(changed.map((key) => [key, after[key]])),
          },
        ]);
      }
      return AssessmentResponse.from(saved, true);
    });
  }

  /** Only an assessment nobody has submitted to and nobody has been graded on can go. */
  async remove(assessmentId: string, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (tx) => {
      const assessment = await lockForStaff(tx, this.access, assessmentId, actor);
      await assertOfferingOpen(tx, assessment.offeringId);
      if (await hasResults(tx, assessmentId)) throw AssessmentErrors.hasResultsCannotDelete();
      await tx.getRepository(Assessment).delete(assessmentId);
      await recordAudit(tx, [{ actorId: actor.id, action: 'assessment.deleted', entity: 'assessment', entityId: assessmentId, before: { offeringId: assessment.offeringId, ...editable(assessment) } }]);
    });
  }

  /** Staff see every submission; a trainee enrolled in the offering sees their own; to anyone else it does not exist. */
  async submissions(assessmentId: string, actor: AuthUser): Promise<SubmissionResponse[]> {
    const assessment = await this.db.getRepository(Assessment).findOneBy({ id: assessmentId });
    if (!assessment) throw AssessmentErrors.notFound();
    const staff = await this.access.isStaff(assessment.offeringId, actor, this.db.manager);
    if (!staff && !(await this.enrolledAtAll(assessment.offeringId, actor.id))) throw AssessmentErrors.notFound();
    const rows: SubmissionRow[] = await this.db.query(
      `SELECT s.*, u.id AS user_id, u.email, u.full_name FROM submissions s
         JOIN enrollments e ON e.id = s.enrollment_id JOIN users u ON u.id = e.user_id
        WHERE s.assessment_id = $1 AND ($2::uuid IS NULL OR e.user_id = $2)
        ORDER BY u.full_name, s.attempt`,
      [assessmentId, staff ? null : actor.id],
    );
    const review = staff || mayReviewQuiz(rows.length, assessment.maxAttempts, assessment.dueAt, new Date());
    return rows.map((row) => toSubmission(row, undefined, review ? assessment.questions : null));
  }

  private async enrolledAtAll(offeringId: string, userId: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM enrollments WHERE offering_id = $1 AND user_id = $2', [offeringId, userId]);
    return rows.length > 0;
  }

  private async participates(tx: EntityManager, offeringId: string, userId: string): Promise<boolean> {
    const rows = await tx.query(
      `SELECT 1 FROM enrollments WHERE offering_id = $1 AND user_id = $2 AND status = ANY($3::text[])`,
      [offeringId, userId, IN_CLASS_STATUSES],
    );
    return rows.length > 0;
  }
}

// What a submission's score or a grade depends on: frozen once either exists.
const RESULT_FIELDS = ['kind', 'maxScore', 'questions', 'attemptPolicy'] as const;

/** The assessment, locked for an edit, for the offering's staff; to anyone else it does not exist. */
async function lockForStaff(tx: EntityManager, access: OfferingAccess, assessmentId: string, actor: AuthUser): Promise<Assessment> {
  const assessment = await tx.getRepository(Assessment).findOne({ where: { id: assessmentId }, lock: { mode: 'pessimistic_write' } });
  if (!assessment || !(await access.isStaff(assessment.offeringId, actor, tx))) throw AssessmentErrors.notFound();
  return assessment;
}

async function hasResults(tx: EntityManager, assessmentId: string): Promise<boolean> {
  const [row]: Array<{ found: boolean }> = await tx.query(
    `SELECT EXISTS (SELECT 1 FROM submissions WHERE assessment_id = $1) OR EXISTS (SELECT 1 FROM grades WHERE assessment_id = $1) AS found`,
    [assessmentId],
  );
  return row!.found;
}

/** The fields an edit can change, as the audit trail records them. */
function editable(a: Assessment) {
  return {
    title: a.title,
    kind: a.kind,
    weight: a.weight,
    maxScore: a.maxScore,
    dueAt: a.dueAt?.toISOString() ?? null,
    maxAttempts: a.maxAttempts,
    attemptPolicy: a.attemptPolicy,
    questions: a.questions,
  };
}

/** The questions and maxScore after an edit of kind, questions or maxScore; a quiz keeps its questions unless new ones come. */
function nextShape(current: Assessment, dto: UpdateAssessmentDto): { questions: QuizQuestion[] | null; maxScore: number } {
  const kind = dto.kind ?? current.kind;
  if (kind === 'quiz' && dto.questions === undefined && current.questions) {
    if (dto.maxScore !== undefined && dto.maxScore !== current.maxScore) throw AssessmentErrors.maxScoreMismatch(current.maxScore);
    return { questions: current.questions, maxScore: current.maxScore };
  }
  return quizShape({ kind, questions: dto.questions, maxScore: dto.maxScore ?? (kind === 'quiz' ? undefined : current.maxScore) });
}

/** A quiz's questions get server ids and its maxScore is their points; other kinds have no questions. */
function quizShape(dto: Pick<CreateAssessmentDto, 'kind' | 'questions' | 'maxScore'>): { questions: QuizQuestion[] | null; maxScore: number } {
  if (dto.kind !== 'quiz') {
    if (dto.questions) throw AssessmentErrors.questionsNotAllowed();
    if (dto.maxScore === undefined) throw AssessmentErrors.maxScoreRequired();
    return { questions: null, maxScore: dto.maxScore };
  }
  if (!dto.questions?.length) throw AssessmentErrors.questionsRequired();
  const questions = dto.questions.map((q: QuestionDto, index) => {
    if (q.correct.some((choice) => choice >= q.choices.length)) {
      throw AssessmentErrors.badQuestion(`question ${index + 1}: correct must index its ${q.choices.length} choices`);
    }
    return { id: randomUUID(), prompt: q.prompt, choices: q.choices, correct: q.correct, points: q.points, scoring: q.scoring ?? 'all_or_nothing' };
  });
  const maxScore = quizMaxScore(questions);
  if (dto.maxScore !== undefined && dto.maxScore !== maxScore) throw AssessmentErrors.maxScoreMismatch(maxScore);
  return { questions, maxScore };
}

/** Every key a question of the quiz, every value a list of distinct choice indexes of that question. */
function checkedAnswers(questions: QuizQuestion[], answers: Record<string, unknown>): Record<string, number[]> {
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [questionId, picked] of Object.entries(answers)) {
    const question = byId.get(questionId);
    if (!question) throw AssessmentErrors.badAnswers(`${questionId} is not a question of this quiz`);
    const valid =
      Array.isArray(picked) &&
      picked.every((choice) => Number.isInteger(choice) && choice >= 0 && choice < question.choices.length) &&
      new Set(picked).size === picked.length;
    if (!valid) throw AssessmentErrors.badAnswers(`answers for ${questionId} must be a list of distinct choice indexes from 0 to ${question.choices.length - 1}`);
  }
  const unanswered = unansweredQuestions(questions, answers as Record<string, number[]>);
  if (unanswered.length > 0) throw AssessmentErrors.badAnswers(`every question must be answered; unanswered: ${unanswered.join(', ')}`);
  return answers as Record<string, number[]>;
}
