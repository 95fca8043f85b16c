import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { createValidationPipe } from '../common/validation.js';
import { MalformedListError } from '../enrollments/list-file.js';
import { type CandidateRow, rowsFromCsv, rowsFromJson } from './candidate-rows.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { NominationCallDto } from './dto/nomination-call.dto.js';
import { NominationCallResponse } from './dto/nomination-call.response.js';
import { ListNominationsQuery, NOMINATIONS_MAX_ROWS, SubmitNominationsDto, SubstituteDto } from './dto/nomination.dto.js';
import { NominationPage, NominationResponse, SubmitNominationsResponse } from './dto/nomination.response.js';
import { SelectionDto } from './dto/selection.dto.js';
import { BalanceResponse, SelectionResponse } from './dto/selection.response.js';
import { NominationCallsService } from './nomination-calls.service.js';
import { NominationErrors as E } from './nominations.errors.js';
import { NominationsService } from './nominations.service.js';
import { SelectionService } from './selection.service.js';

const listBody = createValidationPipe();

@ApiTags('nominations')
@Controller()
export class NominationsController {
  constructor(
    private readonly calls: NominationCallsService,
    private readonly nominations: NominationsService,
    private readonly selection: SelectionService,
  ) {}

  @Roles('admin')
  @Put('offerings/:id/nomination-call')
  @ApiOperation({ summary: 'Open (or change) the call for nominations: window, allocations per organisation, parity rule, eligibility' })
  @ApiOkResponse({ type: NominationCallResponse })
  @ApiErrors(401, 403, OfferingErrors.notFound(), E.callInvalid(''))
  saveNominationCall(@Param('id', ParseUUIDPipe) offeringId: string, @Body() dto: NominationCallDto, @CurrentUser() me: AuthUser): Promise<NominationCallResponse> {
    return this.calls.saveCall(offeringId, dto, me);
  }

  @Roles('admin', 'focal_point')
  @Get('offerings/:id/nomination-call')
  @ApiOperation({ summary: 'The call for nominations of an offering' })
  @ApiOkResponse({ type: NominationCallResponse, description: 'Admins: every allocation; a focal point with an allocation: its own (else 404)' })
  @ApiErrors(401, 403, E.callNotFound())
  getNominationCall(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser): Promise<NominationCallResponse> {
    return this.calls.getCall(offeringId, me);
  }

  @Roles('focal_point')
  @Get('me/nomination-calls')
  @ApiOperation({ summary: 'Calls open now in which my organisation has an allocation' })
  @ApiOkResponse({ type: [NominationCallResponse] })
  @ApiErrors(401, 403)
  listMyNominationCalls(@CurrentUser() me: AuthUser): Promise<NominationCallResponse[]> {
    return this.calls.myCalls(me);
  }

