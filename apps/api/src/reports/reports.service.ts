// Reports for the academy and its sponsors: the enrolment funnel, completion and pass rates, scores and
// certificates, disaggregated by gender, participant category and nationality. The figures are counted in SQL
// (reports.repository.ts), arranged here (reports.shaping.ts) and written as CSV on request (reports.csv.ts).
import { Injectable } from '@nestjs/common';
import { offeringStatus } from '@amahoro/domain/courses/offering.rules.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingAccess } from '../common/offering-access.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { CourseRef } from '../courses/dto/course.response.js';
import type { SummaryQuery } from './dto/report.query.js';
import type { OfferingReport, SummaryReport, SummaryScope } from './dto/report.response.js';
import { ReportErrors } from './reports.errors.js';
import { ReportsRepository } from './reports.repository.js';
import { breakdowns, byCourse } from './reports.shaping.js';

@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly access: OfferingAccess,
  ) {}

  /** An offering's report, for admins and its instructors; 404 if it does not exist, 403 for other staff. */
  async offering(offeringId: string, actor: AuthUser): Promise<OfferingReport> {
    return this.reports.snapshot(async (tx) => {
      const found = await this.reports.offeringWithCourse(tx, offeringId);
      if (!found) throw OfferingErrors.notFound();
      await this.access.requireStaff(offeringId, actor, ReportErrors.notStaff, tx);
      const { offering, course } = found;
      return {
        offering: { id: offering.id, course: CourseRef.from(course), startsOn: offering.startsOn, endsOn: offering.endsOn, status: offeringStatus(offering, new Date()) },
        ...breakdowns(await this.reports.offeringFigures(tx, offeringId)),
      };
    });
  }

  /** The academy over a date range: per course with an offering overlapping it, and in total. */
  async summary(query: SummaryQuery): Promise<SummaryReport> {
    const from = query.from ?? null;
    const to = query.to ?? null;
    if (from !== null && to !== null && from > to) throw ReportErrors.invalidRange();
    return this.reports.snapshot(async (tx) => {
      const courses = await this.reports.coursesInRange(tx, from, to);
      const { total, perCourse } = byCourse(await this.reports.summaryFigures(tx, from, to));
      const academy: SummaryScope = {
        offerings: courses.reduce((sum, c) => sum + c.offerings, 0),
        offeringsCancelled: courses.reduce((sum, c) => sum + c.offeringsCancelled, 0),
        ...breakdowns(total),
      };
      return {
        from,
        to,
        total: academy,
        courses: courses.map((c) => ({
          course: CourseRef.from(c),
          offerings: c.offerings,
          offeringsCancelled: c.offeringsCancelled,
          ...breakdowns(perCourse.get(c.id) ?? []),
        })),
      };
    });
  }
}
