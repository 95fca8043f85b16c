import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Assessment } from '@amahoro/database/entities/assessment.entity.js';
import { DEFAULT_QUIZ_ATTEMPTS, weightsTotal } from '@amahoro/domain/assessments/grading.rules.js';
import { editedShape, isShapeProblem, type QuizShape, type QuizShapeProblem, quizShape } from '@amahoro/domain/assessments/quiz.rules.js';
import { IN_CLASS_STATUSES } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingAccess } from '../common/offering-access.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { EnrollmentsRepository } from '../enrollments/enrollments.repository.js';
import { AssessmentErrors } from './assessments.errors.js';
import { AssessmentsRepository } from './assessments.repository.js';
import { type AssessmentList, AssessmentResponse } from './dto/assessment.response.js';
import type { CreateAssessmentDto, UpdateAssessmentDto } from './dto/assessment.dto.js';
import { ResultsWindow } from './results-window.js';
import { ResultsRepository } from './results.repository.js';

// What a submission's score or a grade depends on: frozen once either exists.
const RESULT_FIELDS = ['kind', 'maxScore', 'questions', 'attemptPolicy'] as const;

/** Staff create, edit and delete an offering's assessments; its class and staff list them. */
@Injectable()
export class AssessmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OfferingAccess,
    private readonly window: ResultsWindow,
    private readonly assessments: AssessmentsRepository,
    private readonly results: ResultsRepository,
    private readonly enrollments: EnrollmentsRepository,
  ) {}

  async create(offeringId: string, actor: AuthUser, dto: CreateAssessmentDto): Promise<AssessmentResponse> {
    const assessment = await this.db.transaction(async (tx) => {
      // Share-locked: an assessment made while the offering is being finalised waits, then sees it final.
      const offering = await this.window.offeringForStaff(tx, offeringId, actor, 'share');
      this.window.assertOpen(offering);
      const { questions, maxScore } = shapeOrThrow(quizShape(dto, randomUUID));
      return this.assessments.create(tx, {
        offeringId,
        title: dto.title,
        kind: dto.kind,
        weight: dto.weight,
        maxScore,
        dueAt: dto.dueAt ? new Date(dto.dueAt) : null,
        maxAttempts: dto.maxAttempts ?? (dto.kind === 'quiz' ? DEFAULT_QUIZ_ATTEMPTS : null),
        attemptPolicy: dto.attemptPolicy ?? 'best',
        questions,
      });
    });
    return AssessmentResponse.from(assessment, true);
  }

  /** Staff see answer keys; trainees in the class see the assessments without them. */
  async list(offeringId: string, actor: AuthUser): Promise<AssessmentList> {
    const db = this.db.manager;
    if (!(await this.results.offering(db, offeringId))) throw OfferingErrors.notFound();
    const staff = await this.access.isStaff(offeringId, actor, db);
    if (!staff && !(await this.enrollments.isEnrolled(db, offeringId, actor.id, IN_CLASS_STATUSES))) throw AssessmentErrors.notParticipant();
    const assessments = await this.assessments.listForOffering(db, offeringId);
    return { items: assessments.map((a) => AssessmentResponse.from(a, staff)), weightsTotal: weightsTotal(assessments) };
  }

  /**
   * Edits an assessment. Once it has a submission or a grade, what would change a result (kind, maxScore,
   * questions, attemptPolicy) is refused; title, dueAt, maxAttempts and weight stay editable until finalising.
   */
  async update(assessmentId: string, actor: AuthUser, dto: UpdateAssessmentDto): Promise<AssessmentResponse> {
    return this.db.transaction(async (tx) => {
      const cleared = Object.keys(dto).filter((key) => dto[key as keyof UpdateAssessmentDto] === null && key !== 'dueAt' && key !== 'maxAttempts');
      if (cleared.length > 0) throw AssessmentErrors.notNullable(cleared);
      const assessment = await this.lockForStaff(tx, assessmentId, actor);
      const before = editable(assessment);
      const touchesResults = RESULT_FIELDS.filter((field) => dto[field] !== undefined && (field === 'questions' || dto[field] !== assessment[field]));
      if (touchesResults.length > 0 && (await this.assessments.hasResults(tx, assessmentId))) throw AssessmentErrors.hasResults(touchesResults);
      if (dto.kind !== undefined || dto.questions !== undefined || dto.maxScore !== undefined) {
        Object.assign(assessment, { kind: dto.kind ?? assessment.kind }, shapeOrThrow(editedShape(assessment, dto, randomUUID)));
      }
      if (dto.title !== undefined) assessment.title = dto.title;
      if (dto.weight !== undefined) assessment.weight = dto.weight;
      if (dto.attemptPolicy !== undefined) assessment.attemptPolicy = dto.attemptPolicy;
      // null removes the due date or the attempt limit.
      if (dto.dueAt !== undefined) assessment.dueAt = dto.dueAt === null ? null : new Date(dto.dueAt);
      if (dto.maxAttempts !== undefined) assessment.maxAttempts = dto.maxAttempts;
      const saved = await this.assessments.save(tx, assessment);
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
        ], actor.requestId);
      }
      return AssessmentResponse.from(saved, true);
    });
  }

  /** Only an assessment nobody has submitted to and nobody has been graded on can go. */
  async remove(assessmentId: string, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (tx) => {
      const assessment = await this.lockForStaff(tx, assessmentId, actor);
      if (await this.assessments.hasResults(tx, assessmentId)) throw AssessmentErrors.hasResultsCannotDelete();
      await this.assessments.delete(tx, assessmentId);
      await recordAudit(tx, [{ actorId: actor.id, action: 'assessment.deleted', entity: 'assessment', entityId: assessmentId, before: { offeringId: assessment.offeringId, ...editable(assessment) } }], actor.requestId);
    });
  }

  /** The assessment, locked for an edit, for the offering's staff (to anyone else it does not exist), while its results are open. */
  private async lockForStaff(tx: EntityManager, assessmentId: string, actor: AuthUser): Promise<Assessment> {
    const found = await this.assessments.lockWithOffering(tx, assessmentId, 'update', { condition: this.access.staffSql('o', actor, '$2'), actorId: actor.id });
    if (!found?.staff) throw AssessmentErrors.notFound();
    this.window.assertOpen(found.offering);
    return found.assessment;
  }
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

function shapeOrThrow(shape: QuizShape | QuizShapeProblem): QuizShape {
  if (!isShapeProblem(shape)) return shape;
  switch (shape.problem) {
    case 'questionsRequired':
      throw AssessmentErrors.questionsRequired();
    case 'questionsNotAllowed':
      throw AssessmentErrors.questionsNotAllowed();
    case 'maxScoreRequired':
      throw AssessmentErrors.maxScoreRequired();
    case 'maxScoreMismatch':
      throw AssessmentErrors.maxScoreMismatch(shape.sum);
    case 'badQuestion':
      throw AssessmentErrors.badQuestion(`question ${shape.index + 1}: correct must index its ${shape.choices} choices`);
  }
}
