// The data of courses and their prerequisites. Every method takes the manager to run on, so the service that
// owns the use case owns the transaction.
import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { AdvisoryLock } from '@amahoro/database/advisory-locks.js';
import { Course } from '@amahoro/database/entities/course.entity.js';
import type { CourseCategory, CourseStatus, DeliveryMode } from '@amahoro/domain/courses/course.types.js';
import { containsPattern } from '../common/sql.js';

export interface CourseFilter {
  /** Only published courses (everyone but admins). */
  publishedOnly: boolean;
  status?: CourseStatus;
  category?: CourseCategory;
  deliveryMode?: DeliveryMode;
  language?: string;
  /** In the title, the code or the summary. */
  q?: string;
  limit: number;
  offset: number;
}

@Injectable()
export class CoursesRepository {
  /** With its prerequisites. */
  find(db: EntityManager, id: string): Promise<Course | null> {
    return db.getRepository(Course).findOne({ where: { id }, relations: { prerequisites: true } });
  }

  findPublishedByCode(db: EntityManager, code: string): Promise<Course | null> {
    return db.getRepository(Course).findOne({ where: { code, status: 'published' }, relations: { prerequisites: true } });
  }

  /** The course's row, locked for a status change. */
  lock(db: EntityManager, id: string): Promise<Course | null> {
    return db.getRepository(Course).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findMany(db: EntityManager, ids: string[]): Promise<Course[]> {
    return ids.length === 0 ? Promise.resolve([]) : db.getRepository(Course).findBy({ id: In(ids) });
  }

  /** Inserts or updates the course and its prerequisites. Returns its id. */
  async save(db: EntityManager, course: Course | Partial<Course>): Promise<string> {
    const repository = db.getRepository(Course);
    return (await repository.save(course instanceof Course ? course : repository.create(course))).id;
  }

  async setStatus(db: EntityManager, id: string, status: CourseStatus, publishedAt: Date | null): Promise<void> {
    await db.getRepository(Course).update(id, { status, publishedAt });
  }

  /** Prerequisite edits take turns, so two concurrent edits cannot close a cycle between them. */
  async lockPrerequisiteEdits(db: EntityManager): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.Prerequisites]);
  }

  /** Each course with the courses it requires today. */
  async prerequisiteGraph(db: EntityManager): Promise<Map<string, string[]>> {
    const rows: Array<{ course_id: string; prerequisite_id: string }> = await db.query('SELECT course_id, prerequisite_id FROM course_prerequisites');
    const graph = new Map<string, string[]>();
    for (const row of rows) graph.set(row.course_id, [...(graph.get(row.course_id) ?? []), row.prerequisite_id]);
    return graph;
  }

  /** A page of courses by title, each with what a response shows of its prerequisites, and how many match. */
  async page(db: EntityManager, filter: CourseFilter): Promise<{ items: Course[]; total: number }> {
    const qb = db.getRepository(Course).createQueryBuilder('c');
    if (filter.publishedOnly) qb.andWhere(`c.status = 'published'`);
    if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
    if (filter.category) qb.andWhere('c.category = :category', { category: filter.category });
    if (filter.deliveryMode) qb.andWhere('c.delivery_mode = :mode', { mode: filter.deliveryMode });
    if (filter.language) qb.andWhere('c.language = :language', { language: filter.language });
    if (filter.q) qb.andWhere('(c.title ILIKE :q OR c.code ILIKE :q OR c.summary ILIKE :q)', { q: containsPattern(filter.q) });
    const [items, total] = await qb.orderBy('c.title', 'ASC').addOrderBy('c.id', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
    // Only what a response shows of each prerequisite, in one query for the page.
    const prerequisites: Array<{ course_id: string; id: string; code: string; title: string }> = items.length
      ? await db.query(
          `SELECT cp.course_id, p.id, p.code, p.title FROM course_prerequisites cp JOIN courses p ON p.id = cp.prerequisite_id
            WHERE cp.course_id = ANY($1::uuid[])`,
          [items.map((c) => c.id)],
        )
      : [];
    for (const course of items) {
      course.prerequisites = prerequisites.filter((p) => p.course_id === course.id).map(({ id, code, title }) => ({ id, code, title }) as Course);
    }
    return { items, total };
  }
}
