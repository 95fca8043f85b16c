// The data of courses and their prerequisites. Every method takes the manager to run on, so the service that
// owns the use case owns the transaction.
import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { AdvisoryLock } from '@amahoro/database/advisory-locks.js';
import { Course } from '@amahoro/database/entities/course.entity.js';
import type { CourseCategory, CourseStatus, DeliveryMode } from '@amahoro/domain/courses/course.types.js';
import { containsPattern, namedStatement } from '../common/sql.js';

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

  /**
   * A page of courses by title, each with what a response shows of its prerequisites, and how many match: one
   * statement, plain SQL (the query builder's hydration was a fifth of the catalog's CPU), prepared once per
   * connection (planning it cost PostgreSQL more than running it). The prerequisites of the page are joined once,
   * by index, rather than looked up course by course. The count is the driving row, so a page past the end still
   * says how many match.
   */
  async page(db: EntityManager, filter: CourseFilter): Promise<{ items: Course[]; total: number }> {
    const params: unknown[] = [filter.limit, filter.offset];
    const where = ['TRUE'];
    const match = (condition: (param: string) => string, value: unknown) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (filter.publishedOnly) where.push(`c.status = 'published'`);
    if (filter.status) match((p) => `c.status = ${p}`, filter.status);
    if (filter.category) match((p) => `c.category = ${p}`, filter.category);
    if (filter.deliveryMode) match((p) => `c.delivery_mode = ${p}`, filter.deliveryMode);
    if (filter.language) match((p) => `c.language = ${p}`, filter.language);
    if (filter.q) match((p) => `(c.title ILIKE ${p} OR c.code ILIKE ${p} OR c.summary ILIKE ${p})`, containsPattern(filter.q));
    const matching = `FROM courses c WHERE ${where.join(' AND ')}`;
    // numeric(5,2) to float8 is exact, as Number() of its text would be.
    const rows: Array<Course & { total: number }> = await db.query(
      namedStatement(`WITH page AS MATERIALIZED (SELECT c.* ${matching} ORDER BY c.title ASC, c.id ASC LIMIT $1 OFFSET $2),
            -- Only what a response shows of each prerequisite.
            required AS (SELECT cp.course_id, json_agg(json_build_object('id', p.id, 'code', p.code, 'title', p.title)) AS list
                           FROM page JOIN course_prerequisites cp ON cp.course_id = page.id JOIN courses p ON p.id = cp.prerequisite_id
                          GROUP BY cp.course_id)
       SELECT t.total, c.id, c.code, c.title, c.summary, c.description, c.category, c.delivery_mode AS "deliveryMode", c.language,
              c.duration_hours AS "durationHours", c.pass_mark::float8 AS "passMark", c.status, c.published_at AS "publishedAt",
              c.created_at AS "createdAt", c.updated_at AS "updatedAt", coalesce(r.list, '[]') AS prerequisites
         FROM (SELECT count(*)::int AS total ${matching}) t
         LEFT JOIN page c ON TRUE
         LEFT JOIN required r ON r.course_id = c.id
        ORDER BY c.title ASC, c.id ASC`),
      params,
    );
    // An empty page is the count's row alone, its course columns null.
    const items = rows[0]!.id === null ? [] : rows.map(({ total: _, ...course }) => course);
    return { items, total: rows[0]!.total };
  }
}
