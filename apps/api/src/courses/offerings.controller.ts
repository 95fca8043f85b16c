import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, OptionalUser, Public, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { CreateOfferingDto, ListOfferingsQuery, UpdateOfferingDto } from './dto/offering.dto.js';
import { OfferingPage, OfferingResponse } from './dto/offering.response.js';
import { OfferingsService, type OfferingView } from './offerings.service.js';

const toResponse = ({ offering, waitlistLength }: OfferingView) => OfferingResponse.from(offering, waitlistLength);

@ApiTags('offerings')
@ApiBearerAuth()
@Controller()
export class OfferingsController {
  constructor(private readonly offerings: OfferingsService) {}

  @Roles('admin')
  @Post('courses/:id/offerings')
  @HttpCode(201)
  @ApiCreatedResponse({ type: OfferingResponse })
  @ApiErrors(401, 403, 404, 409)
  async create(@Param('id', ParseUUIDPipe) courseId: string, @Body() dto: CreateOfferingDto): Promise<OfferingResponse> {
    return toResponse(await this.offerings.create(courseId, dto));
  }

  @Public()
  @Get('offerings')
  @ApiOkResponse({ type: OfferingPage, description: 'Offerings of published courses (admins see all)' })
  @ApiErrors()
  async list(@Query() query: ListOfferingsQuery, @OptionalUser() viewer?: AuthUser): Promise<OfferingPage> {
    const page = await this.offerings.list(query, viewer);
    return { ...page, items: page.items.map(toResponse) };
  }

  @Public()
  @Get('offerings/:id')
  @ApiOkResponse({ type: OfferingResponse })
  @ApiErrors(404)
  async get(@Param('id', ParseUUIDPipe) id: string, @OptionalUser() viewer?: AuthUser): Promise<OfferingResponse> {
    return toResponse(await this.offerings.getVisible(id, viewer));
  }

  @Roles('admin')
  @Patch('offerings/:id')
  @ApiOkResponse({ type: OfferingResponse, description: 'Capacity cannot drop below the seats taken (409); added seats go to the waitlist' })
  @ApiErrors(401, 403, 404, 409)
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOfferingDto): Promise<OfferingResponse> {
    return toResponse(await this.offerings.update(id, dto));
  }

  @Roles('admin')
  @Post('offerings/:id/cancel')
  @HttpCode(200)
  @ApiOkResponse({ type: OfferingResponse })
  @ApiErrors(401, 403, 404, 409)
  async cancel(@Param('id', ParseUUIDPipe) id: string): Promise<OfferingResponse> {
    return toResponse(await this.offerings.cancel(id));
  }
}
