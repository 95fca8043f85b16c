import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, OptionalUser, Public } from '../common/auth.decorators.js';
import { ApiErrors, ApiFileResponse } from '../common/error-responses.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { CalendarErrors } from './calendars.errors.js';
import { CalendarsService } from './calendars.service.js';
import { CalendarFeedResponse } from './dto/calendar.dto.js';

const ICS = 'text/calendar; charset=utf-8';

@ApiTags('calendars')
@Controller()
export class CalendarsController {
  constructor(private readonly calendars: CalendarsService) {}

  @Public()
  @Get('offerings/:id/calendar.ics')
  @ApiFileResponse('text/calendar', 'The offering as an iCalendar event (published courses)')
  @ApiOperation({ summary: 'An offering as an iCalendar event' })
  @ApiErrors(OfferingErrors.notFound())
  async getOfferingCalendar(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply, @OptionalUser() viewer?: AuthUser): Promise<string> {
    const body = await this.calendars.offering(id, viewer);
    void reply.type(ICS).header('content-disposition', `attachment; filename="offering-${id}.ics"`);
    return body;
  }

  @Public()
  @Get('calendar/:token')
  @ApiFileResponse('text/calendar', 'A private feed (the URL from GET /me/calendar)')
  @ApiOperation({ summary: "A person's private iCalendar feed" })
  @ApiErrors(CalendarErrors.feedNotFound())
  async getCalendarFeed(@Param('token') token: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.calendars.feed(token);
    void reply.type(ICS).header('cache-control', 'private, max-age=300');
    return body;
  }

  @Get('me/calendar')
  @ApiOkResponse({ type: CalendarFeedResponse })
  @ApiOperation({ summary: 'The URL of my private calendar feed' })
  @ApiErrors(401)
  async getMyCalendar(@CurrentUser() me: AuthUser): Promise<CalendarFeedResponse> {
    return { url: await this.calendars.feedUrl(me.id, false) };
  }

  @Post('me/calendar/rotate')
  @HttpCode(200)
  @ApiOkResponse({ type: CalendarFeedResponse, description: 'A new URL; the old one answers 404 from now on' })
  @ApiOperation({ summary: 'Replace my calendar feed URL (the old one stops working)' })
  @ApiErrors(401)
  async rotateMyCalendar(@CurrentUser() me: AuthUser): Promise<CalendarFeedResponse> {
    return { url: await this.calendars.feedUrl(me.id, true) };
  }
}
