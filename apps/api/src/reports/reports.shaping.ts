// Arranges the grouped figures of the report query into the reports' breakdowns. Pure: no I/O.
import { GENDERS, PARTICIPANT_CATEGORIES } from '@amahoro/domain/users/user.types.js';
import type { GroupFigures, ReportBreakdowns, ReportFigures } from './dto/report.response.js';

/** The value of a profile field that was never given. */
export const UNKNOWN = 'unknown';
/** The figures of one grouping set: a dimension it does not group by is null (a missing profile field is UNKNOWN). */
export interface GroupedFigures {
  courseId: string | null;
  gender: string | null;
  category: string | null;
  nationality: string | null;
  figures: ReportFigures;
}

const GENDER_GROUPS = [...GENDERS, UNKNOWN];
const CATEGORY_GROUPS = [...PARTICIPANT_CATEGORIES, UNKNOWN];

/** The figures of a group with no enrolment: the query returns no row for it. */
export const NO_ENROLMENTS: ReportFigures = {
  applied: 0,
  pending: 0,
  approved: 0,
  waitlisted: 0,
  notAdmitted: 0,
  rejected: 0,
  withdrawn: 0,
  completed: 0,
  failed: 0,
  passed: 0,
  completionRate: null,
  passRate: null,
  averageFinalScore: null,
  certificatesIssued: 0,
  certificatesRevoked: 0,
  women: 0,
  womenShare: null,
  womenCompleted: 0,
  womenShareOfCompleted: null,
};

type Dimension = 'gender' | 'category' | 'nationality';

/**
 * The breakdowns of one scope (an offering, a course, or the whole) from its grouped rows: every gender and category
 * listed (zero where none), nationalities present in code order with `unknown` last.
 */
export function breakdowns(rows: GroupedFigures[]): ReportBreakdowns {
  const of = (dimension: Dimension) => new Map(rows.filter((row) => row[dimension] !== null).map((row) => [row[dimension]!, row.figures]));
  const groups = (dimension: Dimension, keys: readonly string[]): GroupFigures[] => {
    const byKey = of(dimension);
    return keys.map((group) => ({ group, ...(byKey.get(group) ?? NO_ENROLMENTS) }));
  };
  const nationalities = [...of('nationality').keys()].filter((n) => n !== UNKNOWN).sort();
  if (of('nationality').has(UNKNOWN)) nationalities.push(UNKNOWN);
  const byCategory = groups('category', CATEGORY_GROUPS);
  const total = rows.find((row) => row.gender === null && row.category === null && row.nationality === null);
  return {
    totals: { ...(total?.figures ?? NO_ENROLMENTS) },
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

/** The summary's rows split by course; the total's rows (no course) apart. */
export function byCourse(rows: GroupedFigures[]): { total: GroupedFigures[]; perCourse: Map<string, GroupedFigures[]> } {
  const total: GroupedFigures[] = [];
  const perCourse = new Map<string, GroupedFigures[]>();
  for (const row of rows) {
    if (row.courseId === null) {
      total.push(row);
      continue;
    }
    const group = perCourse.get(row.courseId);
    if (group) group.push(row);
    else perCourse.set(row.courseId, [row]);
  }
  return { total, perCourse };
}
