import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuthUser, OptionalUser, Public, Roles } from '../common/auth.decorators.js';
import { ApiErrors } from '../common/error-responses.js';
import { CourseErrors } from './courses.errors.js';
import { CoursesService } from './courses.service.js';
import { CreateCourseDto, ListCoursesQuery, UpdateCourseDto } from './dto/course.dto.js';
import { CoursePage, CourseResponse } from './dto/course.response.js';

@ApiTags('courses')
@Controller('courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'The catalog: published courses, by text, category, delivery mode and language' })
  @ApiOkResponse({ type: CoursePage, description: 'Published courses; admins (with a token) see every status' })
  @ApiErrors()
  async listCourses(@Query() query: ListCoursesQuery, @OptionalUser() viewer?: AuthUser): Promise<CoursePage> {
    const page = await this.courses.list(query, viewer);
    return { ...page, items: page.items.map((course) => CourseResponse.from(course)) };
  }

  @Public()
  @Get('by-code/:code')
  @ApiOperation({ summary: 'A published course by its code' })
  @ApiOkResponse({ type: CourseResponse, description: 'A published course by its code: the achievement a credential names' })
  @ApiErrors(CourseErrors.notFound())
  async getCourseByCode(@Param('code') code: string): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.getPublishedByCode(code));
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'A course (drafts and archived ones: admins only)' })
  @ApiOkResponse({ type: CourseResponse })
  @ApiErrors(CourseErrors.notFound())
  async getCourse(@Param('id', ParseUUIDPipe) id: string, @OptionalUser() viewer?: AuthUser): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.getVisible(id, viewer));
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Create a course (a draft)' })
  @HttpCode(201)
  @ApiCreatedResponse({ type: CourseResponse, description: 'A draft course' })
  @ApiErrors(401, 403, CourseErrors.codeTaken('POC-101'), CourseErrors.unknownPrerequisites([]))
  async createCourse(@Body() dto: CreateCourseDto): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.create(dto));
  }

  @Roles('admin')
  @Patch(':id')
  @ApiOperation({ summary: 'Change a course' })
  @ApiOkResponse({ type: CourseResponse })
  @ApiErrors(401, 403, CourseErrors.notFound(), CourseErrors.codeTaken('POC-101'), CourseErrors.prerequisiteCycle(), CourseErrors.unknownPrerequisites([]))
  async updateCourse(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCourseDto): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.update(id, dto));
  }

  @Roles('admin')
  @Post(':id/publish')
  @ApiOperation({ summary: 'Publish a course in the catalog' })
  @HttpCode(200)
  @ApiOkResponse({ type: CourseResponse })
  @ApiErrors(401, 403, CourseErrors.notFound(), CourseErrors.wrongStatus('archived', 'published'))
  async publishCourse(@Param('id', ParseUUIDPipe) id: string): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.move(id, 'published'));
  }

  @Roles('admin')
  @Post(':id/archive')
  @ApiOperation({ summary: 'Archive a course: it leaves the catalog and gets no new offerings' })
  @HttpCode(200)
  @ApiOkResponse({ type: CourseResponse })
  @ApiErrors(401, 403, CourseErrors.notFound(), CourseErrors.wrongStatus('draft', 'archived'))
  async archiveCourse(@Param('id', ParseUUIDPipe) id: string): Promise<CourseResponse> {
    return CourseResponse.from(await this.courses.move(id, 'archived'));
  }
}
