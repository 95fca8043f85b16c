import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AuthUser, OptionalUser, Public, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { CoursesService } from './courses.service.js';
import { CreateCourseDto, ListCoursesQuery, UpdateCourseDto } from './dto/course.dto.js';
import { CoursePage, CourseResponse } from './dto/course.response.js';

@ApiTags('courses')
@ApiBearerAuth()
@Controller('courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: CoursePage, description: 'Published courses; admins (with a token) see every status' })
  @ApiErrors()
  async list(@Query() query: ListCoursesQuery, @OptionalUser() viewer?: AuthUser): Promise<CoursePage> {
    const page = await this.courses.list(query, viewer);
    return { ...page, items: page.items.map((course) => CourseResponse.from(course)) };
  }

  @Public()
  @Get('by-code/:code')
  @ApiOkResponse({ type: CourseResponse, description: 'A published course by its code: the achievement a credential names' })
  @ApiErrors(404)
  async getByCode(@Param('code') code: string): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.getPublishedByCode(code));
  }

  @Public()
  @Get(':id')
  @ApiOkResponse({ type: CourseResponse })
  @ApiErrors(404)
  async get(@Param('id', ParseUUIDPipe) id: string, @OptionalUser() viewer?: AuthUser): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.getVisible(id, viewer));
  }

  @Roles('admin')
  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: CourseResponse, description: 'A draft course' })
  @ApiErrors(401, 403, 409)
  async create(@Body() dto: CreateCourseDto): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.create(dto));
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOkResponse({ type: CourseResponse })
  @ApiErrors(401, 403, 404, 409)
  async update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCourseDto): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.update(id, dto));
  }

  @Roles('admin')
  @Post(':id/publish')
  @HttpCode(200)
  @ApiOkResponse({ type: CourseResponse })
  @ApiErrors(401, 403, 404, 409)
  async publish(@Param('id', ParseUUIDPipe) id: string): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.move(id, 'published'));
  }

  @Roles('admin')
  @Post(':id/archive')
  @HttpCode(200)
  @ApiOkResponse({ type: CourseResponse })
  @ApiErrors(401, 403, 404, 409)
  async archive(@Param('id', ParseUUIDPipe) id: string): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.move(id, 'archived'));
  }
}
