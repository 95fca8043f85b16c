// The reports as CSV lines: the same names and numbers as the JSON, one line per set of figures.
import type { CsvCell } from '../common/csv.js';
import type { OfferingReport, ReportBreakdowns, ReportFigures, SummaryReport } from './dto/report.response.js';

/** The CSV columns of a set of figures, in order. */
export const FIGURE_COLUMNS: Array<keyof ReportFigures> = [
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

/** The total (breakdown `total`, group `all`), then each group of each breakdown. */
function breakdownLines(report: ReportBreakdowns): CsvCell[][] {
  const line = (breakdown: string, group: string, f: ReportFigures): CsvCell[] => [breakdown, group, ...FIGURE_COLUMNS.map((column) => f[column])];
  return [
    line('total', 'all', report.totals),
    ...report.byGender.map((g) => line('gender', g.group, g)),
    ...report.byCategory.map((g) => line('category', g.group, g)),
    ...report.byNationality.map((g) => line('nationality', g.group, g)),
  ];
}

export function offeringCsvLines(report: OfferingReport): CsvCell[][] {
  const header = ['offeringId', 'courseCode', 'breakdown', 'group', ...FIGURE_COLUMNS];
  return [header, ...breakdownLines(report).map((line) => [report.offering.id, report.offering.course.code, ...line])];
}

/** The total's lines (scope `total`) first, then each course's (scope `course`). */
export function summaryCsvLines(report: SummaryReport): CsvCell[][] {
  const header = ['scope', 'courseId', 'courseCode', 'courseTitle', 'offerings', 'offeringsCancelled', 'breakdown', 'group', ...FIGURE_COLUMNS];
  const { total } = report;
  return [
    header,
    ...breakdownLines(total).map((line) => ['total', '', '', '', total.offerings, total.offeringsCancelled, ...line]),
    ...report.courses.flatMap((c) =>
      breakdownLines(c).map((line) => ['course', c.course.id, c.course.code, c.course.title, c.offerings, c.offeringsCancelled, ...line]),
    ),
  ];
}
