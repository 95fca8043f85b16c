import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, OptionalUser, Public, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { CreateOfferingDto, ListOfferingsQuery, UpdateOfferingDto } from './dto/offering.dto.js';
import { OfferingPage, OfferingResponse } from './dto/offering.response.js';
import { CourseErrors, OfferingErrors } from './courses.errors.js';
import { OfferingsService, type OfferingView } from './offerings.service.js';

const toResponse = ({ offering, waitlistLength }: OfferingView) => OfferingResponse.from(offering, waitlistLength);

@ApiTags('offerings')
@Controller()
export class OfferingsController {
  constructor(private readonly offerings: OfferingsService) {}

  @Roles('admin')
  @Post('courses/:id/offerings')
  @ApiOperation({ summary: 'Schedule an offering of a course' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: OfferingResponse })
  @ApiErrors(401, 403, CourseErrors.notFound(), OfferingErrors.courseNotOfferable(), OfferingErrors.invalidDates([]), OfferingErrors.notInstructors([]))
  async createOffering(@Param('id', ParseUUIDPipe) courseId: string, @Body() dto: CreateOfferingDto): Promise<OfferingResponse> {
    return toResponse(await this.offerings.create(courseId, dto));
  }

  @Public()
  @Get('offerings')
  @ApiOperation({ summary: 'Offerings, by course, status and dates, with seats left and waitlist length' })
  @ApiOkResponse({ type: OfferingPage, description: 'Offerings of published courses (admins see all)' })
  @ApiErrors()
  async listOfferings(@Query() query: ListOfferingsQuery, @OptionalUser() viewer?: AuthUser): Promise<OfferingPage> {
    const page = await this.offerings.list(query, viewer);
    return { ...page, items: page.items.map(toResponse) };
  }

  @Public()
  @Get('offerings/:id')
  @ApiOperation({ summary: 'An offering, with seats left and waitlist length' })
  @ApiOkResponse({ type: OfferingResponse })
  @ApiErrors(OfferingErrors.notFound())
  async getOffering(@Param('id', ParseUUIDPipe) id: string, @OptionalUser() viewer?: AuthUser): Promise<OfferingResponse> {
    return toResponse(await this.offerings.getVisible(id, viewer));
  }

  @Roles('instructor')
  @Get('me/offerings')
  @ApiOperation({ summary: 'The offerings I teach' })
  @ApiOkResponse({ type: OfferingPage, description: 'The offerings the caller teaches, whatever their course’s status' })
  @ApiErrors(401, 403)
  async listMyOfferings(@CurrentUser() me: AuthUser, @Query() query: ListOfferingsQuery): Promise<OfferingPage> {
    const page = await this.offerings.list(query, me, me.id);
    return { ...page, items: page.items.map(toResponse) };
  }

  @Roles('admin')
  @Patch('offerings/:id')
  @ApiOperation({ summary: 'Change an offering: dates, place, capacity, instructors' })
  @ApiOkResponse({ type: OfferingResponse, description: 'Capacity cannot drop below the seats taken (409); added seats go to the waitlist' })
  @ApiErrors(401, 403, OfferingErrors.notFound(), OfferingErrors.invalidDates([]), OfferingErrors.notInstructors([]), OfferingErrors.capacityBelowSeatsTaken(0), OfferingErrors.notChangeable('cancelled'))
  async updateOffering(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOfferingDto): Promise<OfferingResponse> {
    return toResponse(await this.offerings.update(id, dto));
  }

  @Roles('admin')
  @Post('offerings/:id/cancel')
  @ApiOperation({ summary: 'Cancel an offering' })
  @HttpCode(200)
  @ApiOkResponse({ type: OfferingResponse })
  @ApiErrors(401, 403, OfferingErrors.notFound(), OfferingErrors.notChangeable('cancelled'))
  async cancelOffering(@Param('id', ParseUUIDPipe) id: string): Promise<OfferingResponse> {
    return toResponse(await this.offerings.cancel(id));
  }
}
