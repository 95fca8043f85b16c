import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { PageQuery } from '../common/pagination.js';
import { CreateFocalPointDto, CreateOrganisationDto, UpdateOrganisationDto } from './dto/organisation.dto.js';
import { FocalPointResponse, OrganisationPage, OrganisationResponse } from './dto/organisation.response.js';
import { NominationErrors as E } from './nominations.errors.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('nominations')
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Roles('admin')
  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'A nominating authority: a ministry, a police service, a regional body, a UN entity' })
  @ApiCreatedResponse({ type: OrganisationResponse })
  @ApiErrors(401, 403, E.organisationNameTaken())
  createOrganisation(@Body() dto: CreateOrganisationDto, @CurrentUser() me: AuthUser): Promise<OrganisationResponse> {
    return this.organisations.createOrganisation(dto, me);
  }

  @Roles('admin', 'focal_point')
  @Get()
  @ApiOperation({ summary: 'Admins: every organisation; a focal point: its own' })
  @ApiOkResponse({ type: OrganisationPage })
  @ApiErrors(401, 403)
  listOrganisations(@Query() query: PageQuery, @CurrentUser() me: AuthUser): Promise<OrganisationPage> {
    return this.organisations.listOrganisations(me, query);
  }

  @Roles('admin', 'focal_point')
  @Get(':id')
  @ApiOperation({ summary: 'One organisation' })
  @ApiOkResponse({ type: OrganisationResponse, description: 'A focal point reads its own organisation only (others 404)' })
  @ApiErrors(401, 403, E.organisationNotFound())
  getOrganisation(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() me: AuthUser): Promise<OrganisationResponse> {
    return this.organisations.getOrganisation(id, me);
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOperation({ summary: 'Change an organisation’s name, country or kind' })
  @ApiOkResponse({ type: OrganisationResponse })
  @ApiErrors(401, 403, E.organisationNotFound(), E.organisationNameTaken())
  updateOrganisation(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateOrganisationDto, @CurrentUser() me: AuthUser): Promise<OrganisationResponse> {
    return this.organisations.updateOrganisation(id, dto, me);
  }

  @Roles('admin')
  @Post(':id/focal-points')
  @HttpCode(201)
  @ApiOperation({ summary: 'A focal point for the organisation: an account with role focal_point, invited by e-mail to set a password' })
  @ApiCreatedResponse({ type: FocalPointResponse, description: 'The new account (invited; no password yet)' })
  @ApiErrors(401, 403, E.organisationNotFound(), E.focalPointEmailTaken())
  addFocalPoint(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateFocalPointDto, @CurrentUser() me: AuthUser): Promise<FocalPointResponse> {
    return this.organisations.addFocalPoint(id, dto, me);
  }
}
