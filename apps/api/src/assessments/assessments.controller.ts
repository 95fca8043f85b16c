import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, type PipeTransform, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { AppError } from '../common/app-error.js';
import { csvReply, FormatQuery, wantsCsv } from '../common/csv.js';
import { ApiErrors } from '../common/error-responses.js';
import { isCalendarDate } from '../common/validation.js';
import { AssessmentsService } from './assessments.service.js';
import { AttendanceDto, BulkGradesDto, CreateAssessmentDto, SetGradeDto, SubmissionDto } from './dto/assessment.dto.js';
import {
  AssessmentList,
  AssessmentResponse,
  AttendanceResponse,
  BulkGradesResponse,
  FinalizeResponse,
  GradebookResponse,
  GradeResponse,
  GradeVersionResponse,
  MyGrades,
  SubmissionResponse,
} from './dto/assessment.response.js';
import { GradesService } from './grades.service.js';
import { ResultsService } from './results.service.js';

/** A path segment that must be a real calendar date, YYYY-MM-DD. */
class ParseCalendarDate implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isCalendarDate(value)) {
      throw new AppError('VALIDATION_FAILED', 'invalid', 'date must be a real calendar date written YYYY-MM-DD');
    }
    return value;
  }
}

@ApiTags('assessments')
@ApiBearerAuth()
@Controller()
export class AssessmentsController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly grades: GradesService,
    private readonly results: ResultsService,
  ) {}

  @Roles('admin', 'instructor')
  @Post('offerings/:id/assessments')
  @HttpCode(201)
  @ApiCreatedResponse({ type: AssessmentResponse })
  @ApiErrors(401, 403, 404, 409)
  create(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser, @Body() dto: CreateAssessmentDto): Promise<AssessmentResponse> {
    return this.assessments.create(offeringId, me, dto);
  }

  @Get('offerings/:id/assessments')
  @ApiOkResponse({ type: AssessmentList, description: 'Staff see answer keys; approved trainees do not' })
  @ApiErrors(401, 403, 404)
  list(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser): Promise<AssessmentList> {
    return this.assessments.list(offeringId, me);
  }

  @Roles('trainee')
  @Post('assessments/:id/submissions')
  @HttpCode(201)
  @ApiCreatedResponse({ type: SubmissionResponse, description: 'A quiz is scored at once' })
  @ApiErrors(401, 403, 404, 409)
  submit(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: SubmissionDto): Promise<SubmissionResponse> {
    return this.assessments.submit(id, me, dto);
  }

  @Get('assessments/:id/submissions')
  @ApiOkResponse({ type: [SubmissionResponse], description: 'Staff: all; a trainee: their own' })
  @ApiErrors(401, 404)
  submissions(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<SubmissionResponse[]> {
    return this.assessments.submissions(id, me);
  }

  @Roles('admin', 'instructor')
  @Put('assessments/:id/grades/:enrollmentId')
  @ApiOkResponse({ type: GradeResponse, description: 'A change is kept in the grade’s history' })
  @ApiErrors(401, 403, 404, 409)
  setGrade(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('enrollmentId', ParseUUIDPipe) enrollmentId: string,
    @CurrentUser() me: AuthUser,
    @Body() dto: SetGradeDto,
  ): Promise<GradeResponse> {
    return this.grades.set(id, enrollmentId, me, dto);
  }

  @Roles('admin', 'instructor')
  @Post('assessments/:id/grades')
  @HttpCode(200)
  @ApiOkResponse({ type: BulkGradesResponse, description: 'One result per row; bad rows are skipped, good ones written' })
  @ApiErrors(401, 403, 404, 409)
  bulkGrades(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: BulkGradesDto): Promise<BulkGradesResponse> {
    return this.grades.bulk(id, me, dto.grades, dto.reason);
  }

  @Get('assessments/:id/grades/:enrollmentId/history')
  @ApiOkResponse({ type: [GradeVersionResponse] })
  @ApiErrors(401, 404)
  history(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('enrollmentId', ParseUUIDPipe) enrollmentId: string,
    @CurrentUser() me: AuthUser,
  ): Promise<GradeVersionResponse[]> {
    return this.grades.history(id, enrollmentId, me);
  }

  @Roles('trainee')
  @Get('me/grades')
  @ApiOkResponse({ type: MyGrades })
  @ApiErrors(401, 403)
  async myGrades(@CurrentUser() me: AuthUser): Promise<MyGrades> {
    return { items: await this.grades.mine(me) };
  }

  @Roles('admin', 'instructor')
  @Put('offerings/:id/attendance/:date')
  @ApiParam({ name: 'date', format: 'date', example: '2026-03-02' })
  @ApiOkResponse({ type: AttendanceResponse })
  @ApiErrors(401, 403, 404, 409)
  attendance(
    @Param('id', ParseUUIDPipe) offeringId: string,
    @Param('date', ParseCalendarDate) date: string,
    @CurrentUser() me: AuthUser,
    @Body() dto: AttendanceDto,
  ): Promise<AttendanceResponse> {
    return this.results.recordAttendance(offeringId, date, me, dto.present);
  }

  @Roles('admin', 'instructor')
  @Get('offerings/:id/gradebook')
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ type: GradebookResponse, description: 'JSON, or CSV with Accept: text/csv or ?format=csv' })
  @ApiErrors(401, 403, 404)
  async gradebook(
    @Param('id', ParseUUIDPipe) offeringId: string,
    @Query() { format }: FormatQuery,
    @CurrentUser() me: AuthUser,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GradebookResponse | string> {
    if (!wantsCsv(format, accept)) return this.results.gradebook(offeringId, me);
    return csvReply(reply, `gradebook-${offeringId}.csv`, await this.results.gradebookCsv(offeringId, me));
  }

  @Roles('admin', 'instructor')
  @Post('offerings/:id/finalize')
  @HttpCode(200)
  @ApiOkResponse({ type: FinalizeResponse })
  @ApiErrors(401, 403, 404, 409)
  finalize(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser): Promise<FinalizeResponse> {
    return this.results.finalize(offeringId, me);
  }

  @Roles('admin')
  @Post('offerings/:id/reopen')
  @HttpCode(204)
  @ApiErrors(401, 403, 404, 409)
  async reopen(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser): Promise<void> {
    await this.results.reopen(offeringId, me);
  }
}
