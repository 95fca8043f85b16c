import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AdvisoryLock } from '@amahoro/database/advisory-locks.js';
import { Course } from '@amahoro/database/entities/course.entity.js';
import { canMoveCourse, createsPrerequisiteCycle, type CourseStatus } from '@amahoro/domain/courses/course.types.js';
import type { AuthUser } from '../common/auth.decorators.js';
import type { Page } from '../common/pagination.js';
import { containsPattern, isUniqueViolation } from '../common/sql.js';
import { CourseErrors } from './courses.errors.js';
import type { CreateCourseDto, ListCoursesQuery, UpdateCourseDto } from './dto/course.dto.js';

@Injectable()
export class CoursesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(dto: CreateCourseDto): Promise<Course> {
    const { prerequisiteCourseIds = [], ...fields } = dto;
    try {
      const id = await this.db.transaction(async (tx) => {
        const course = tx.getRepository(Course).create({ ...fields, status: 'draft' });
        course.prerequisites = await this.loadPrerequisites(tx, prerequisiteCourseIds);
        return (await tx.getRepository(Course).save(course)).id;
      });
      return this.get(id);
    } catch (error) {
      throw isUniqueViolation(error) ? CourseErrors.codeTaken(dto.code) : error;
    }
  }

  async update(id: string, dto: UpdateCourseDto): Promise<Course> {
    const { prerequisiteCourseIds, ...fields } = dto;
    try {
      await this.db.transaction(async (tx) => {
        const course = await tx.getRepository(Course).findOne({ where: { id }, relations: { prerequisites: true } });
        if (!course) throw CourseErrors.notFound();
        if (prerequisiteCourseIds) {
          // Prerequisite edits take turns, so two concurrent edits cannot close a cycle between them.
          await tx.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.Prerequisites]);
          if (prerequisiteCourseIds.includes(id)) throw CourseErrors.prerequisiteCycle();
          course.prerequisites = await this.loadPrerequisites(tx, prerequisiteCourseIds);
          if (createsPrerequisiteCycle(id, prerequisiteCourseIds, await this.prerequisiteGraph(tx))) throw CourseErrors.prerequisiteCycle();
        }
        await tx.getRepository(Course).save(Object.assign(course, fields));
      });
    } catch (error) {
      throw isUniqueViolation(error) ? CourseErrors.codeTaken(dto.code ?? '') : error;
    }
    return this.get(id);
  }

  async move(id: string, to: CourseStatus): Promise<Course> {
    await this.db.transaction(async (tx) => {
      const course = await tx.getRepository(Course).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!course) throw CourseErrors.notFound();
      if (!canMoveCourse(course.status, to)) throw CourseErrors.wrongStatus(course.status, to);
      await tx.getRepository(Course).update(id, { status: to, publishedAt: to === 'published' ? new Date() : course.publishedAt });
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
    const course = await this.db.getRepository(Course).findOne({ where: { code: code.toUpperCase(), status: 'published' }, relations: { prerequisites: true } });
    if (!course) throw CourseErrors.notFound();
    return course;
  }

  async get(id: string): Promise<Course> {
    const course = await this.db.getRepository(Course).findOne({ where: { id }, relations: { prerequisites: true } });
    if (!course) throw CourseErrors.notFound();
    return course;
  }

  async list(query: ListCoursesQuery, viewer: AuthUser | undefined): Promise<Page<Course>> {
    const qb = this.db.getRepository(Course).createQueryBuilder('c');
    // Everyone but admins sees published courses only; a status filter narrows further.
    if (viewer?.role !== 'admin') qb.andWhere(`c.status = 'published'`);
    if (query.status) qb.andWhere('c.status = :status', { status: query.status });
    if (query.category) qb.andWhere('c.category = :category', { category: query.category });
    if (query.deliveryMode) qb.andWhere('c.delivery_mode = :mode', { mode: query.deliveryMode });
    if (query.language) qb.andWhere('c.language = :language', { language: query.language });
    if (query.q) {
      qb.andWhere('(c.title ILIKE :q OR c.code ILIKE :q OR c.summary ILIKE :q)', { q: containsPattern(query.q) });
    }
    const [page, total] = await qb.orderBy('c.title', 'ASC').addOrderBy('c.id', 'ASC').skip(query.offset).take(query.limit).getManyAndCount();
    // Only what a response shows of each prerequisite, in one query for the page.
    const prerequisites: Array<{ course_id: string; id: string; code: string; title: string }> = page.length
      ? await this.db.query(
          `SELECT cp.course_id, p.id, p.code, p.title FROM course_prerequisites cp JOIN courses p ON p.id = cp.prerequisite_id
            WHERE cp.course_id = ANY($1::uuid[])`,
          [page.map((c) => c.id)],
        )
      : [];
    for (const course of page) {
      course.prerequisites = prerequisites.filter((p) => p.course_id === course.id).map(({ id, code, title }) => ({ id, code, title }) as Course);
    }
    return { items: page, total, page: query.page, limit: query.limit };
  }

  private async loadPrerequisites(tx: EntityManager, ids: string[]): Promise<Course[]> {
    if (ids.length === 0) return [];
    const found = await tx.getRepository(Course).findBy({ id: In(ids) });
    const missing = ids.filter((id) => !found.some((course) => course.id === id));
    if (missing.length > 0) throw CourseErrors.unknownPrerequisites(missing);
    return found;
  }

  private async prerequisiteGraph(tx: EntityManager): Promise<Map<string, string[]>> {
    const rows: Array<{ course_id: string; prerequisite_id: string }> = await tx.query(
      'SELECT course_id, prerequisite_id FROM course_prerequisites',
    );
    const graph = new Map<string, string[]>();
    for (const row of rows) graph.set(row.course_id, [...(graph.get(row.course_id) ?? []), row.prerequisite_id]);
    return graph;
  }
}
