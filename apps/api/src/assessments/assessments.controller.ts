import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, type PipeTransform, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { csvReply, FormatQuery, wantsCsv } from '../common/csv.js';
import { ApiErrors, ApiJsonOrCsvResponse } from '../common/error-responses.js';
import { isCalendarDate } from '../common/validation.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { AssessmentErrors as A } from './assessments.errors.js';
import { AssessmentsService } from './assessments.service.js';
import { AttendanceDto, BulkGradesDto, CreateAssessmentDto, SetGradeDto, SubmissionDto, UpdateAssessmentDto } from './dto/assessment.dto.js';
import { AssessmentList, AssessmentResponse, SubmissionResponse } from './dto/assessment.response.js';
import { type BulkGradesBody, BulkGradesPipe } from './dto/bulk-grades.pipe.js';
import { BulkGradesResponse, GradeResponse, GradeVersionResponse, MyGrades } from './dto/grade.response.js';
import { AttendanceDay, AttendanceResponse, FinalizeResponse, GradebookResponse } from './dto/results.response.js';
import { GradesService } from './grades.service.js';
import { ResultsService } from './results.service.js';
import { SubmissionsService } from './submissions.service.js';

/** A path segment that must be a real calendar date, YYYY-MM-DD. */
class ParseCalendarDate implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isCalendarDate(value)) {
      throw A.notCalendarDate();
    }
    return value;
  }
}

@ApiTags('assessments')
@Controller()
export class AssessmentsController {
  constructor(
    private readonly assessments: AssessmentsService,
    private readonly submissions: SubmissionsService,
    private readonly grades: GradesService,
    private readonly results: ResultsService,
  ) {}

  @Roles('admin', 'instructor')
  @Post('offerings/:id/assessments')
  @ApiOperation({ summary: 'Create an assessment (a quiz with its questions, an assignment, an exam, a practical)' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: AssessmentResponse })
  @ApiErrors(401, 403, OfferingErrors.notFound(), A.notStaff(), A.offeringFinal(), A.offeringCancelled(), A.questionsRequired(), A.questionsNotAllowed(), A.maxScoreRequired(), A.maxScoreMismatch(0), A.badQuestion(''))
  createAssessment(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser, @Body() dto: CreateAssessmentDto): Promise<AssessmentResponse> {
    return this.assessments.create(offeringId, me, dto);
  }

  @Get('offerings/:id/assessments')
  @ApiOperation({ summary: 'The assessments of an offering (answer keys for staff only)' })
  @ApiOkResponse({ type: AssessmentList, description: 'Staff see answer keys; approved trainees do not' })
  @ApiErrors(401, OfferingErrors.notFound(), A.notParticipant())
  listAssessments(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser): Promise<AssessmentList> {
    return this.assessments.list(offeringId, me);
  }

  @Roles('admin', 'instructor')
  @Patch('assessments/:id')
  @ApiOperation({ summary: 'Edit an assessment; once submitted to or graded, only title, dueAt, maxAttempts and weight' })
  @ApiOkResponse({ type: AssessmentResponse })
  @ApiErrors(401, 403, A.notFound(), A.hasResults([]), A.offeringFinal(), A.offeringCancelled(), A.questionsRequired(), A.questionsNotAllowed(), A.maxScoreRequired(), A.maxScoreMismatch(0), A.badQuestion(''))
  updateAssessment(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: UpdateAssessmentDto): Promise<AssessmentResponse> {
    return this.assessments.update(id, me, dto);
  }

