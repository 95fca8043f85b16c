// The reports' SQL. Every figure is counted by PostgreSQL in one grouped query (GROUPING SETS with FILTER
// clauses) over the enrolments in scope; rows come back decoded into figures, arranged by reports.shaping.ts.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Course } from '@amahoro/database/entities/course.entity.js';
import { Offering } from '@amahoro/database/entities/offering.entity.js';
import { FINAL_RESULT_STATUSES } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { type GroupedFigures, UNKNOWN } from './reports.shaping.js';

export interface CourseOfferingCounts {
  id: string;
  code: string;
  title: string;
  offerings: number;
  offeringsCancelled: number;
}

// The two scopes: one offering ($1), or the summary's: offerings overlapping [$1, $2] (either end may be null), not cancelled.
const IN_RANGE = `($1::date IS NULL OR o.ends_on >= $1::date) AND ($2::date IS NULL OR o.starts_on <= $2::date)`;
const ONE_OFFERING = 'e.offering_id = $1';
const SUMMARY_SCOPE = `o.cancelled_at IS NULL AND ${IN_RANGE}`;

// Finalised with a result (libs/domain's hasFinalResult), as literals: the summary's query is run bare by the bench.
const WITH_RESULT = `s.status IN (${FINAL_RESULT_STATUSES.map((status) => `'${status}'`).join(', ')})`;

// The whole, each gender, each category, each nationality; the summary the same again per course.
const BY_DIMENSION = '(), (s.gender), (s.category), (s.nationality)';
const BY_COURSE_AND_DIMENSION = `${BY_DIMENSION}, (s.course_id), (s.course_id, s.gender), (s.course_id, s.category), (s.course_id, s.nationality)`;

/**
 * The report query over the enrolments matching `scope` (aliases: e enrollments, o offerings, c courses, u users),
 * one row per grouping set. `passed` is libs/domain's `passedOnScore` (final score at least the course's pass mark),
 * restated where the rows are counted: 100,000 enrolments are not worth carrying to JavaScript to count one rule.
 */
function reportSql(scope: string, courseColumn: 's.course_id' | 'NULL::uuid AS course_id', groupingSets: string): string {
  return `
    WITH scope AS MATERIALIZED (
      SELECT e.id, e.status, e.final_score, c.pass_mark, o.course_id,
             coalesce(u.gender, '${UNKNOWN}') AS gender,
             coalesce(u.category, '${UNKNOWN}') AS category,
             coalesce(u.nationality::text, '${UNKNOWN}') AS nationality
        FROM enrollments e
        JOIN offerings o ON o.id = e.offering_id
        JOIN courses c ON c.id = o.course_id
        JOIN users u ON u.id = e.user_id
       WHERE ${scope}
    ), certificate_counts AS (
      SELECT k.enrollment_id,
             count(*) FILTER (WHERE k.status = 'issued') AS issued,
             count(*) FILTER (WHERE k.status = 'revoked') AS revoked
        FROM certificates k JOIN scope s ON s.id = k.enrollment_id
       GROUP BY k.enrollment_id
    ), grouped AS (
      SELECT ${courseColumn}, s.gender, s.category, s.nationality,
             count(*)::int AS applied,
             count(*) FILTER (WHERE s.status = 'pending')::int AS pending,
             count(*) FILTER (WHERE s.status = 'approved')::int AS approved,
             count(*) FILTER (WHERE s.status = 'waitlisted')::int AS waitlisted,
             count(*) FILTER (WHERE s.status = 'not_admitted')::int AS not_admitted,
             count(*) FILTER (WHERE s.status = 'rejected')::int AS rejected,
             count(*) FILTER (WHERE s.status = 'withdrawn')::int AS withdrawn,
             count(*) FILTER (WHERE s.status = 'completed')::int AS completed,
             count(*) FILTER (WHERE s.status = 'failed')::int AS failed,
             count(*) FILTER (WHERE ${WITH_RESULT} AND s.final_score >= s.pass_mark)::int AS passed,
             round(avg(s.final_score) FILTER (WHERE ${WITH_RESULT}), 2) AS average_final_score,
             coalesce(sum(k.issued), 0)::int AS certificates_issued,
             coalesce(sum(k.revoked), 0)::int AS certificates_revoked,
             count(*) FILTER (WHERE s.gender = 'female')::int AS women,
             count(*) FILTER (WHERE s.gender = 'female' AND s.status = 'completed')::int AS women_completed
        FROM scope s LEFT JOIN certificate_counts k ON k.enrollment_id = s.id
       GROUP BY GROUPING SETS (${groupingSets})
    )
    SELECT g.*,
           round(100.0 * g.completed / nullif(g.completed + g.failed, 0), 2) AS completion_rate,
           round(100.0 * g.passed / nullif(g.completed + g.failed, 0), 2) AS pass_rate,
           round(100.0 * g.women / nullif(g.applied, 0), 2) AS women_share,
           round(100.0 * g.women_completed / nullif(g.completed, 0), 2) AS women_share_of_completed
      FROM grouped g`;
}

