import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Assessment } from '@amahoro/domain/assessments/assessment.entity.js';
import { attendancePercent, failedOn, type FailedOn, TOTAL_WEIGHT, weightedScore, weightsTotal } from '@amahoro/domain/assessments/grading.rules.js';
import { hasEnded } from '@amahoro/domain/courses/offering.rules.js';
import type { Offering } from '@amahoro/domain/courses/offering.entity.js';
import { ENROLLMENT_STATUSES, type EnrollmentStatus, isLeftOutAtFinalisation } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { RESULT_CHANGED_REASON } from '@amahoro/domain/certificates/certificate.rules.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import type { AuthUser } from '../common/auth.decorators.js';
import type { CsvCell } from '../common/csv.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { lockOffering } from '../enrollments/seats.js';
import { AssessmentErrors } from './assessments.errors.js';
import type { AttendanceDay, AttendanceResponse, FinalizeResponse, GradebookResponse, GradebookRow } from './dto/assessment.response.js';
import { assertOpenForResults, courseOf, offeringForStaff } from './results-window.js';
import { OfferingAccess } from '../common/offering-access.js';

// Enrolments that have results: in the class now, or finalised.
const IN_CLASS = `('approved', 'completed', 'failed')`;

@Injectable()
export class ResultsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OfferingAccess,
  ) {}

  /** Records one day: the listed enrolments present, every other approved one absent. Recording a day again replaces it. */
  async recordAttendance(offeringId: string, day: string, actor: AuthUser, present: string[]): Promise<AttendanceResponse> {
    return this.db.transaction(async (tx) => {
      const offering = await offeringForStaff(tx, this.access, offeringId, actor, true);
      assertOpenForResults(offering);
      if ((await courseOf(tx, offering)).deliveryMode === 'online') throw AssessmentErrors.attendanceNotApplicable();
      if (day < offering.startsOn || day > offering.endsOn) throw AssessmentErrors.attendanceOutsideDates();
      const approved: Array<{ id: string }> = await tx.query(`SELECT id FROM enrollments WHERE offering_id = $1 AND status = 'approved'`, [offeringId]);
      const ids = new Set(approved.map((e) => e.id));
      const unknown = present.filter((id) => !ids.has(id));
      if (unknown.length > 0) throw AssessmentErrors.attendanceUnknownEnrollments(unknown);
      const here = new Set(present);
      await tx.query(
        `INSERT INTO attendance (offering_id, day, enrollment_id, present, recorded_by)
         SELECT $1, $2, t.id, t.present, $5 FROM unnest($3::uuid[], $4::boolean[]) AS t (id, present)
         ON CONFLICT (offering_id, day, enrollment_id) DO UPDATE
           SET present = excluded.present, recorded_by = excluded.recorded_by, recorded_at = now()`,
        [offeringId, day, [...ids], [...ids].map((id) => here.has(id)), actor.id],
      );
      return { date: day, present: here.size, absent: ids.size - here.size };
    });
  }

  /** Every recorded day, oldest first, with who was present and who absent. */
  async attendance(offeringId: string, actor: AuthUser): Promise<AttendanceDay[]> {
    await offeringForStaff(this.db.manager, this.access, offeringId, actor);
    return this.db.query(
      `SELECT day::text AS date,
              coalesce(array_agg(enrollment_id ORDER BY enrollment_id) FILTER (WHERE present), '{}') AS present,
              coalesce(array_agg(enrollment_id ORDER BY enrollment_id) FILTER (WHERE NOT present), '{}') AS absent
         FROM attendance WHERE offering_id = $1 GROUP BY day ORDER BY day`,
      [offeringId],
    );
  }

  async gradebook(offeringId: string, actor: AuthUser): Promise<GradebookResponse> {
    const offering = await offeringForStaff(this.db.manager, this.access, offeringId, actor);
    return this.compute(this.db.manager, offering);
  }

  /** The gradebook as CSV lines: one per trainee, one column per assessment. */
  async gradebookCsv(offeringId: string, actor: AuthUser): Promise<CsvCell[][]> {
    const book = await this.gradebook(offeringId, actor);
    const header = ['email', 'fullName', 'status', ...book.assessments.map((a) => `${a.title} (/${a.maxScore}, ${a.weight}%)`), 'attendancePercent', 'weightedTotal', 'finalScore'];
    const lines = book.rows.map((row): CsvCell[] => [
      row.user.email,
      row.user.fullName,
      row.status,
      ...book.assessments.map((a) => row.scores[a.id] ?? null),
      row.attendancePercent ?? null,
      row.weightedTotal,
      row.finalScore ?? null,
    ]);
    return [header, ...lines];
  }

  /**
   * Computes every approved enrolment's final score and sets it completed or failed (saying what fell short);
   * the pending and waitlisted become not_admitted; the offering becomes completed and its grades lock. Needs
   * the offering to have ended and the weights to sum to 100. Finalising again after a reopen settles the
   * certificates in the same transaction: one whose enrolment is no longer completed is revoked.
   */
  async finalize(offeringId: string, actor: AuthUser): Promise<FinalizeResponse> {
    return this.db.transaction(async (tx) => {
      const offering = await offeringForStaff(tx, this.access, offeringId, actor, true);
      assertOpenForResults(offering);
      const [{ today }] = (await tx.query(`SELECT current_date::text AS today`)) as [{ today: string }];
      if (!hasEnded(offering.endsOn, today)) throw AssessmentErrors.notEnded(offering.endsOn);
      const book = await this.compute(tx, offering);
      if (book.weightsTotal !== TOTAL_WEIGHT) throw AssessmentErrors.weightsNot100(book.weightsTotal);
      const { passMark } = await courseOf(tx, offering);
      const results = book.rows
        .filter((row) => row.status === 'approved')
        .map((row) => {
          const why = failedOn(row.weightedTotal, passMark, row.attendancePercent ?? null, offering.minAttendancePercent);
          const status: EnrollmentStatus = why ? 'failed' : 'completed';
          return { ...row, status, finalScore: row.weightedTotal, failedOn: why ?? undefined };
        });
      await tx.query(
        `UPDATE enrollments e SET status = t.status, final_score = t.score, failed_on = t.failed_on, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::text[]) AS t (id, status, score, failed_on) WHERE e.id = t.id`,
        [results.map((r) => r.enrollmentId), results.map((r) => r.status), results.map((r) => r.finalScore), results.map((r) => r.failedOn ?? null)],
      );
      // An UPDATE answers [rows, count].
      const [notAdmitted]: [Array<{ id: string; status: EnrollmentStatus }>, number] = await tx.query(
        `UPDATE enrollments e SET status = 'not_admitted', updated_at = now()
           FROM enrollments old WHERE old.id = e.id AND e.offering_id = $1 AND e.status = ANY($2::text[])
         RETURNING e.id, old.status`,
        [offeringId, ENROLLMENT_STATUSES.filter(isLeftOutAtFinalisation)],
      );
      await tx.query('UPDATE offerings SET completed_at = now(), updated_at = now() WHERE id = $1', [offeringId]);
      const revoked = await this.settleCertificates(tx, offeringId, actor);
      const completed = results.filter((r) => r.status === 'completed').length;
      await recordAudit(tx, [
        {
          actorId: actor.id,
          action: 'offering.finalized',
          entity: 'offering',
          entityId: offeringId,
          after: { completed, failed: results.length - completed, notAdmitted: notAdmitted.length, certificatesRevoked: revoked },
        },
        ...notAdmitted.map((e) => ({
          actorId: actor.id,
          action: 'enrollment.not_admitted' as const,
          entity: 'enrollment',
          entityId: e.id,
          before: { status: e.status },
          after: { status: 'not_admitted' },
        })),
      ]);
      return { offeringId, completed, failed: results.length - completed, notAdmitted: notAdmitted.length, certificatesRevoked: revoked, results };
    });
  }

  /**
   * Revokes every live certificate of the offering whose enrolment is no longer completed (a re-assessment
   * changed the result): the status list then shows it, and verification says why. Returns how many.
   */
  private async settleCertificates(tx: EntityManager, offeringId: string, actor: AuthUser): Promise<number> {
    const [revoked]: [Array<{ id: string; serial: string; status: string }>, number] = await tx.query(
      `UPDATE certificates c SET status = 'revoked', revoked_at = now(), revocation_reason = $2, updated_at = now()
         FROM enrollments e, certificates old
        WHERE e.id = c.enrollment_id AND old.id = c.id AND e.offering_id = $1 AND e.status <> 'completed' AND c.status <> 'revoked'
        RETURNING c.id, c.serial, old.status`,
      [offeringId, RESULT_CHANGED_REASON],
    );
    await recordAudit(
      tx,
      revoked.map((c) => ({
        actorId: actor.id,
        action: 'certificate.revoked' as const,
        entity: 'certificate',
        entityId: c.id,
        before: { status: c.status },
        after: { status: 'revoked', reason: RESULT_CHANGED_REASON },
      })),
    );
    return revoked.length;
  }

  /** Admins undo a finalisation: results go back to approved and grades can change again. */
  async reopen(offeringId: string, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (tx) => {
      const offering = await lockOffering(tx, offeringId);
      if (!offering) throw OfferingErrors.notFound();
      if (!offering.completedAt) throw AssessmentErrors.notFinal();
      await tx.query(
        `UPDATE enrollments SET status = 'approved', final_score = NULL, failed_on = NULL, updated_at = now()
          WHERE offering_id = $1 AND status IN ('completed', 'failed')`,
        [offeringId],
      );
      await tx.query('UPDATE offerings SET completed_at = NULL, updated_at = now() WHERE id = $1', [offeringId]);
      await recordAudit(tx, [
        { actorId: actor.id, action: 'offering.reopened', entity: 'offering', entityId: offeringId, before: { completedAt: offering.completedAt } },
      ]);
    });
  }

  private async compute(tx: EntityManager, offering: Offering): Promise<GradebookResponse> {
    const assessments = await tx.getRepository(Assessment).find({ where: { offeringId: offering.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    // Attendance counts the days recorded while the trainee was in the class (one promoted late is not absent before).
    const rows: Array<{ id: string; status: EnrollmentStatus; final_score: string | null; failed_on: FailedOn | null; user_id: string; email: string; full_name: string; present_days: number; recorded_days: number }> =
      await tx.query(
        `SELECT e.id, e.status, e.final_score, e.failed_on, u.id AS user_id, u.email, u.full_name,
                coalesce(a.present_days, 0) AS present_days, coalesce(a.recorded_days, 0) AS recorded_days
           FROM enrollments e JOIN users u ON u.id = e.user_id
           LEFT JOIN (SELECT enrollment_id, count(*) FILTER (WHERE present)::int AS present_days, count(*)::int AS recorded_days
                        FROM attendance WHERE offering_id = $1 GROUP BY enrollment_id) a ON a.enrollment_id = e.id
          WHERE e.offering_id = $1 AND e.status IN ${IN_CLASS}
          ORDER BY u.full_name, e.id`,
        [offering.id],
      );
    const [days] = (await tx.query('SELECT count(DISTINCT day)::int AS n FROM attendance WHERE offering_id = $1', [offering.id])) as Array<{ n: number }>;
    const grades: Array<{ assessment_id: string; enrollment_id: string; score: string }> = await tx.query(
      'SELECT g.assessment_id, g.enrollment_id, g.score FROM grades g JOIN assessments a ON a.id = g.assessment_id WHERE a.offering_id = $1',
      [offering.id],
    );
    const score = new Map(grades.map((g) => [`${g.assessment_id}:${g.enrollment_id}`, Number(g.score)]));
    const recordedDays = days?.n ?? 0;
    return {
      offeringId: offering.id,
      assessments: assessments.map(({ id, title, kind, weight, maxScore }) => ({ id, title, kind, weight, maxScore })),
      weightsTotal: weightsTotal(assessments),
      recordedDays,
      rows: rows.map((row): GradebookRow => {
        const scores = Object.fromEntries(assessments.map((a) => [a.id, score.get(`${a.id}:${row.id}`) ?? null]));
        return {
          enrollmentId: row.id,
          status: row.status,
          user: { id: row.user_id, email: row.email, fullName: row.full_name },
          scores,
          attendancePercent: attendancePercent(row.present_days, row.recorded_days) ?? undefined,
          weightedTotal: weightedScore(assessments.map((a) => ({ weight: a.weight, maxScore: a.maxScore, score: scores[a.id] ?? null }))),
          finalScore: row.final_score === null ? undefined : Number(row.final_score),
          failedOn: row.failed_on ?? undefined,
        };
      }),
    };
  }
}