  @Roles('admin', 'instructor')
  @Delete('assessments/:id')
  @ApiOperation({ summary: 'Delete an assessment nobody has submitted to or been graded on' })
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(401, 403, A.notFound(), A.hasResultsCannotDelete(), A.offeringFinal(), A.offeringCancelled())
  async deleteAssessment(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<void> {
    await this.assessments.remove(id, me);
  }

  @Roles('trainee')
  @Post('assessments/:id/submissions')
  @ApiOperation({ summary: 'Hand in work: quiz answers (scored at once) or text' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: SubmissionResponse, description: 'A quiz is scored at once' })
  @ApiErrors(401, 403, A.notFound(), OfferingErrors.notFound(), A.offeringFinal(), A.offeringCancelled(), A.notEnrolled(), A.noAttemptsLeft(1), A.wrongSubmissionKind('quiz'), A.badAnswers(''))
  submitAssessment(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body() dto: SubmissionDto): Promise<SubmissionResponse> {
    return this.submissions.submit(id, me, dto);
  }

  @Get('assessments/:id/submissions')
  @ApiOperation({ summary: 'Submissions to an assessment (a trainee: their own)' })
  @ApiOkResponse({ type: [SubmissionResponse], description: 'Staff: all; a trainee: their own' })
  @ApiErrors(401, A.notFound())
  listSubmissions(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<SubmissionResponse[]> {
    return this.submissions.list(id, me);
  }

  @Roles('admin', 'instructor')
  @Put('assessments/:id/grades/:enrollmentId')
  @ApiOperation({ summary: 'Grade one trainee; a change keeps the previous version and its reason' })
  @ApiOkResponse({ type: GradeResponse, description: 'A change is kept in the grade’s history' })
  @ApiErrors(401, 403, A.notFound(), A.enrollmentNotInOffering(), A.enrollmentNotGradable('withdrawn'), A.scoreOutOfRange(0), A.offeringFinal(), A.offeringCancelled())
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
  @ApiOperation({ summary: 'Grade many trainees at once, with a result per row' })
  @HttpCode(200)
  @ApiBody({ type: BulkGradesDto })
  @ApiOkResponse({ type: BulkGradesResponse, description: 'One result per row; bad rows are skipped, good ones written' })
  @ApiErrors(401, 403, A.notFound(), A.offeringFinal(), A.offeringCancelled())
  setGrades(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser, @Body(BulkGradesPipe) body: BulkGradesBody): Promise<BulkGradesResponse> {
    return this.grades.bulk(id, me, body.grades, body.reason);
  }

  @Get('assessments/:id/grades/:enrollmentId/history')
  @ApiOperation({ summary: 'Every version of a grade: score, by whom, when, why' })
  @ApiOkResponse({ type: [GradeVersionResponse] })
  @ApiErrors(401, A.notFound(), A.gradeNotFound())
  getGradeHistory(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('enrollmentId', ParseUUIDPipe) enrollmentId: string,
    @CurrentUser() me: AuthUser,
  ): Promise<GradeVersionResponse[]> {
    return this.grades.history(id, enrollmentId, me);
  }

  @Roles('trainee')
  @Get('me/grades')
  @ApiOperation({ summary: 'My grades and feedback' })
  @ApiOkResponse({ type: MyGrades })
  @ApiErrors(401, 403)
  async listMyGrades(@CurrentUser() me: AuthUser): Promise<MyGrades> {
    return { items: await this.grades.mine(me) };
  }

  @Roles('admin', 'instructor')
  @Put('offerings/:id/attendance/:date')
  @ApiOperation({ summary: 'Record a day’s attendance: who was present (every other approved trainee absent)' })
  @ApiParam({ name: 'date', format: 'date', example: '2026-03-02' })
  @ApiOkResponse({ type: AttendanceResponse })
  @ApiErrors(401, 403, OfferingErrors.notFound(), A.notStaff(), A.offeringFinal(), A.offeringCancelled(), A.attendanceNotApplicable(), A.attendanceOutsideDates(), A.attendanceUnknownEnrollments([]))
  recordAttendance(
    @Param('id', ParseUUIDPipe) offeringId: string,
    @Param('date', ParseCalendarDate) date: string,
    @CurrentUser() me: AuthUser,
    @Body() dto: AttendanceDto,
  ): Promise<AttendanceResponse> {
    return this.results.recordAttendance(offeringId, date, me, dto.present);
  }

  @Roles('admin', 'instructor')
  @Get('offerings/:id/attendance')
  @ApiOperation({ summary: 'The attendance register: every recorded day with who was present and absent' })
  @ApiOkResponse({ type: [AttendanceDay], description: 'Every recorded day, oldest first' })
  @ApiErrors(401, 403, OfferingErrors.notFound(), A.notStaff())
  listAttendance(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser): Promise<AttendanceDay[]> {
    return this.results.attendance(offeringId, me);
  }

  @Roles('admin', 'instructor')
  @Get('offerings/:id/gradebook')
  @ApiOperation({ summary: 'The gradebook: every trainee’s scores, attendance and weighted total (JSON or CSV)' })
  @ApiJsonOrCsvResponse(GradebookResponse, 'JSON, or CSV with Accept: text/csv or ?format=csv')
  @ApiErrors(401, 403, OfferingErrors.notFound(), A.notStaff())
  async getGradebook(
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
  @ApiOperation({ summary: 'Finalise an offering: each trainee passes or fails, grades lock' })
  @HttpCode(200)
  @ApiOkResponse({ type: FinalizeResponse })
  @ApiErrors(401, 403, OfferingErrors.notFound(), A.notStaff(), A.offeringFinal(), A.offeringCancelled(), A.weightsNot100(0))
  finalizeOffering(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser): Promise<FinalizeResponse> {
    return this.results.finalize(offeringId, me);
  }

  @Roles('admin')
  @Post('offerings/:id/reopen')
  @ApiOperation({ summary: 'Reopen a finalised offering so grades can change again' })
  @HttpCode(204)
  @ApiErrors(401, 403, OfferingErrors.notFound(), A.notFinal())
  async reopenOffering(@Param('id', ParseUUIDPipe) offeringId: string, @CurrentUser() me: AuthUser): Promise<void> {
    await this.results.reopen(offeringId, me);
  }
}
