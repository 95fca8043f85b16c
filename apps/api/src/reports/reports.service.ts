// Reports for the academy and its sponsors: the enrolment funnel, completion and pass rates, scores and
// certificates, disaggregated by gender, participant category and nationality. Every figure is counted by
// PostgreSQL in one grouped query (GROUPING SETS with FILTER clauses); JavaScript only arranges the groups.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Course } from '@amahoro/domain/courses/course.entity.js';
import { Offering } from '@amahoro/domain/courses/offering.entity.js';
import { offeringStatus } from '@amahoro/domain/courses/offering.rules.js';
import { GENDERS, PARTICIPANT_CATEGORIES } from '@amahoro/domain/users/user.types.js';
import { isStaffOf } from '../assessments/offering-access.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { csvCell } from '../common/csv.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { CourseRef } from '../courses/dto/course.response.js';
import type { SummaryQuery } from './dto/report.query.js';
import type { GroupFigures, OfferingReport, ReportBreakdowns, ReportFigures, SummaryReport, SummaryScope } from './dto/report.response.js';
import { ReportErrors } from './reports.errors.js';

/** The value of a profile field that was never given. */
export const UNKNOWN = 'unknown';
const GENDER_GROUPS = [...GENDERS, UNKNOWN];
const CATEGORY_GROUPS = [...PARTICIPANT_CATEGORIES, UNKNOWN];

/** Offerings counted by the summary: not cancelled, dates overlapping [$1, $2] (either end may be null). */
const IN_RANGE = `($1::date IS NULL OR o.ends_on >= $1::date) AND ($2::date IS NULL OR o.starts_on <= $2::date)`;
const SUMMARY_SCOPE = `o.cancelled_at IS NULL AND ${IN_RANGE}`;

/**
 * The report query over the enrolments matching `where` (aliases: e enrollments, o offerings, c courses,
 * u users): one row per grouping set — the whole, each gender, each category, each nationality, and with
 * `perCourse` the same again per course. A column the set does not group by comes back NULL; grouped
 * values are never NULL (a missing profile field is 'unknown'). Exported for the bench, which runs it bare.
 */
