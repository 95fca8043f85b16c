// GET /api/v1/courses?page=1&limit=20, anonymously, through the whole app (Nest, guards, validation of the
// query, TypeORM) against bare Fastify + pg running the same SQL for that page: the page ordered by title, id
// with LIMIT/OFFSET, the count of published courses, and the prerequisites of the page's courses; answered
// with the same JSON, byte for byte.
import { fastify } from 'fastify';
import pg from 'pg';
import { COURSE_CATEGORIES, DELIVERY_MODES } from '@amahoro/domain/courses/course.types.js';
import { createApi } from '../apps/api/src/api.js';
import { runTag } from './seed.js';
import { type Benchmark, benchConfig, expectJson, measure, type Result, urlOf } from './support.js';

const COURSES = 100;
export const CATALOG_PATH = '/api/v1/courses?page=1&limit=20';
/** The same pool size as the app's TypeORM data source. */
const POOL_SIZE = 20;

const TOPICS = [
  'Protection of Civilians',
  'Conflict Analysis',
  'Gender, Peace and Security',
  'Child Protection',
  'DDR and Security Sector Reform',
  'International Humanitarian Law',
  'Mission Leadership',
  'Field Medicine',
  'Negotiation and Mediation',
  'Peace Operations Logistics',
];

/** 100 published courses of this run; from the third on, each requires the one before and the third before. */
export async function seedCatalog(db: pg.Pool): Promise<void> {
  const tag = runTag();
  const courses = Array.from({ length: COURSES }, (_, i) => ({
    code: `CAT-${tag}-${String(i + 1).padStart(3, '0')}`,
    title: `${TOPICS[i % TOPICS.length]} ${Math.floor(i / TOPICS.length) + 1}`,
    summary: i % 7 === 0 ? null : `Module ${i + 1} of the academy's catalogue, for military, police and civilian staff.`,
    description: `Learning outcomes, schedule and reading list of module ${i + 1}. `.repeat(8),
    category: COURSE_CATEGORIES[i % COURSE_CATEGORIES.length]!,
    deliveryMode: DELIVERY_MODES[i % DELIVERY_MODES.length]!,
    language: i % 3 === 0 ? 'fr' : 'en',
    hours: 8 + (i % 10) * 8,
    passMark: i % 4 === 0 ? 62.5 : 70,
  }));
  const column = <K extends keyof (typeof courses)[number]>(key: K) => courses.map((course) => course[key]);
  const { rows } = await db.query<{ id: string; code: string }>(
    `INSERT INTO courses (code, title, summary, description, category, delivery_mode, language, duration_hours, pass_mark, status, published_at)
     SELECT code, title, summary, description, category, delivery_mode, language, duration_hours, pass_mark, 'published', now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::numeric[])
         AS t (code, title, summary, description, category, delivery_mode, language, duration_hours, pass_mark)
     RETURNING id, code`,
    [column('code'), column('title'), column('summary'), column('description'), column('category'), column('deliveryMode'), column('language'), column('hours'), column('passMark')],
  );
  const idOf = new Map(rows.map((row) => [row.code, row.id]));
  const ids = courses.map((course) => idOf.get(course.code)!);
  const pairs = ids.flatMap((id, i) => (i >= 3 ? [[id, ids[i - 1]!], [id, ids[i - 3]!]] : []));
  await db.query('INSERT INTO course_prerequisites (course_id, prerequisite_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])', [
    pairs.map(([course]) => course),
    pairs.map(([, prerequisite]) => prerequisite),
  ]);
}

