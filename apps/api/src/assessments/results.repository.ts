// The SQL behind attendance, the gradebook and finalising: set-based writes (unnest) and one read per figure.
// Every method takes the manager to run on, so the service that owns the use case owns the transaction.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Course } from '@amahoro/database/entities/course.entity.js';
import { Offering } from '@amahoro/database/entities/offering.entity.js';
import type { FailedOn } from '@amahoro/domain/assessments/grading.rules.js';
import { ENROLLMENT_STATUSES, type EnrollmentStatus, FINAL_RESULT_STATUSES, IN_CLASS_STATUSES, isLeftOutAtFinalisation } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { lockOffering } from '../courses/seats.js';
import type { AttendanceDay } from './dto/results.response.js';

/** A trainee in the class, with the attendance days counted while they were in it. */
export interface ClassMember {
  enrollmentId: string;
  status: EnrollmentStatus;
  finalScore: number | null;
  failedOn: FailedOn | null;
  user: { id: string; email: string; fullName: string };
  presentDays: number;
  recordedDays: number;
}

export interface GradebookInputs {
  members: ClassMember[];
  /** Days with attendance recorded for anyone in the offering. */
  recordedDays: number;
  /** A grade's score by `${assessmentId}:${enrollmentId}`. */
  scores: Map<string, number>;
}

export type OfferingLock = 'seats' | 'share';

export interface FinalResult {
  enrollmentId: string;
  status: EnrollmentStatus;
  finalScore: number;
  failedOn?: FailedOn;
}

@Injectable()
export class ResultsRepository {
  /**
   * `lock`: `seats`, the offering's row lock, which seat changes and finalising take; `share`, for a writer that
   * only adds to the offering (an assessment): writers share it, finalising waits for them and they for it.
   */
  offering(db: EntityManager, id: string, lock?: OfferingLock): Promise<Offering | null> {
    if (lock === 'seats') return lockOffering(db, id);
    return db.getRepository(Offering).findOne({ where: { id }, ...(lock === 'share' ? { lock: { mode: 'pessimistic_read' as const } } : {}) });
  }

  async course(db: EntityManager, id: string): Promise<Course> {
    return (await db.getRepository(Course).findOneBy({ id }))!;
  }

  /** One day's attendance for these enrolments; recording a day again replaces it. */
  async recordAttendance(db: EntityManager, offeringId: string, day: string, attendance: Array<{ enrollmentId: string; present: boolean }>, recordedBy: string): Promise<void> {
    await db.query(
      `INSERT INTO attendance (offering_id, day, enrollment_id, present, recorded_by)
       SELECT $1, $2, t.id, t.present, $5 FROM unnest($3::uuid[], $4::boolean[]) AS t (id, present)
       ON CONFLICT (offering_id, day, enrollment_id) DO UPDATE
         SET present = excluded.present, recorded_by = excluded.recorded_by, recorded_at = now()`,
      [offeringId, day, attendance.map((a) => a.enrollmentId), attendance.map((a) => a.present), recordedBy],
    );
  }

  attendanceDays(db: EntityManager, offeringId: string): Promise<AttendanceDay[]> {
    return db.query(
      `SELECT day::text AS date,
              coalesce(array_agg(enrollment_id ORDER BY enrollment_id) FILTER (WHERE present), '{}') AS present,
              coalesce(array_agg(enrollment_id ORDER BY enrollment_id) FILTER (WHERE NOT present), '{}') AS absent
         FROM attendance WHERE offering_id = $1 GROUP BY day ORDER BY day`,
      [offeringId],
    );
  }

  /** The database's calendar date: the one clock every process agrees on. */
  async today(db: EntityManager): Promise<string> {
    const [{ today }] = (await db.query(`SELECT current_date::text AS today`)) as [{ today: string }];
    return today;
  }

