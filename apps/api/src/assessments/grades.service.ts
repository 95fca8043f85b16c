import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Assessment } from '@amahoro/database/entities/assessment.entity.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { AppError } from '../common/app-error.js';
import { AssessmentErrors } from './assessments.errors.js';
import type { BulkGradeResult, BulkGradesResponse, GradeResponse, GradeVersionResponse, MyGradeResponse } from './dto/assessment.response.js';
import type { BulkGradeRow, SetGradeDto } from './dto/assessment.dto.js';
import { type GradeInput, type WrittenGrade, writeGrades } from './grade-writer.js';
import { assertOfferingOpen } from './results-window.js';
import { OfferingAccess } from '../common/offering-access.js';

function toGrade(assessmentId: string, row: WrittenGrade): GradeResponse {
  return {
    assessmentId,
    enrollmentId: row.enrollment_id,
    score: Number(row.score),
    feedback: row.feedback ?? undefined,
    version: row.version,
    gradedBy: row.graded_by ?? undefined,
    gradedAt: new Date(row.graded_at).toISOString(),
  };
}

@Injectable()
export class GradesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OfferingAccess,
  ) {}

  /** Sets one grade; a change is a new version in the grade's history. */
  async set(assessmentId: string, enrollmentId: string, actor: AuthUser, dto: SetGradeDto): Promise<GradeResponse> {
    const [row] = await this.grade(assessmentId, actor, [{ enrollmentId, score: dto.score, feedback: dto.feedback }], dto.reason);
    if (row!.error) throw row!.error;
    return row!.grade!;
  }

  /** Many grades in one statement. Each bad row is reported and skipped; the good ones are written. */
  async bulk(assessmentId: string, actor: AuthUser, rows: BulkGradeRow[], reason?: string): Promise<BulkGradesResponse> {
    const results = (await this.grade(assessmentId, actor, rows, reason)).map(({ error: _error, ...result }) => result);
    const failed = results.filter((r) => r.outcome === 'error').length;
    return { results, graded: results.length - failed, failed };
  }

  private async grade(
    assessmentId: string,
    actor: AuthUser,
    rows: Array<{ enrollmentId: string; score: number; feedback?: string }>,
    reason?: string,
  ): Promise<Array<BulkGradeResult & { error?: AppError }>> {
    const found = await this.assessmentForStaff(assessmentId, actor);
    return this.db.transaction(async (tx) => {
      // Read again under a shared lock: an edit of the assessment (its maxScore) waits for this write, or this for it.
      const assessment = await tx.getRepository(Assessment).findOne({ where: { id: found.id }, lock: { mode: 'pessimistic_read' } });
      if (!assessment) throw AssessmentErrors.notFound();
      await assertOfferingOpen(tx, assessment.offeringId);
      const enrolled: Array<{ id: string; status: string }> = await tx.query(
        'SELECT id, status FROM enrollments WHERE offering_id = $1 AND id = ANY($2::uuid[])',
        [assessment.offeringId, rows.map((r) => r.enrollmentId)],
      );
      const statusOf = new Map(enrolled.map((e) => [e.id, e.status]));
      const results: Array<BulkGradeResult & { error?: AppError }> = [];
      const valid: GradeInput[] = [];
      const seen = new Set<string>();
      rows.forEach((row, index) => {
        const base = { row: index + 1, enrollmentId: row.enrollmentId };
        const status = statusOf.get(row.enrollmentId);
        const problem = !status
          ? AssessmentErrors.enrollmentNotInOffering()
          : status !== 'approved'
            ? AssessmentErrors.enrollmentNotGradable(status)
            : row.score < 0 || row.score > assessment.maxScore
              ? AssessmentErrors.scoreOutOfRange(assessment.maxScore)
              : seen.has(row.enrollmentId)
                ? new AppError('GRADE_DUPLICATE_ROW', 'invalid', 'This enrolment appears earlier in the request')
                : null;
        if (problem) {
          results.push({ ...base, outcome: 'error', code: problem.code, message: problem.message, error: problem });
        } else {
          seen.add(row.enrollmentId);
          valid.push({ enrollmentId: row.enrollmentId, score: row.score, feedback: row.feedback ?? null });
          results.push({ ...base, outcome: 'unchanged' });
        }
      });
      const written = new Map((await writeGrades(tx, assessmentId, valid, actor.id, reason ?? null)).map((g) => [g.enrollment_id, g]));
      // Rows the write left unchanged are not in its answer: read those back, and only those.
      const current = await this.currentGrades(tx, assessmentId, valid.map((v) => v.enrollmentId).filter((id) => !written.has(id)));
      for (const result of results) {
        if (result.outcome === 'error') continue;
        const changed = written.get(result.enrollmentId);
        result.outcome = changed ? 'graded' : 'unchanged';
        result.grade = toGrade(assessmentId, changed ?? current.get(result.enrollmentId)!);
      }
      return results;
    });
  }

  /** Every version of a grade: for the offering's staff and the trainee it belongs to; 404 for anyone else. */
  async history(assessmentId: string, enrollmentId: string, actor: AuthUser): Promise<GradeVersionResponse[]> {
    const assessment = await this.db.getRepository(Assessment).findOneBy({ id: assessmentId });
    if (!assessment) throw AssessmentErrors.notFound();
    const owner: Array<{ user_id: string }> = await this.db.query('SELECT user_id FROM enrollments WHERE id = $1 AND offering_id = $2', [
      enrollmentId,
      assessment.offeringId,
    ]);
    const allowed = owner[0] && (owner[0].user_id === actor.id || (await this.access.isStaff(assessment.offeringId, actor, this.db.manager)));
    if (!allowed) throw AssessmentErrors.gradeNotFound();
    const rows: Array<{ version: number; score: string; previous_score: string | null; feedback: string | null; reason: string | null; changed_at: Date; user_id: string | null; email: string | null; full_name: string | null }> =
      await this.db.query(
        `SELECT v.version, v.score, v.previous_score, v.feedback, v.reason, v.changed_at, u.id AS user_id, u.email, u.full_name
           FROM grade_versions v LEFT JOIN users u ON u.id = v.changed_by
          WHERE v.assessment_id = $1 AND v.enrollment_id = $2 ORDER BY v.version`,
        [assessmentId, enrollmentId],
      );
    if (rows.length === 0) throw AssessmentErrors.gradeNotFound();
    return rows.map((row) => ({
      version: row.version,
      score: Number(row.score),
      previousScore: row.previous_score === null ? undefined : Number(row.previous_score),
      feedback: row.feedback ?? undefined,
      reason: row.reason ?? undefined,
      changedBy: row.user_id ? { id: row.user_id, email: row.email!, fullName: row.full_name! } : undefined,
      changedAt: row.changed_at.toISOString(),
    }));
  }

  async mine(actor: AuthUser): Promise<MyGradeResponse[]> {
    const rows: Array<Record<string, string & Date>> = await this.db.query(
      `SELECT a.id AS assessment_id, a.title, a.kind, a.weight, a.max_score, e.id AS enrollment_id, e.offering_id,
              c.id AS course_id, c.code, c.title AS course_title, g.score, g.feedback, g.graded_at
         FROM grades g
         JOIN enrollments e ON e.id = g.enrollment_id
         JOIN assessments a ON a.id = g.assessment_id
         JOIN offerings o ON o.id = e.offering_id
         JOIN courses c ON c.id = o.course_id
        WHERE e.user_id = $1
        ORDER BY o.starts_on DESC, a.created_at`,
      [actor.id],
    );
    return rows.map((row) => ({
      assessmentId: row.assessment_id,
      assessmentTitle: row.title,
      kind: row.kind as MyGradeResponse['kind'],
      weight: Number(row.weight),
      maxScore: Number(row.max_score),
      enrollmentId: row.enrollment_id,
      offeringId: row.offering_id,
      course: { id: row.course_id, code: row.code, title: row.course_title },
      score: Number(row.score),
      feedback: row.feedback ?? undefined,
      gradedAt: row.graded_at.toISOString(),
    }));
  }

  private async assessmentForStaff(assessmentId: string, actor: AuthUser): Promise<Assessment> {
    const assessment = await this.db.getRepository(Assessment).findOneBy({ id: assessmentId });
    // An assessment of an offering the caller does not teach is not theirs to see.
    if (!assessment || !(await this.access.isStaff(assessment.offeringId, actor, this.db.manager))) throw AssessmentErrors.notFound();
    return assessment;
  }

  private async currentGrades(tx: { query: DataSource['query'] }, assessmentId: string, enrollmentIds: string[]): Promise<Map<string, WrittenGrade>> {
    if (enrollmentIds.length === 0) return new Map();
    const rows: WrittenGrade[] = await tx.query(
      'SELECT enrollment_id, score, feedback, version, graded_by, graded_at FROM grades WHERE assessment_id = $1 AND enrollment_id = ANY($2::uuid[])',
      [assessmentId, enrollmentIds],
    );
    return new Map(rows.map((row) => [row.enrollment_id, row]));
  }
}