  @Roles('focal_point')
  @Post('offerings/:id/nominations')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Put candidates forward',
    description:
      'Within the call’s window (else 409 NOMINATION_CALL_CLOSED). The organisation’s standing list once this one is in must fit its ' +
      'allocation (409 NOMINATION_ALLOCATION_EXCEEDED) and keep the parity rule (409 NOMINATION_PARITY naming it); either refuses the list whole. ' +
      'An ineligible candidate is nominated with its problems; an invalid row or a candidate already standing is an error row, nothing stored.',
  })
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({
    type: SubmitNominationsDto,
    description: `JSON {candidates}, or text/csv with a header line: name (or fullName), email, gender, nationality, category, rank, position, priority, languages (at most ${NOMINATIONS_MAX_ROWS} rows)`,
  })
  @ApiOkResponse({ type: SubmitNominationsResponse })
  @ApiErrors(401, 403, E.callNotFound(), E.callClosed(), E.allocationExceeded(0, 0), E.parity(''), E.malformedFile(''))
  async submitNominations(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser, @Req() request: FastifyRequest): Promise<SubmitNominationsResponse> {
    return this.nominations.submit(offeringId, await readCandidates(request), me);
  }

  @Roles('admin', 'focal_point')
  @Get('offerings/:id/nominations')
  @ApiOperation({ summary: 'The nominations for an offering' })
  @ApiOkResponse({ type: NominationPage, description: 'Admins: all (filter by organisationId); a focal point: its own organisation’s' })
  @ApiErrors(401, 403, E.callNotFound())
  listNominations(@Param('id', ParseUUIDPipe) offeringId: string, @Query() query: ListNominationsQuery, @CurrentUser() me: AuthUser): Promise<NominationPage> {
    return this.nominations.list(offeringId, query, me);
  }

  @Roles('admin', 'focal_point')
  @Get('nominations/:id')
  @ApiOperation({ summary: 'One nomination' })
  @ApiOkResponse({ type: NominationResponse, description: 'Another organisation’s nomination is 404 to a focal point' })
  @ApiErrors(401, 403, E.notFound())
  getNomination(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<NominationResponse> {
    return this.nominations.get(id, me);
  }

  @Roles('focal_point')
  @Post('nominations/:id/substitute')
  @HttpCode(201)
  @ApiOperation({ summary: 'Replace an undecided candidate before closesAt; the old nomination becomes substituted' })
  @ApiCreatedResponse({ type: NominationResponse, description: 'The new nomination' })
  @ApiErrors(401, 403, E.notFound(), E.callClosed(), E.notStanding('withdrawn'), E.decided('selected'), E.alreadyNominated(), E.parity(''))
  substituteNomination(@Param('id', ParseUUIDPipe) id: string, @Body() dto: SubstituteDto, @CurrentUser() me: AuthUser): Promise<NominationResponse> {
    return this.nominations.substitute(id, dto.candidate, me);
  }

  @Roles('admin', 'focal_point')
  @Post('nominations/:id/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a candidate: focal points before closesAt, admins any time; a selected one’s seat goes to the first alternate' })
  @ApiOkResponse({ type: NominationResponse })
  @ApiErrors(401, 403, E.notFound(), E.callClosed(), E.notStanding('withdrawn'))
  withdrawNomination(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<NominationResponse> {
    return this.nominations.withdraw(id, me);
  }

  @Roles('admin')
  @Post('offerings/:id/selection')
  @HttpCode(200)
  @ApiOperation({
    summary: 'The selection board decides',
    description:
      'Each decision on its own: selected makes an approved enrolment holding a seat (a row with status 409 and code ENROLLMENT_OFFERING_FULL ' +
      'past capacity), creating and inviting the account if needed; alternate and not_selected hold none. The focal points are e-mailed; each decision is audited.',
  })
  @ApiOkResponse({ type: SelectionResponse })
  @ApiErrors(401, 403, E.callNotFound())
  async decideSelection(@Param('id', ParseUUIDPipe) offeringId: string, @Body() dto: SelectionDto, @CurrentUser() me: AuthUser): Promise<SelectionResponse> {
    return { results: await this.selection.decide(offeringId, dto.decisions, me) };
  }

  @Roles('admin')
  @Get('offerings/:id/selection/balance')
  @ApiOperation({ summary: 'The cohort being formed: nominated vs selected by gender, nationality, category, organisation; women’s share vs target; allocations used' })
  @ApiOkResponse({ type: BalanceResponse })
  @ApiErrors(401, 403, E.callNotFound())
  getSelectionBalance(@Param('id', ParseUUIDPipe) offeringId: string): Promise<BalanceResponse> {
    return this.selection.balance(offeringId);
  }
}

async function readCandidates(request: FastifyRequest): Promise<CandidateRow[]> {
  if ((request.headers['content-type'] ?? '').startsWith('text/csv')) {
    try {
      return await rowsFromCsv(String(request.body ?? ''), NOMINATIONS_MAX_ROWS);
    } catch (error) {
      if (error instanceof MalformedListError) throw E.malformedFile(error.message);
      throw error;
    }
  }
  const dto = (await listBody.transform(request.body, { type: 'body', metatype: SubmitNominationsDto })) as SubmitNominationsDto;
  return rowsFromJson(dto.candidates);
}
