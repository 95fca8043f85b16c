import { Controller, Get, Headers, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors, ApiJsonOrCsvResponse } from '../common/error-responses.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { SummaryQuery } from './dto/report.query.js';
import { OfferingReport, SummaryReport } from './dto/report.response.js';
import { ReportErrors } from './reports.errors.js';
import { ReportsService } from './reports.service.js';

const wantsCsv = (accept: string | undefined) => accept?.includes('text/csv') ?? false;

@ApiTags('reports')
@ApiBearerAuth()
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
    'JSON, or CSV with Accept: text/csv: one line for the total (breakdown "total", group "all") and one per group of each ' +
      'breakdown (gender, category, nationality), with the same figures as the JSON as columns',
  )
  @ApiErrors(401, 403, OfferingErrors.notFound(), ReportErrors.notStaff())
  async getOfferingReport(
    @Param('id', ParseUUIDPipe) offeringId: string,
    @CurrentUser() me: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OfferingReport | string> {
    if (!wantsCsv(accept)) return this.reports.offering(offeringId, me);
    const csv = await this.reports.offeringCsv(offeringId, me);
    void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="report-offering-${offeringId}.csv"`);
    return csv;
  }

  @Roles('admin')
  @Get('summary')
  @ApiOperation({ summary: 'The academy over a date range (offerings overlapping it, cancelled ones left out): per course and in total' })
  @ApiJsonOrCsvResponse(
    SummaryReport,
    'JSON, or CSV with Accept: text/csv: the total’s lines (scope "total") then each course’s (scope "course"); per scope one ' +
      'line for the whole (breakdown "total", group "all") and one per group of each breakdown, with the same figures as the JSON',
  )
  @ApiErrors(401, 403, ReportErrors.invalidRange())
  async getSummaryReport(
    @Query() query: SummaryQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SummaryReport | string> {
    if (!wantsCsv(accept)) return this.reports.summary(query);
    const csv = await this.reports.summaryCsv(query);
    const range = `${query.from ?? 'start'}_${query.to ?? 'now'}`;
    void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="report-summary-${range}.csv"`);
    return csv;
  }
}
