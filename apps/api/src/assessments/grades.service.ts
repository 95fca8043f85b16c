import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type GradeRowProblem, gradeRowProblems, gradeRowsToTry } from '@amahoro/domain/assessments/grades.rules.js';
import type { AppError } from '../common/app-error.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingAccess } from '../common/offering-access.js';
import { EnrollmentsRepository } from '../enrollments/enrollments.repository.js';
import { AssessmentErrors } from './assessments.errors.js';
import { AssessmentsRepository } from './assessments.repository.js';
import { type BulkGradeResult, type BulkGradesResponse, GradeResponse, GradeVersionResponse, MyGradeResponse } from './dto/grade.response.js';
import type { SetGradeDto } from './dto/assessment.dto.js';
import { GradesRepository } from './grades.repository.js';
import { ResultsWindow } from './results-window.js';

export interface GradeRowInput {
  enrollmentId: string;
  score: number;
  /** Absent or null: the feedback there is stays; '' removes it. */
  feedback?: string | null;
}

/** Staff grade one trainee or many at once; the staff and the trainee read a grade's history; a trainee reads their own. */
@Injectable()
export class GradesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OfferingAccess,
    private readonly window: ResultsWindow,
    private readonly assessments: AssessmentsRepository,
    private readonly grades: GradesRepository,
    private readonly enrollments: EnrollmentsRepository,
  ) {}

  /** Sets one grade; a change is a new version in the grade's history. */
  async set(assessmentId: string, enrollmentId: string, actor: AuthUser, dto: SetGradeDto): Promise<GradeResponse> {
    const { results, errors } = await this.grade(assessmentId, actor, [{ enrollmentId, score: dto.score, feedback: dto.feedback }], dto.reason);
    if (errors.length > 0) throw errors[0]!;
    return results[0]!.grade!;
  }

  /** Many grades in one statement. Each bad row is reported and skipped; the good ones are written. */
  async bulk(assessmentId: string, actor: AuthUser, rows: GradeRowInput[], reason?: string | null): Promise<BulkGradesResponse> {
    const { results, errors } = await this.grade(assessmentId, actor, rows, reason);
    return { results, graded: results.length - errors.length, failed: errors.length };
  }

  /**
   * Picks the rows to try in one pass, writes those of gradable enrolments with their history and audit records in
   * one statement that also answers which enrolments it refused, then names every bad row in one pass: four round
   * trips (with BEGIN and COMMIT) whatever the number of rows.
   */
  private async grade(assessmentId: string, actor: AuthUser, input: GradeRowInput[], reason?: string | null): Promise<{ results: BulkGradeResult[]; errors: AppError[] }> {
    // Ids as PostgreSQL writes them (lower case), so that a refusal or a repeat is matched whatever the case sent.
    const rows = input.map((row) => {
      const enrollmentId = row.enrollmentId.toLowerCase();
      return enrollmentId === row.enrollmentId ? row : { ...row, enrollmentId };
    });
    return this.db.transaction(async (tx) => {
      // A shared lock (an edit of the assessment, its maxScore, waits for this write, or this for it), then the turn.
      const found = await this.assessments.lockWithOffering(tx, assessmentId, 'share', { condition: this.access.staffSql('o', actor, '$2'), actorId: actor.id }, true);
      // An assessment of an offering the caller does not teach is not theirs to see.
      if (!found?.staff) throw AssessmentErrors.notFound();
      const { assessment } = found;
      this.window.assertOpen(found.offering);
      const tried = gradeRowsToTry(rows, assessment.maxScore);
      const toWrite = rows.filter((_, index) => tried[index]);
      const others = rows.filter((_, index) => !tried[index]).map((row) => row.enrollmentId);
      const { grades, refused } = await this.grades.write(tx, assessment, toWrite, others, actor.id, reason ?? null, actor.requestId);
      const problems = gradeRowProblems(rows, refused, assessment.maxScore);
      const errors: AppError[] = [];
      let written = 0;
      const results = rows.map(({ enrollmentId }, index): BulkGradeResult => {
        const grade = tried[index] ? grades[written++] : undefined;
        const problem = problems[index];
        if (problem) {
          const error = rowError(problem);
          errors.push(error);
          return { row: index + 1, enrollmentId, outcome: 'error', code: error.code, message: error.message };
        }
        // A row without a problem was tried, and its enrolment not refused: written (gradeRowsToTry).
        return { row: index + 1, enrollmentId, outcome: grade!.changed ? 'graded' : 'unchanged', grade: GradeResponse.from(assessmentId, grade!) };
      });
      return { results, errors };
    });
  }

  /** Every version of a grade: for the offering's staff and the trainee it belongs to; 404 for anyone else. */
  async history(assessmentId: string, enrollmentId: string, actor: AuthUser): Promise<GradeVersionResponse[]> {
    const db = this.db.manager;
    const assessment = await this.assessments.find(db, assessmentId);
    if (!assessment) throw AssessmentErrors.notFound();
    const owner = await this.enrollments.ownerIn(db, enrollmentId, assessment.offeringId);
    const allowed = owner !== null && (owner === actor.id || (await this.access.isStaff(assessment.offeringId, actor, db)));
    if (!allowed) throw AssessmentErrors.gradeNotFound();
    const versions = await this.grades.history(db, assessmentId, enrollmentId);
    if (versions.length === 0) throw AssessmentErrors.gradeNotFound();
    return versions.map(GradeVersionResponse.from);
  }

  async mine(actor: AuthUser): Promise<MyGradeResponse[]> {
    return (await this.grades.ofUser(this.db.manager, actor.id)).map(MyGradeResponse.from);
  }
}

function rowError(problem: GradeRowProblem): AppError {
  switch (problem.problem) {
    case 'notInOffering':
      return AssessmentErrors.enrollmentNotInOffering();
    case 'notGradable':
      return AssessmentErrors.enrollmentNotGradable(problem.status);
    case 'scoreOutOfRange':
      return AssessmentErrors.scoreOutOfRange(problem.maxScore);
    case 'duplicate':
      return AssessmentErrors.duplicateRow();
  }
}