/** $1: the offering's id. */
const OFFERING_SQL = reportSql(ONE_OFFERING, 'NULL::uuid AS course_id', BY_DIMENSION);
/** The academy summary's query: $1 from, $2 to (dates or NULL). Exported for the bench, which runs it bare. */
export const SUMMARY_SQL = reportSql(SUMMARY_SCOPE, 's.course_id', BY_COURSE_AND_DIMENSION);

const COURSES_IN_RANGE_SQL = `
  SELECT c.id, c.code, c.title,
         count(*) FILTER (WHERE o.cancelled_at IS NULL)::int AS offerings,
         count(*) FILTER (WHERE o.cancelled_at IS NOT NULL)::int AS offerings_cancelled
    FROM offerings o JOIN courses c ON c.id = o.course_id
   WHERE ${IN_RANGE}
   GROUP BY c.id
   ORDER BY c.code`;

/** A row of the report query as pg returns it: counts as int, rounded numerics as strings. */
interface FigureRow {
  course_id: string | null;
  gender: string | null;
  category: string | null;
  nationality: string | null;
  applied: number;
  pending: number;
  approved: number;
  waitlisted: number;
  not_admitted: number;
  rejected: number;
  withdrawn: number;
  completed: number;
  failed: number;
  passed: number;
  average_final_score: string | null;
  certificates_issued: number;
  certificates_revoked: number;
  women: number;
  women_completed: number;
  completion_rate: string | null;
  pass_rate: string | null;
  women_share: string | null;
  women_share_of_completed: string | null;
}

const decimal = (value: string | null): number | null => (value === null ? null : Number(value));

function decode(row: FigureRow): GroupedFigures {
  return {
    courseId: row.course_id,
    gender: row.gender,
    category: row.category,
    nationality: row.nationality,
    figures: {
      applied: row.applied,
      pending: row.pending,
      approved: row.approved,
      waitlisted: row.waitlisted,
      notAdmitted: row.not_admitted,
      rejected: row.rejected,
      withdrawn: row.withdrawn,
      completed: row.completed,
      failed: row.failed,
      passed: row.passed,
      completionRate: decimal(row.completion_rate),
      passRate: decimal(row.pass_rate),
      averageFinalScore: decimal(row.average_final_score),
      certificatesIssued: row.certificates_issued,
      certificatesRevoked: row.certificates_revoked,
      women: row.women,
      womenShare: decimal(row.women_share),
      womenCompleted: row.women_completed,
      womenShareOfCompleted: decimal(row.women_share_of_completed),
    },
  };
}

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every query of a report sees the same moment: one read-only, repeatable-read transaction. */
  snapshot<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      // The planner overestimates these grouped queries by ~50× and JIT-compiles them: 1 s of compiling for
      // a 0.35 s query over 100,000 enrolments (npm run bench -- summary).
      await tx.query('SET LOCAL jit = off');
      return work(tx);
    });
  }

  async offeringWithCourse(tx: EntityManager, offeringId: string): Promise<{ offering: Offering; course: Course } | null> {
    const offering = await tx.getRepository(Offering).findOneBy({ id: offeringId });
    if (!offering) return null;
    const course = await tx.getRepository(Course).findOneByOrFail({ id: offering.courseId });
    return { offering, course };
  }

  async offeringFigures(tx: EntityManager, offeringId: string): Promise<GroupedFigures[]> {
    const rows: FigureRow[] = await tx.query(OFFERING_SQL, [offeringId]);
    return rows.map(decode);
  }

  /** Per course and in total (courseId null), over the offerings overlapping the range, cancelled ones left out. */
  async summaryFigures(tx: EntityManager, from: string | null, to: string | null): Promise<GroupedFigures[]> {
    const rows: FigureRow[] = await tx.query(SUMMARY_SQL, [from, to]);
    return rows.map(decode);
  }

  /** Each course with an offering overlapping the range, by code, with its offerings counted (cancelled apart). */
  async coursesInRange(tx: EntityManager, from: string | null, to: string | null): Promise<CourseOfferingCounts[]> {
    const rows: Array<{ id: string; code: string; title: string; offerings: number; offerings_cancelled: number }> = await tx.query(COURSES_IN_RANGE_SQL, [
      from,
      to,
    ]);
    return rows.map(({ offerings_cancelled, ...course }) => ({ ...course, offeringsCancelled: offerings_cancelled }));
  }
}