  async gradebookInputs(db: EntityManager, offeringId: string): Promise<GradebookInputs> {
    // Attendance counts the days recorded while the trainee was in the class (one promoted late is not absent before).
    const rows: Array<{ id: string; status: EnrollmentStatus; final_score: string | null; failed_on: FailedOn | null; user_id: string; email: string; full_name: string; present_days: number; recorded_days: number }> =
      await db.query(
        `SELECT e.id, e.status, e.final_score, e.failed_on, u.id AS user_id, u.email, u.full_name,
                coalesce(a.present_days, 0) AS present_days, coalesce(a.recorded_days, 0) AS recorded_days
           FROM enrollments e JOIN users u ON u.id = e.user_id
           LEFT JOIN (SELECT enrollment_id, count(*) FILTER (WHERE present)::int AS present_days, count(*)::int AS recorded_days
                        FROM attendance WHERE offering_id = $1 GROUP BY enrollment_id) a ON a.enrollment_id = e.id
          WHERE e.offering_id = $1 AND e.status = ANY($2::text[])
          ORDER BY u.full_name, e.id`,
        [offeringId, IN_CLASS_STATUSES],
      );
    const [days] = (await db.query('SELECT count(DISTINCT day)::int AS n FROM attendance WHERE offering_id = $1', [offeringId])) as Array<{ n: number }>;
    const grades: Array<{ assessment_id: string; enrollment_id: string; score: string }> = await db.query(
      'SELECT g.assessment_id, g.enrollment_id, g.score FROM grades g JOIN assessments a ON a.id = g.assessment_id WHERE a.offering_id = $1',
      [offeringId],
    );
    return {
      members: rows.map((row) => ({
        enrollmentId: row.id,
        status: row.status,
        finalScore: row.final_score === null ? null : Number(row.final_score),
        failedOn: row.failed_on,
        user: { id: row.user_id, email: row.email, fullName: row.full_name },
        presentDays: row.present_days,
        recordedDays: row.recorded_days,
      })),
      recordedDays: days?.n ?? 0,
      scores: new Map(grades.map((g) => [`${g.assessment_id}:${g.enrollment_id}`, Number(g.score)])),
    };
  }

  async saveFinalResults(db: EntityManager, results: FinalResult[]): Promise<void> {
    await db.query(
      `UPDATE enrollments e SET status = t.status, final_score = t.score, failed_on = t.failed_on, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::text[]) AS t (id, status, score, failed_on) WHERE e.id = t.id`,
      [results.map((r) => r.enrollmentId), results.map((r) => r.status), results.map((r) => r.finalScore), results.map((r) => r.failedOn ?? null)],
    );
  }

  /** Those left out at finalisation become not_admitted; answers each with the status it had. */
  async markNotAdmitted(db: EntityManager, offeringId: string): Promise<Array<{ id: string; status: EnrollmentStatus }>> {
    // An UPDATE answers [rows, count].
    const [rows]: [Array<{ id: string; status: EnrollmentStatus }>, number] = await db.query(
      `UPDATE enrollments e SET status = 'not_admitted', updated_at = now()
         FROM enrollments old WHERE old.id = e.id AND e.offering_id = $1 AND e.status = ANY($2::text[])
       RETURNING e.id, old.status`,
      [offeringId, ENROLLMENT_STATUSES.filter(isLeftOutAtFinalisation)],
    );
    return rows;
  }

  async setCompleted(db: EntityManager, offeringId: string, completed: boolean): Promise<void> {
    await db.query(`UPDATE offerings SET completed_at = ${completed ? 'now()' : 'NULL'}, updated_at = now() WHERE id = $1`, [offeringId]);
  }

  /** Revokes every live certificate of the offering whose enrolment is no longer completed; answers each with its old status. */
  async revokeUnearnedCertificates(db: EntityManager, offeringId: string, reason: string): Promise<Array<{ id: string; serial: string; status: string }>> {
    const [revoked]: [Array<{ id: string; serial: string; status: string }>, number] = await db.query(
      `UPDATE certificates c SET status = 'revoked', revoked_at = now(), revocation_reason = $2, updated_at = now()
         FROM enrollments e, certificates old
        WHERE e.id = c.enrollment_id AND old.id = c.id AND e.offering_id = $1 AND e.status <> 'completed' AND c.status <> 'revoked'
        RETURNING c.id, c.serial, old.status`,
      [offeringId, reason],
    );
    return revoked;
  }

  /** Reopening: every final result goes back to approved, without its score. */
  async clearFinalResults(db: EntityManager, offeringId: string): Promise<void> {
    await db.query(
      `UPDATE enrollments SET status = 'approved', final_score = NULL, failed_on = NULL, updated_at = now()
        WHERE offering_id = $1 AND status = ANY($2::text[])`,
      [offeringId, FINAL_RESULT_STATUSES],
    );
  }
}
