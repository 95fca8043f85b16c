import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Course } from '@amahoro/database/entities/course.entity.js';
import { canMoveCourse, createsPrerequisiteCycle, type CourseStatus } from '@amahoro/domain/courses/course.types.js';
import type { AuthUser } from '../common/auth.decorators.js';
import type { Page } from '../common/pagination.js';
import { isUniqueViolation } from '../common/sql.js';
import { CourseErrors } from './courses.errors.js';
import { CoursesRepository } from './courses.repository.js';
import type { CreateCourseDto, ListCoursesQuery, UpdateCourseDto } from './dto/course.dto.js';

@Injectable()
export class CoursesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly courses: CoursesRepository,
  ) {}

  async create(dto: CreateCourseDto): Promise<Course> {
    const { prerequisiteCourseIds = [], ...fields } = dto;
    try {
      const id = await this.db.transaction(async (tx) =>
        this.courses.save(tx, { ...fields, status: 'draft', prerequisites: await this.loadPrerequisites(tx, prerequisiteCourseIds) }),
      );
      return this.get(id);
    } catch (error) {
      throw isUniqueViolation(error) ? CourseErrors.codeTaken(dto.code) : error;
    }
  }

  async update(id: string, dto: UpdateCourseDto): Promise<Course> {
    const { prerequisiteCourseIds, ...fields } = dto;
    try {
      await this.db.transaction(async (tx) => {
        const course = await this.courses.find(tx, id);
        if (!course) throw CourseErrors.notFound();
        if (prerequisiteCourseIds) {
          await this.courses.lockPrerequisiteEdits(tx);
          if (prerequisiteCourseIds.includes(id)) throw CourseErrors.prerequisiteCycle();
          course.prerequisites = await this.loadPrerequisites(tx, prerequisiteCourseIds);
          if (createsPrerequisiteCycle(id, prerequisiteCourseIds, await this.courses.prerequisiteGraph(tx))) throw CourseErrors.prerequisiteCycle();
        }
        await this.courses.save(tx, Object.assign(course, fields));
      });
    } catch (error) {
      throw isUniqueViolation(error) ? CourseErrors.codeTaken(dto.code ?? '') : error;
    }
    return this.get(id);
  }

  async move(id: string, to: CourseStatus): Promise<Course> {
    await this.db.transaction(async (tx) => {
      const course = await this.courses.lock(tx, id);
      if (!course) throw CourseErrors.notFound();
      if (!canMoveCourse(course.status, to)) throw CourseErrors.wrongStatus(course.status, to);
      await this.courses.setStatus(tx, id, to, to === 'published' ? new Date() : course.publishedAt);
    });
    return this.get(id);
  }

  /** Anyone reads published courses; admins read every course. Others answer 404, as if missing. */
  async getVisible(id: string, viewer: AuthUser | undefined): Promise<Course> {
    const course = await this.get(id);
    if (course.status !== 'published' && viewer?.role !== 'admin') throw CourseErrors.notFound();
    return course;
  }

  /** Published courses by their code (credentials name a course's achievement by it). */
  async getPublishedByCode(code: string): Promise<Course> {
    const course = await this.courses.findPublishedByCode(this.db.manager, code.toUpperCase());
    if (!course) throw CourseErrors.notFound();
    return course;
  }

  async get(id: string): Promise<Course> {
    const course = await this.courses.find(this.db.manager, id);
    if (!course) throw CourseErrors.notFound();
    return course;
  }

  async list(query: ListCoursesQuery, viewer: AuthUser | undefined): Promise<Page<Course>> {
    // Everyone but admins sees published courses only; a status filter narrows further.
    const { items, total } = await this.courses.page(this.db.manager, {
      publishedOnly: viewer?.role !== 'admin',
      status: query.status,
      category: query.category,
      deliveryMode: query.deliveryMode,
      language: query.language,
      q: query.q,
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total, page: query.page, limit: query.limit };
  }

  private async loadPrerequisites(tx: EntityManager, ids: string[]): Promise<Course[]> {
    const found = await this.courses.findMany(tx, ids);
    const missing = ids.filter((id) => !found.some((course) => course.id === id));
    if (missing.length > 0) throw CourseErrors.unknownPrerequisites(missing);
    return found;
  }
}
