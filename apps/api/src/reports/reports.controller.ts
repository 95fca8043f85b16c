import { Controller, Get, Headers, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { csvReply, FormatQuery, wantsCsv } from '../common/csv.js';
import { ApiErrors, ApiJsonOrCsvResponse } from '../common/error-responses.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { SummaryQuery } from './dto/report.query.js';
import { OfferingReport, SummaryReport } from './dto/report.response.js';
import { offeringCsvLines, summaryCsvLines } from './reports.csv.js';
import { ReportErrors } from './reports.errors.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Roles('admin', 'instructor')
  @Get('offerings/:id')
  @ApiOperation({
    summary: 'An offering’s report: enrolment funnel, completion and pass rates, average final score, certificates; by gender, category and nationality',
  })
  @ApiJsonOrCsvResponse(
    OfferingReport,
    'JSON, or CSV with Accept: text/csv or ?format=csv: one line for the total (breakdown "total", group "all") and one per group of each ' +
      'breakdown (gender, category, nationality), with the same figures as the JSON as columns',
  )
  @ApiErrors(401, 403, OfferingErrors.notFound(), ReportErrors.notStaff())
  async getOfferingReport(
    @Param('id', ParseUUIDPipe) offeringId: string,
    @Query() { format }: FormatQuery,
    @CurrentUser() me: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OfferingReport | string> {
    const report = await this.reports.offering(offeringId, me);
    if (!wantsCsv(format, accept)) return report;
    return csvReply(reply, `report-offering-${offeringId}.csv`, offeringCsvLines(report));
  }

  @Roles('admin')
  @Get('summary')
  @ApiOperation({ summary: 'The academy over a date range (offerings overlapping it, cancelled ones left out): per course and in total' })
  @ApiJsonOrCsvResponse(
    SummaryReport,
    'JSON, or CSV with Accept: text/csv or ?format=csv: the total’s lines (scope "total") then each course’s (scope "course"); per scope one ' +
      'line for the whole (breakdown "total", group "all") and one per group of each breakdown, with the same figures as the JSON',
  )
  @ApiErrors(401, 403, ReportErrors.invalidRange())
  async getSummaryReport(
    @Query() query: SummaryQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SummaryReport | string> {
    const report = await this.reports.summary(query);
    if (!wantsCsv(query.format, accept)) return report;
    return csvReply(reply, `report-summary-${query.from ?? 'start'}_${query.to ?? 'now'}.csv`, summaryCsvLines(report));
  }
}
