import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { attendancePercent, failedOn, TOTAL_WEIGHT, weightedScore, weightsTotal } from '@amahoro/domain/assessments/grading.rules.js';
import { GRADABLE_STATUSES, isGradable } from '@amahoro/domain/assessments/grades.rules.js';
import { hasEnded } from '@amahoro/domain/courses/offering.rules.js';
import type { Offering } from '@amahoro/database/entities/offering.entity.js';
import type { EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { RESULT_CHANGED_REASON } from '@amahoro/domain/certificates/certificate.rules.js';
import { recordCertificateEvent, recordEnrollmentEvents } from '@amahoro/notifications/events.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import type { AuthUser } from '../common/auth.decorators.js';
import type { CsvCell } from '../common/csv.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { EnrollmentsRepository } from '../enrollments/enrollments.repository.js';
import { AssessmentErrors } from './assessments.errors.js';
import { AssessmentsRepository } from './assessments.repository.js';
import type { AttendanceDay, AttendanceResponse, FinalizeResponse, GradebookResponse, GradebookRow } from './dto/results.response.js';
import { ResultsWindow } from './results-window.js';
import { ResultsRepository } from './results.repository.js';

@Injectable()
export class ResultsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly window: ResultsWindow,
    private readonly results: ResultsRepository,
    private readonly assessments: AssessmentsRepository,
    private readonly enrollments: EnrollmentsRepository,
  ) {}

  /** Records one day: the listed enrolments present, every other one taking part (approved: isGradable) absent. Recording a day again replaces it. */
  async recordAttendance(offeringId: string, day: string, actor: AuthUser, present: string[]): Promise<AttendanceResponse> {
    return this.db.transaction(async (tx) => {
      const offering = await this.window.offeringForStaff(tx, offeringId, actor, 'seats');
      this.window.assertOpen(offering);
      if ((await this.results.course(tx, offering.courseId)).deliveryMode === 'online') throw AssessmentErrors.attendanceNotApplicable();
      if (day < offering.startsOn || day > offering.endsOn) throw AssessmentErrors.attendanceOutsideDates();
      const ids = new Set(await this.enrollments.idsIn(tx, offeringId, GRADABLE_STATUSES));
      const unknown = present.filter((id) => !ids.has(id));
      if (unknown.length > 0) throw AssessmentErrors.attendanceUnknownEnrollments(unknown);
      const here = new Set(present);
      await this.results.recordAttendance(tx, offeringId, day, [...ids].map((id) => ({ enrollmentId: id, present: here.has(id) })), actor.id);
      return { date: day, present: here.size, absent: ids.size - here.size };
    });
  }

  /** Every recorded day, oldest first, with who was present and who absent. */
  async attendance(offeringId: string, actor: AuthUser): Promise<AttendanceDay[]> {
    await this.window.offeringForStaff(this.db.manager, offeringId, actor);
    return this.results.attendanceDays(this.db.manager, offeringId);
  }

  async gradebook(offeringId: string, actor: AuthUser): Promise<GradebookResponse> {
    const offering = await this.window.offeringForStaff(this.db.manager, offeringId, actor);
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
      const offering = await this.window.offeringForStaff(tx, offeringId, actor, 'seats');
      this.window.assertOpen(offering);
      if (!hasEnded(offering.endsOn, await this.results.today(tx))) throw AssessmentErrors.notEnded(offering.endsOn);
      const book = await this.compute(tx, offering);
      if (book.weightsTotal !== TOTAL_WEIGHT) throw AssessmentErrors.weightsNot100(book.weightsTotal);
      const { passMark } = await this.results.course(tx, offering.courseId);
      const results = book.rows
        .filter((row) => isGradable(row.status))
        .map((row) => {
          const why = failedOn(row.weightedTotal, passMark, row.attendancePercent ?? null, offering.minAttendancePercent);
          const status: EnrollmentStatus = why ? 'failed' : 'completed';
          return { ...row, status, finalScore: row.weightedTotal, failedOn: why ?? undefined };
        });
      await this.results.saveFinalResults(tx, results);
      const notAdmitted = await this.results.markNotAdmitted(tx, offeringId);
      await recordEnrollmentEvents(tx, 'enrollment.not_admitted', notAdmitted.map((e) => e.id));
      await this.results.setCompleted(tx, offeringId, true);
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
      ], actor.requestId);
      return { offeringId, completed, failed: results.length - completed, notAdmitted: notAdmitted.length, certificatesRevoked: revoked, results };
    });
  }

  /**
   * Revokes every live certificate of the offering whose enrolment is no longer completed (a re-assessment
   * changed the result): the status list then shows it, and verification says why. Returns how many.
   */
  private async settleCertificates(tx: EntityManager, offeringId: string, actor: AuthUser): Promise<number> {
    const revoked = await this.results.revokeUnearnedCertificates(tx, offeringId, RESULT_CHANGED_REASON);
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
      actor.requestId,
    );
    for (const c of revoked) await recordCertificateEvent(tx, 'certificate.revoked', c.id, RESULT_CHANGED_REASON);
    return revoked.length;
  }

  /** Admins undo a finalisation: results go back to approved and grades can change again. */
  async reopen(offeringId: string, actor: AuthUser): Promise<void> {
    await this.db.transaction(async (tx) => {
      const offering = await this.results.offering(tx, offeringId, 'seats');
      if (!offering) throw OfferingErrors.notFound();
      if (!offering.completedAt) throw AssessmentErrors.notFinal();
      await this.results.clearFinalResults(tx, offeringId);
      await this.results.setCompleted(tx, offeringId, false);
      await recordAudit(tx, [
        { actorId: actor.id, action: 'offering.reopened', entity: 'offering', entityId: offeringId, before: { completedAt: offering.completedAt } },
      ], actor.requestId);
    });
  }

  private async compute(tx: EntityManager, offering: Offering): Promise<GradebookResponse> {
    const assessments = await this.assessments.listForOffering(tx, offering.id);
    const { members, recordedDays, scores: score } = await this.results.gradebookInputs(tx, offering.id);
    return {
      offeringId: offering.id,
      assessments: assessments.map(({ id, title, kind, weight, maxScore }) => ({ id, title, kind, weight, maxScore })),
      weightsTotal: weightsTotal(assessments),
      recordedDays,
      rows: members.map((member): GradebookRow => {
        const scores = Object.fromEntries(assessments.map((a) => [a.id, score.get(`${a.id}:${member.enrollmentId}`) ?? null]));
        return {
          enrollmentId: member.enrollmentId,
          status: member.status,
          user: member.user,
          scores,
          attendancePercent: attendancePercent(member.presentDays, member.recordedDays) ?? undefined,
          weightedTotal: weightedScore(assessments.map((a) => ({ weight: a.weight, maxScore: a.maxScore, score: scores[a.id] ?? null }))),
          finalScore: member.finalScore ?? undefined,
          failedOn: member.failedOn ?? undefined,
        };
      }),
    };
  }
}
