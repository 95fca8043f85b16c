// The SQL behind assessments and submissions. Every method takes the manager to run on, so the service that owns
// the use case owns the transaction.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Assessment } from '@amahoro/database/entities/assessment.entity.js';
import type { AssessmentKind, AttemptPolicy, QuizQuestion } from '@amahoro/domain/assessments/grading.rules.js';
import { gradesTurnSql } from './grades.repository.js';

/** What a grade, a submission or an edit needs to know of the offering: whether its results are still open. */
export interface ResultsState {
  completedAt: Date | null;
  cancelledAt: Date | null;
}

export interface Submission {
  id: string;
  assessmentId: string;
  enrollmentId: string;
  attempt: number;
  answers: Record<string, number[]> | null;
  text: string | null;
  score: number | null;
  late: boolean;
  submittedAt: Date;
  /** Who handed it in, when listed. */
  user?: { id: string; email: string; fullName: string };
}

export type NewAssessment = Pick<Assessment, 'offeringId' | 'title' | 'kind' | 'weight' | 'maxScore' | 'dueAt' | 'maxAttempts' | 'attemptPolicy' | 'questions'>;
export type NewSubmission = Omit<Submission, 'id' | 'submittedAt' | 'user'>;

interface AssessmentRow {
  id: string;
  offering_id: string;
  title: string;
  kind: AssessmentKind;
  weight: string;
  max_score: string;
  due_at: Date | null;
  max_attempts: number | null;
  attempt_policy: AttemptPolicy;
  questions: QuizQuestion[] | null;
  created_at: Date;
  updated_at: Date;
}

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

const LOCKS = { share: 'FOR SHARE OF a, o', update: 'FOR UPDATE OF a FOR SHARE OF o' } as const;

@Injectable()
export class AssessmentsRepository {
  find(db: EntityManager, id: string): Promise<Assessment | null> {
    return db.getRepository(Assessment).findOneBy({ id });
  }

  listForOffering(db: EntityManager, offeringId: string): Promise<Assessment[]> {
    return db.getRepository(Assessment).find({ where: { offeringId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * The assessment and its offering's results state, in one statement: `share` for writers of results (an edit
   * waits for them, they for it), `update` for an edit. The offering is share-locked either way, so finalising
   * (which takes it exclusively) waits for them, and they for it. `staff`: whether the actor is staff of the
   * offering, answered in the same statement by OfferingAccess.staffSql on the alias `o` with the actor's id as `$2`.
   * `gradesTurn`: a grade writer that is staff takes the assessment's turn (gradesTurnSql) in the same statement,
   * after the row locks, as the writers that take it later do.
   */
  async lockWithOffering(
    db: EntityManager,
    id: string,
    mode: keyof typeof LOCKS,
    staff: { condition: string | null; actorId: string } = { condition: 'FALSE', actorId: '' },
    gradesTurn = false,
  ): Promise<{ assessment: Assessment; offering: ResultsState; staff: boolean } | null> {
    const condition = staff.condition ?? 'TRUE';
    const locked = `SELECT a.*, o.completed_at, o.cancelled_at, ${condition} AS staff
                      FROM assessments a JOIN offerings o ON o.id = a.offering_id WHERE a.id = $1 ${LOCKS[mode]}`;
    // The locking subquery is planned on its own, so its rows are locked before the outer query takes the turn.
    const [row]: Array<AssessmentRow & { completed_at: Date | null; cancelled_at: Date | null; staff: boolean }> = await db.query(
      gradesTurn ? `SELECT l.*, (SELECT ${gradesTurnSql('l.id')} WHERE l.staff) AS turn FROM (${locked}) AS l` : locked,
      // A condition that is a constant takes no actor.
      condition.includes('$2') ? [id, staff.actorId] : [id],
    );
    return row ? { assessment: toAssessment(row), offering: { completedAt: row.completed_at, cancelledAt: row.cancelled_at }, staff: row.staff } : null;
  }

  create(db: EntityManager, fields: NewAssessment): Promise<Assessment> {
    const repository = db.getRepository(Assessment);
    return repository.save(repository.create(fields));
  }

  save(db: EntityManager, assessment: Assessment): Promise<Assessment> {
    return db.getRepository(Assessment).save(assessment);
  }

  async delete(db: EntityManager, id: string): Promise<void> {
    await db.getRepository(Assessment).delete(id);
  }

  /** Whether anyone has submitted to it or been graded on it. */
  async hasResults(db: EntityManager, id: string): Promise<boolean> {
    const [row]: Array<{ found: boolean }> = await db.query(
      `SELECT EXISTS (SELECT 1 FROM submissions WHERE assessment_id = $1) OR EXISTS (SELECT 1 FROM grades WHERE assessment_id = $1) AS found`,
      [id],
    );
    return row!.found;
  }

  /** The scores of the enrolment's attempts, first to last (null: not scored, as text submissions). */
  async attemptScores(db: EntityManager, assessmentId: string, enrollmentId: string): Promise<Array<number | null>> {
    const rows: Array<{ score: string | null }> = await db.query(
      'SELECT score FROM submissions WHERE assessment_id = $1 AND enrollment_id = $2 ORDER BY attempt',
      [assessmentId, enrollmentId],
    );
    return rows.map((row) => (row.score === null ? null : Number(row.score)));
  }

  async insertSubmission(db: EntityManager, s: NewSubmission): Promise<Submission> {
    const [row]: SubmissionRow[] = await db.query(
      `INSERT INTO submissions (assessment_id, enrollment_id, attempt, answers, text, score, late)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [s.assessmentId, s.enrollmentId, s.attempt, s.answers === null ? null : JSON.stringify(s.answers), s.text, s.score, s.late],
    );
    return toSubmission(row!);
  }

  /** The submissions to an assessment with who handed them in, by name then attempt; only `userId`'s when given. */
  async submissions(db: EntityManager, assessmentId: string, userId: string | null): Promise<Submission[]> {
    const rows: SubmissionRow[] = await db.query(
      `SELECT s.*, u.id AS user_id, u.email, u.full_name FROM submissions s
         JOIN enrollments e ON e.id = s.enrollment_id JOIN users u ON u.id = e.user_id
        WHERE s.assessment_id = $1 AND ($2::uuid IS NULL OR e.user_id = $2)
        ORDER BY u.full_name, s.attempt`,
      [assessmentId, userId],
    );
    return rows.map(toSubmission);
  }
}

function toAssessment(row: AssessmentRow): Assessment {
  return Object.assign(new Assessment(), {
    id: row.id,
    offeringId: row.offering_id,
    title: row.title,
    kind: row.kind,
    weight: Number(row.weight),
    maxScore: Number(row.max_score),
    dueAt: row.due_at,
    maxAttempts: row.max_attempts,
    attemptPolicy: row.attempt_policy,
    questions: row.questions,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

function toSubmission(row: SubmissionRow): Submission {
  return {
    id: row.id,
    assessmentId: row.assessment_id,
    enrollmentId: row.enrollment_id,
    attempt: row.attempt,
    answers: row.answers,
    text: row.text,
    score: row.score === null ? null : Number(row.score),
    late: row.late,
    submittedAt: row.submitted_at,
    user: row.user_id ? { id: row.user_id, email: row.email!, fullName: row.full_name! } : undefined,
  };
}
