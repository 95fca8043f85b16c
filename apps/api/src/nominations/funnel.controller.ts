import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../common/auth.decorators.js';
import { csvReply, wantsCsv } from '../common/csv.js';
import { ApiErrors, ApiJsonOrCsvResponse } from '../common/error-responses.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { ReportErrors } from '../reports/reports.errors.js';
import { FunnelQuery } from './dto/funnel.dto.js';
import { FunnelReport } from './dto/funnel.response.js';
import { funnelCsvLines, FunnelService } from './funnel.service.js';

@ApiTags('reports')
@Controller('reports')
export class FunnelController {
  constructor(private readonly funnel: FunnelService) {}

  @Roles('admin')
  @Get('funnel')
  @ApiOperation({ summary: 'Nominated → selected → enrolled → completed → certified, by gender, nationality and organisation (over a period or one offering)' })
  @ApiJsonOrCsvResponse(FunnelReport, 'JSON, or CSV with Accept: text/csv or ?format=csv: breakdown, group, then the five figures (the total first)')
  @ApiErrors(401, 403, OfferingErrors.notFound(), ReportErrors.invalidRange())
  async getFunnelReport(@Query() query: FunnelQuery, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<FunnelReport | string> {
    const report = await this.funnel.funnel(query);
    if (!wantsCsv(query.format, accept)) return report;
    return csvReply(reply, `funnel-${query.offeringId ?? `${query.from ?? 'start'}_${query.to ?? 'now'}`}.csv`, funnelCsvLines(report));
  }
}
