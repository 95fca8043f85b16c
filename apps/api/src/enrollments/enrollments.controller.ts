import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { createValidationPipe } from '../common/validation.js';
import { BulkEnrollmentService } from './bulk-enrollment.service.js';
import { MalformedFileError, type NomineeRow, rowsFromCsv, rowsFromEmails } from './bulk-rows.js';
import { BULK_MAX_ROWS, BulkEnrollDto, EnrollDto, EnrollmentActionDto, ListEnrollmentsQuery } from './dto/enrollment.dto.js';
import { BulkEnrollResponse, EnrollmentPage, EnrollmentResponse } from './dto/enrollment.response.js';
import { EnrollmentErrors } from './enrollments.errors.js';
import { EnrollmentsService } from './enrollments.service.js';

const bulkBody = createValidationPipe();

@ApiTags('enrollments')
@ApiBearerAuth()
@Controller()
export class EnrollmentsController {
  constructor(
    private readonly enrollments: EnrollmentsService,
    private readonly bulk: BulkEnrollmentService,
  ) {}

  @Roles('trainee', 'admin')
  @Post('offerings/:id/enrollments')
  @HttpCode(201)
  @ApiCreatedResponse({ type: EnrollmentResponse, description: 'approved, pending (manual approval) or waitlisted' })
  @ApiErrors(401, 403, 404, 409)
  enrol(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser, @Body() dto: EnrollDto): Promise<EnrollmentResponse> {
    return this.enrollments.enrol(offeringId, me, dto.userId);
  }

  @Roles('admin')
  @Post('offerings/:id/enrollments/bulk')
  @HttpCode(200)
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    type: BulkEnrollDto,
    description: `JSON {emails}, or text/csv with a header line: email, fullName, gender, nationality, category, rank, organization (at most ${BULK_MAX_ROWS} rows)`,
  })
  @ApiOkResponse({ type: BulkEnrollResponse, description: 'One result per row; a malformed file is a 400 and changes nothing' })
  @ApiErrors(401, 403, 404)
  async enrolMany(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser, @Req() request: FastifyRequest): Promise<BulkEnrollResponse> {
    return this.bulk.enrolAll(offeringId, await readNominees(request), me.id);
  }

  @Roles('admin', 'instructor')
  @Get('offerings/:id/enrollments')
  @ApiOkResponse({ type: EnrollmentPage, description: 'The roster: admins and the offering’s instructors' })
  @ApiErrors(401, 403, 404)
  roster(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser, @Query() query: ListEnrollmentsQuery): Promise<EnrollmentPage> {
    return this.enrollments.roster(offeringId, me, query);
  }

  @Roles('trainee')
  @Get('me/enrollments')
  @ApiOkResponse({ type: EnrollmentPage })
  @ApiErrors(401, 403)
  mine(@CurrentUser() me: AuthUser, @Query() query: ListEnrollmentsQuery): Promise<EnrollmentPage> {
    return this.enrollments.mine(me, query);
  }

  @Get('enrollments/:id')
  @ApiOkResponse({ type: EnrollmentResponse, description: 'The trainee, admins and the offering’s instructors' })
  @ApiErrors(401, 404)
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<EnrollmentResponse> {
    return this.enrollments.get(id, me);
  }

  @Roles('admin')
  @Post('enrollments/:id/approve')
  @HttpCode(200)
  @ApiOkResponse({ type: EnrollmentResponse })
  @ApiErrors(401, 403, 404, 409)
  approve(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<EnrollmentResponse> {
    return this.enrollments.act(id, 'approve', me);
  }

  @Roles('admin')
  @Post('enrollments/:id/reject')
  @HttpCode(200)
  @ApiBody({ type: EnrollmentActionDto, required: false })
  @ApiOkResponse({ type: EnrollmentResponse })
  @ApiErrors(401, 403, 404, 409)
  reject(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: EnrollmentActionDto): Promise<EnrollmentResponse> {
    return this.enrollments.act(id, 'reject', me, dto.reason);
  }

  @Roles('trainee', 'admin')
  @Post('enrollments/:id/withdraw')
  @HttpCode(200)
  @ApiBody({ type: EnrollmentActionDto, required: false })
  @ApiOkResponse({ type: EnrollmentResponse, description: 'Frees the seat; the first on the waitlist gets it' })
  @ApiErrors(401, 403, 404, 409)
  withdraw(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: EnrollmentActionDto): Promise<EnrollmentResponse> {
    return this.enrollments.act(id, 'withdraw', me, dto.reason);
  }
}

async function readNominees(request: FastifyRequest): Promise<NomineeRow[]> {
  if ((request.headers['content-type'] ?? '').startsWith('text/csv')) {
    try {
      return rowsFromCsv(String(request.body ?? ''), BULK_MAX_ROWS);
    } catch (error) {
      if (error instanceof MalformedFileError) throw EnrollmentErrors.malformedFile(error.message);
      throw error;
    }
  }
  const dto = (await bulkBody.transform(request.body, { type: 'body', metatype: BulkEnrollDto })) as BulkEnrollDto;
  return rowsFromEmails(dto.emails);
}