export function reportSql(where: string, perCourse: boolean): string {
  const dimensions = ['s.gender', 's.category', 's.nationality'];
  const sets = [[], ...dimensions.map((d) => [d])];
  const groupingSets = perCourse ? [...sets, ...sets.map((set) => ['s.course_id', ...set])] : sets;
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
       WHERE ${where}
    ), certificate_counts AS (
      SELECT k.enrollment_id,
             count(*) FILTER (WHERE k.status = 'issued') AS issued,
             count(*) FILTER (WHERE k.status = 'revoked') AS revoked
        FROM certificates k JOIN scope s ON s.id = k.enrollment_id
       GROUP BY k.enrollment_id
    ), grouped AS (
      SELECT ${perCourse ? 's.course_id' : 'NULL::uuid AS course_id'}, s.gender, s.category, s.nationality,
             count(*)::int AS applied,
             count(*) FILTER (WHERE s.status = 'pending')::int AS pending,
             count(*) FILTER (WHERE s.status = 'approved')::int AS approved,
             count(*) FILTER (WHERE s.status = 'waitlisted')::int AS waitlisted,
             count(*) FILTER (WHERE s.status = 'not_admitted')::int AS not_admitted,
             count(*) FILTER (WHERE s.status = 'rejected')::int AS rejected,
             count(*) FILTER (WHERE s.status = 'withdrawn')::int AS withdrawn,
             count(*) FILTER (WHERE s.status = 'completed')::int AS completed,
             count(*) FILTER (WHERE s.status = 'failed')::int AS failed,
             count(*) FILTER (WHERE s.status IN ('completed', 'failed') AND s.final_score >= s.pass_mark)::int AS passed,
             round(avg(s.final_score) FILTER (WHERE s.status IN ('completed', 'failed')), 2) AS average_final_score,
             coalesce(sum(k.issued), 0)::int AS certificates_issued,
             coalesce(sum(k.revoked), 0)::int AS certificates_revoked,
             count(*) FILTER (WHERE s.gender = 'female')::int AS women,
             count(*) FILTER (WHERE s.gender = 'female' AND s.status = 'completed')::int AS women_completed
        FROM scope s LEFT JOIN certificate_counts k ON k.enrollment_id = s.id
       GROUP BY GROUPING SETS (${groupingSets.map((set) => `(${set.join(', ')})`).join(', ')})
    )
    SELECT g.*,
           round(100.0 * g.completed / nullif(g.completed + g.failed, 0), 2) AS completion_rate,
           round(100.0 * g.passed / nullif(g.completed + g.failed, 0), 2) AS pass_rate,
           round(100.0 * g.women / nullif(g.applied, 0), 2) AS women_share,
           round(100.0 * g.women_completed / nullif(g.completed, 0), 2) AS women_share_of_completed
      FROM grouped g`;
}

/** The academy summary's query: $1 from, $2 to (dates or NULL). */
export const SUMMARY_SQL = reportSql(SUMMARY_SCOPE, true);
const OFFERING_SQL = reportSql('e.offering_id = $1', false);

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

function figures(row: FigureRow | undefined): ReportFigures {
  return {
    applied: row?.applied ?? 0,
    pending: row?.pending ?? 0,
    approved: row?.approved ?? 0,
    waitlisted: row?.waitlisted ?? 0,
    notAdmitted: row?.not_admitted ?? 0,
    rejected: row?.rejected ?? 0,
    withdrawn: row?.withdrawn ?? 0,
    completed: row?.completed ?? 0,
    failed: row?.failed ?? 0,
    passed: row?.passed ?? 0,
    completionRate: decimal(row?.completion_rate ?? null),
    passRate: decimal(row?.pass_rate ?? null),
    averageFinalScore: decimal(row?.average_final_score ?? null),
    certificatesIssued: row?.certificates_issued ?? 0,
    certificatesRevoked: row?.certificates_revoked ?? 0,
    women: row?.women ?? 0,
    womenShare: decimal(row?.women_share ?? null),
    womenCompleted: row?.women_completed ?? 0,
    womenShareOfCompleted: decimal(row?.women_share_of_completed ?? null),
  };
}

type Dimension = 'gender' | 'category' | 'nationality';

/** Arranges the grouped rows of one scope (an offering, a course, or the whole) into its breakdowns. */
function breakdowns(rows: FigureRow[]): ReportBreakdowns {
  const of = (dimension: Dimension) => new Map(rows.filter((row) => row[dimension] !== null).map((row) => [row[dimension]!, row]));
  const groups = (dimension: Dimension, keys: readonly string[]): GroupFigures[] => {
    const byKey = of(dimension);
    return keys.map((group) => ({ group, ...figures(byKey.get(group)) }));
  };
  const nationalities = [...of('nationality').keys()].filter((n) => n !== UNKNOWN).sort();
  if (of('nationality').has(UNKNOWN)) nationalities.push(UNKNOWN);
  const byCategory = groups('category', CATEGORY_GROUPS);
  return {
    totals: figures(rows.find((row) => row.gender === null && row.category === null && row.nationality === null)),
    byGender: groups('gender', GENDER_GROUPS),
    byCategory,
    byNationality: groups('nationality', nationalities),
    womenShareByCategory: byCategory.map((g) => ({
      category: g.group,
      applied: g.applied,
      women: g.women,
      womenShare: g.womenShare,
      completed: g.completed,
      womenCompleted: g.womenCompleted,
      womenShareOfCompleted: g.womenShareOfCompleted,
    })),
  };
}

/** The CSV columns of a set of figures, in order: the same names and numbers as the JSON. */
const FIGURE_COLUMNS: Array<keyof ReportFigures> = [
  'applied',
  'pending',
  'approved',
  'waitlisted',
  'notAdmitted',
  'rejected',
  'withdrawn',
  'completed',
  'failed',
  'passed',
  'completionRate',
  'passRate',
  'averageFinalScore',
  'certificatesIssued',
  'certificatesRevoked',
  'women',
  'womenShare',
  'womenCompleted',
  'womenShareOfCompleted',
];

/** One CSV line per set of figures: the total (breakdown `total`, group `all`), then each group of each breakdown. */
function breakdownLines(report: ReportBreakdowns): Array<Array<string | number>> {
  const line = (breakdown: string, group: string, f: ReportFigures) => [breakdown, group, ...FIGURE_COLUMNS.map((column) => f[column] ?? '')];
  return [
    line('total', 'all', report.totals),
    ...report.byGender.map((g) => line('gender', g.group, g)),
    ...report.byCategory.map((g) => line('category', g.group, g)),
    ...report.byNationality.map((g) => line('nationality', g.group, g)),
  ];
}

function toCsv(lines: Array<Array<string | number>>): string {
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** An offering's report, for admins and its instructors; 404 if it does not exist, 403 for other staff. */
  async offering(offeringId: string, actor: AuthUser): Promise<OfferingReport> {
    return this.snapshot(async (tx) => {
      const offering = await tx.getRepository(Offering).findOneBy({ id: offeringId });
      if (!offering) throw OfferingErrors.notFound();
      if (!(await isStaffOf(tx, offeringId, actor))) throw ReportErrors.notStaff();
      const course = (await tx.getRepository(Course).findOneBy({ id: offering.courseId }))!;
      const rows: FigureRow[] = await tx.query(OFFERING_SQL, [offeringId]);
      return {
        offering: { id: offering.id, course: CourseRef.from(course), startsOn: offering.startsOn, endsOn: offering.endsOn, status: offeringStatus(offering, new Date()) },
        ...breakdowns(rows),
      };
    });
  }

  async offeringCsv(offeringId: string, actor: AuthUser): Promise<string> {
    const report = await this.offering(offeringId, actor);
    const header = ['offeringId', 'courseCode', 'breakdown', 'group', ...FIGURE_COLUMNS];
    return toCsv([header, ...breakdownLines(report).map((line) => [report.offering.id, report.offering.course.code, ...line])]);
  }

  /** The academy over a date range: per course with an offering overlapping it, and in total. */
  async summary(query: SummaryQuery): Promise<SummaryReport> {
    const from = query.from ?? null;
    const to = query.to ?? null;
    if (from !== null && to !== null && from > to) throw ReportErrors.invalidRange();
    return this.snapshot(async (tx) => {
      const courses: Array<{ id: string; code: string; title: string; offerings: number; offerings_cancelled: number }> = await tx.query(
        `SELECT c.id, c.code, c.title,
                count(*) FILTER (WHERE o.cancelled_at IS NULL)::int AS offerings,
                count(*) FILTER (WHERE o.cancelled_at IS NOT NULL)::int AS offerings_cancelled
           FROM offerings o JOIN courses c ON c.id = o.course_id
          WHERE ${IN_RANGE}
          GROUP BY c.id
          ORDER BY c.code`,
        [from, to],
      );
      const rows: FigureRow[] = await tx.query(SUMMARY_SQL, [from, to]);
      const byCourse = new Map<string, FigureRow[]>();
      for (const row of rows) {
        if (row.course_id === null) continue;
        const group = byCourse.get(row.course_id);
        if (group) group.push(row);
        else byCourse.set(row.course_id, [row]);
      }
      const total: SummaryScope = {
        offerings: courses.reduce((sum, c) => sum + c.offerings, 0),
        offeringsCancelled: courses.reduce((sum, c) => sum + c.offerings_cancelled, 0),
        ...breakdowns(rows.filter((row) => row.course_id === null)),
      };
      return {
        from,
        to,
        total,
        courses: courses.map((c) => ({
          course: CourseRef.from(c),
          offerings: c.offerings,
          offeringsCancelled: c.offerings_cancelled,
          ...breakdowns(byCourse.get(c.id) ?? []),
        })),
      };
    });
  }

  async summaryCsv(query: SummaryQuery): Promise<string> {
    const report = await this.summary(query);
    const header = ['scope', 'courseId', 'courseCode', 'courseTitle', 'offerings', 'offeringsCancelled', 'breakdown', 'group', ...FIGURE_COLUMNS];
    const lines = [
      ...breakdownLines(report.total).map((line) => ['total', '', '', '', report.total.offerings, report.total.offeringsCancelled, ...line]),
      ...report.courses.flatMap((c) =>
        breakdownLines(c).map((line) => ['course', c.course.id, c.course.code, c.course.title, c.offerings, c.offeringsCancelled, ...line]),
      ),
    ];
    return toCsv([header, ...lines]);
  }

  /** Every query of a report sees the same moment: one read-only, repeatable-read transaction. */
  private snapshot<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      // The planner overestimates these grouped queries by ~50× and JIT-compiles them: 1 s of compiling for
      // a 0.35 s query over 100,000 enrolments (npm run bench -- summary).
      await tx.query('SET LOCAL jit = off');
      return work(tx);
    });
  }
}