interface CourseRow {
  id: string;
  code: string;
  title: string;
  summary: string | null;
  description: string | null;
  category: string;
  delivery_mode: string;
  language: string;
  duration_hours: number;
  pass_mark: string;
  status: string;
  published_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

// The app's page and count queries (as TypeORM writes them for an anonymous caller without filters).
const PAGE_SQL = `
  SELECT id, code, title, summary, description, category, delivery_mode, language, duration_hours, pass_mark, status,
         published_at, created_at, updated_at
    FROM courses WHERE status = 'published' ORDER BY title ASC, id ASC LIMIT $1 OFFSET $2`;
const COUNT_SQL = `SELECT count(1)::int AS total FROM courses WHERE status = 'published'`;
const PREREQUISITES_SQL = `
  SELECT cp.course_id, p.id, p.code, p.title
    FROM course_prerequisites cp JOIN courses p ON p.id = cp.prerequisite_id
   WHERE cp.course_id = ANY($1::uuid[])`;

/** One page of the catalog, in the app's JSON shape (CoursePage), by plain SQL. */
async function cataloguePage(db: pg.Pool, page: number, limit: number) {
  const courses = (await db.query<CourseRow>(PAGE_SQL, [limit, (page - 1) * limit])).rows;
  const total = (await db.query<{ total: number }>(COUNT_SQL)).rows[0]!.total;
  const prerequisites = new Map<string, Array<{ id: string; code: string; title: string }>>();
  if (courses.length > 0) {
    const rows = (await db.query<{ course_id: string; id: string; code: string; title: string }>(PREREQUISITES_SQL, [courses.map((c) => c.id)])).rows;
    for (const { course_id, ...ref } of rows) prerequisites.set(course_id, [...(prerequisites.get(course_id) ?? []), ref]);
  }
  const items = courses.map((c) => {
    const required = (prerequisites.get(c.id) ?? []).sort((a, b) => a.code.localeCompare(b.code));
    return {
      id: c.id,
      code: c.code,
      title: c.title,
      summary: c.summary ?? undefined,
      description: c.description ?? undefined,
      category: c.category,
      deliveryMode: c.delivery_mode,
      language: c.language,
      durationHours: c.duration_hours,
      passMark: Number(c.pass_mark),
      status: c.status,
      prerequisiteCourseIds: required.map((p) => p.id),
      prerequisites: required,
      publishedAt: c.published_at?.toISOString(),
      createdAt: c.created_at.toISOString(),
      updatedAt: c.updated_at.toISOString(),
    };
  });
  return { items, total, page, limit };
}

async function measureApp(reference: pg.Pool): Promise<Result> {
  const app = await createApi(benchConfig());
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${urlOf(app.getHttpServer())}${CATALOG_PATH}`;
    await expectJson(url, 200, await cataloguePage(reference, 1, 20));
    return await measure({ url });
  } finally {
    await app.close();
  }
}

/** Bare Fastify answering the catalog's page by plain SQL (shared with `npm run bench:profile -- catalog bare`). */
export async function startBareCatalog(): Promise<{ url: string; close: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: benchConfig().databaseUrl, max: POOL_SIZE, connectionTimeoutMillis: 5000 });
  const server = fastify({ logger: false });
  server.get<{ Querystring: { page?: string; limit?: string } }>('/api/v1/courses', (request) =>
    cataloguePage(pool, Number(request.query.page ?? 1), Number(request.query.limit ?? 20)),
  );
  await server.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${urlOf(server.server)}${CATALOG_PATH}`,
    close: async () => {
      await server.close();
      await pool.end();
    },
  };
}

async function measureBare(reference: pg.Pool): Promise<Result> {
  const bare = await startBareCatalog();
  try {
    await expectJson(bare.url, 200, await cataloguePage(reference, 1, 20));
    return await measure({ url: bare.url });
  } finally {
    await bare.close();
  }
}

export const catalogBenchmark: Benchmark = {
  name: 'catalog',
  description: `GET ${CATALOG_PATH} anonymously (${COURSES} more published courses): whole app vs bare Fastify + pg, same SQL and JSON`,
  // Issue 15: at least 0.85× the bare page's throughput, with a p99 at most 1.5× its.
  goal: 0.85,
  p99Goal: 1.5,
  run: async () => {
    // Seeds, and computes the expected page just before each side is checked (other runs may add courses).
    const reference = new pg.Pool({ connectionString: benchConfig().databaseUrl, max: 2 });
    try {
      await seedCatalog(reference);
      const baseline = await measureBare(reference);
      const app = await measureApp(reference);
      return { app, baseline };
    } finally {
      await reference.end();
    }
  },
};
