import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { createValidationPipe } from '../common/validation.js';
import { BulkEnrollmentService } from './bulk-enrollment.service.js';
import { type NomineeRow, rowsFromCsv, rowsFromEmails } from './bulk-rows.js';
import { MalformedListError } from './list-file.js';
import { BULK_MAX_ROWS, BulkEnrollDto, BulkEnrollQuery, EnrollDto, EnrollmentActionDto, ListEnrollmentsQuery } from './dto/enrollment.dto.js';
import { BulkEnrollResponse, EnrollmentPage, EnrollmentResponse } from './dto/enrollment.response.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { EnrollmentErrors as E } from './enrollments.errors.js';
import { EnrollmentsService } from './enrollments.service.js';

const bulkBody = createValidationPipe();

@ApiTags('enrollments')
@Controller()
export class EnrollmentsController {
  constructor(
    private readonly enrollments: EnrollmentsService,
    private readonly bulk: BulkEnrollmentService,
  ) {}

  @Roles('trainee', 'admin')
  @Post('offerings/:id/enrollments')
  @ApiOperation({ summary: 'Enrol in an offering (a trainee themselves; an admin names the trainee)' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: EnrollmentResponse, description: 'approved, pending (manual approval) or waitlisted' })
  @ApiErrors(401, 403, OfferingErrors.notFound(), E.userNotFound(), E.userIdRequired(), E.otherUser(), E.alreadyExists(), E.windowClosed(), E.offeringClosed('cancelled'), E.prerequisitesMissing([]), E.notATrainee())
  enrolInOffering(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser, @Body() dto: EnrollDto): Promise<EnrollmentResponse> {
    return this.enrollments.enrol(offeringId, me, dto.userId);
  }

  @Roles('admin')
  @Post('offerings/:id/enrollments/bulk')
  @ApiOperation({ summary: 'Nominate a list of trainees (JSON emails or CSV); ?dryRun=true previews every row and writes nothing' })
  @HttpCode(200)
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    type: BulkEnrollDto,
    description: `JSON {emails}, or text/csv with a header line: email, fullName, gender, nationality, category, rank, organization (at most ${BULK_MAX_ROWS} rows)`,
  })
  @ApiOkResponse({ type: BulkEnrollResponse, description: 'One result per row; a malformed file is a 400 and changes nothing' })
  @ApiErrors(401, 403, OfferingErrors.notFound(), E.malformedFile(''))
  async enrolManyInOffering(
    @Param('id', ParseUUIDPipe) offeringId: string,
    @CurrentUser() me: AuthUser,
    @Query() query: BulkEnrollQuery,
    @Req() request: FastifyRequest,
  ): Promise<BulkEnrollResponse> {
    return this.bulk.enrolAll(offeringId, await readNominees(request), me, query.dryRun === true);
  }

  @Roles('admin', 'instructor')
  @Get('offerings/:id/enrollments')
  @ApiOperation({ summary: 'The roster of an offering, with each trainee’s profile' })
  @ApiOkResponse({ type: EnrollmentPage, description: 'The roster: admins and the offering’s instructors' })
  @ApiErrors(401, 403, OfferingErrors.notFound(), E.rosterForbidden())
  listRoster(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser, @Query() query: ListEnrollmentsQuery): Promise<EnrollmentPage> {
    return this.enrollments.roster(offeringId, me, query);
  }

  @Roles('trainee')
  @Get('me/enrollments')
  @ApiOperation({ summary: 'My enrolments, with status and waitlist position' })
  @ApiOkResponse({ type: EnrollmentPage })
  @ApiErrors(401, 403)
  listMyEnrollments(@CurrentUser() me: AuthUser, @Query() query: ListEnrollmentsQuery): Promise<EnrollmentPage> {
    return this.enrollments.mine(me, query);
  }

  @Get('enrollments/:id')
  @ApiOperation({ summary: 'An enrolment' })
  @ApiOkResponse({ type: EnrollmentResponse, description: 'The trainee, admins and the offering’s instructors' })
  @ApiErrors(401, E.notFound())
  getEnrollment(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<EnrollmentResponse> {
    return this.enrollments.get(id, me);
  }

  @Roles('admin')
  @Post('enrollments/:id/approve')
  @ApiOperation({ summary: 'Approve a pending or waitlisted enrolment' })
  @HttpCode(200)
  @ApiOkResponse({ type: EnrollmentResponse })
  @ApiErrors(401, 403, E.notFound(), E.invalidTransition('approve', 'withdrawn'), E.offeringFull(), E.offeringClosed('cancelled'))
  approveEnrollment(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<EnrollmentResponse> {
    return this.enrollments.act(id, 'approve', me);
  }

  @Roles('admin')
  @Post('enrollments/:id/reject')
  @ApiOperation({ summary: 'Reject an enrolment' })
  @HttpCode(200)
  @ApiBody({ type: EnrollmentActionDto, required: false })
  @ApiOkResponse({ type: EnrollmentResponse })
  @ApiErrors(401, 403, E.notFound(), E.invalidTransition('reject', 'withdrawn'), E.offeringClosed('cancelled'))
  rejectEnrollment(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: EnrollmentActionDto): Promise<EnrollmentResponse> {
    return this.enrollments.act(id, 'reject', me, dto.reason);
  }

  @Roles('trainee', 'admin')
  @Post('enrollments/:id/withdraw')
  @ApiOperation({ summary: 'Withdraw from an offering: the seat goes to the first on the waitlist' })
  @HttpCode(200)
  @ApiBody({ type: EnrollmentActionDto, required: false })
  @ApiOkResponse({ type: EnrollmentResponse, description: 'Frees the seat; the first on the waitlist gets it' })
  @ApiErrors(401, 403, E.notFound(), E.invalidTransition('withdraw', 'withdrawn'), E.offeringClosed('cancelled'))
  withdrawEnrollment(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: EnrollmentActionDto): Promise<EnrollmentResponse> {
    return this.enrollments.act(id, 'withdraw', me, dto.reason);
  }
}

async function readNominees(request: FastifyRequest): Promise<NomineeRow[]> {
  if ((request.headers['content-type'] ?? '').startsWith('text/csv')) {
    try {
      return rowsFromCsv(String(request.body ?? ''), BULK_MAX_ROWS);
    } catch (error) {
      if (error instanceof MalformedListError) throw E.malformedFile(error.message);
      throw error;
    }
  }
  const dto = (await bulkBody.transform(request.body, { type: 'body', metatype: BulkEnrollDto })) as BulkEnrollDto;
  return rowsFromEmails(dto.emails);
}
