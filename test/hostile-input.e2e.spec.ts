// Every documented operation, read from the app's own OpenAPI document, gets NUL bytes, unpaired surrogates,
// extreme numbers and malformed timestamps in every body field, query parameter and path parameter. No answer
// may be a 5xx, and what must be refused leaves the database exactly as it was. A new route is covered as soon
// as it is documented. It runs on a database of its own, so other spec files writing meanwhile do not count.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { createCourse, createOffering } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { type Reply, type RequestOptions, uniqueEmail } from './support/harness.js';

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  minLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
};
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

/**
 * A hostile value, and whether a field of that schema must refuse it (false: any answer but a 5xx will do;
 * undefined: not worth a request there).
 */
interface Hostile {
  label: string;
  value: string | number;
  refusedBy: (schema: Schema, inUrl: boolean) => boolean | undefined;
}

const always = () => true;
const unlessPlainText = (schema: Schema) => !(schema.type === 'string' && !schema.format && !schema.enum);
// In a URL every value is text: a number there is refused only where the field is not free text.
const numbers = (schema: Schema, inUrl: boolean) => (inUrl ? unlessPlainText(schema) : true);
// Elsewhere a malformed timestamp is one more wrong string, as numbers and text already probe.
const timestamps = (schema: Schema) => (schema.format === 'date' || schema.format === 'date-time' ? true : undefined);

// 1e400 cannot be written by JSON.stringify: the marker is replaced in the raw body.
const INFINITE = '__1e400__';

const HOSTILE: Hostile[] = [
  { label: 'NUL byte', value: 'Amina\u0000Uwase', refusedBy: always },
  { label: 'unpaired high surrogate', value: 'x\ud800y', refusedBy: always },
  { label: 'unpaired low surrogate', value: '\udfff', refusedBy: always },
  { label: '1e-7', value: 1e-7, refusedBy: numbers },
  { label: '5e-324', value: 5e-324, refusedBy: numbers },
  { label: '1e308', value: 1e308, refusedBy: numbers },
  { label: '1e400', value: INFINITE, refusedBy: numbers },
  { label: 'expanded year', value: '+2026-01-05T08:00:00Z', refusedBy: timestamps },
  { label: 'ISO week date', value: '2026-W01-1T08:00:00Z', refusedBy: timestamps },
  { label: 'basic format', value: '20260105T080000Z', refusedBy: timestamps },
  { label: 'hour only', value: '2026-01-05T08Z', refusedBy: timestamps },
  { label: 'no such day', value: '2026-02-30T08:00:00Z', refusedBy: timestamps },
  { label: 'year zero', value: '0000-01-01T00:00:00Z', refusedBy: timestamps },
  { label: 'year zero date', value: '0000-01-01', refusedBy: timestamps },
  { label: 'no such date', value: '2026-02-30', refusedBy: timestamps },
];

const BATCH = 8;
const WRONG_BODIES = ['[]', '[{}]', '"text"', '1e400', 'true', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"a":1,"a":2'];

/** A bulk answer whose every row was refused (bulk grading reports bad rows in a 200). */
const refusedEveryRow = (reply: Reply) => Array.isArray(reply.body?.results) && reply.body.results.every((row: { outcome: string }) => row.outcome === 'error');

const isText = (h: Hostile) => typeof h.value === 'string' && /[\u0000\ud800-\udfff]/.test(h.value);

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Probe {
  /** The part of the API it belongs to (its first path segment under /api/v1), one subtest each. */
  group: string;
  what: string;
  mustRefuse: boolean;
  text: boolean;
  method: string;
  path: string;
  options: RequestOptions;
}

const groupOf = (path: string) => `/${path.replace(/^\/api\/v1\//, '').split(/[/?]/)[0]}`;

/** Each hostile value in each place of each documented operation it can go; `ids` name real things for path parameters. */
function planProbes(doc: OpenApiDocument, ids: Record<string, string>): Probe[] {
  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()!]!);
    if (schema.allOf?.length === 1) return resolve(schema.allOf[0]!);
    return schema;
  };

  /** A plausible value for a schema, so that the rest of a request is as valid as can be. */
  const sample = (raw: Schema, name: string): unknown => {
    const schema = resolve(raw);
    if (schema.enum) return schema.enum[0];
    if (schema.example !== undefined && schema.type !== 'array') return schema.example;
    if (schema.type === 'object') {
      return Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([key]) => schema.required?.includes(key)).map(([key, s]) => [key, sample(s, key)]));
    }
    if (schema.type === 'array') return schema.items ? [sample(schema.items, name)] : [];
    if (schema.type === 'integer' || schema.type === 'number') return Math.max(1, schema.minimum ?? 1);
    if (schema.type === 'boolean') return true;
    if (schema.format === 'uuid') return ids[name] ?? randomUUID();
    if (schema.format === 'date') return '2030-01-01';
    if (schema.format === 'date-time') return '2030-01-01T08:00:00Z';
    if (/email/i.test(name)) return uniqueEmail('hostile');
    if (/password/i.test(name)) return 'correct-horse-battery';
    return 'Sample text';
  };

  /** Each place a hostile value can go in a body: [path of keys, the schema there]; '*' is a key of a map. */
  const slots = (raw: Schema, at: Array<string | number>): Array<[Array<string | number>, Schema]> => {
    const schema = resolve(raw);
    if (schema.type === 'array' && schema.items) return slots(schema.items, [...at, 0]);
    if (schema.properties) return Object.entries(schema.properties).flatMap(([key, s]) => slots(s, [...at, key]));
    if (typeof schema.additionalProperties === 'object') return [[[...at, '*'], { type: 'string' }], ...slots(schema.additionalProperties, [...at, 'key'])];
    return at.length ? [[at, schema]] : [];
  };

  const withValueAt = (base: unknown, at: Array<string | number>, value: unknown): unknown => {
    if (at.length === 0) return value;
    const [head, ...rest] = at;
    if (typeof head === 'number') return [withValueAt(Array.isArray(base) ? base[0] : undefined, rest, value)];
    const object = (typeof base === 'object' && base !== null ? { ...(base as object) } : {}) as Record<string, unknown>;
    // A hostile key: the value goes in as a map's key rather than a value.
    if (head === '*') return { ...object, [String(value)]: [] };
    object[head!] = withValueAt(object[head!], rest, value);
    return object;
  };

  const probes: Probe[] = [];
  const plan = (what: string, mustRefuse: boolean | undefined, text: boolean, method: string, path: string, options: RequestOptions) =>
    mustRefuse !== undefined && probes.push({ group: groupOf(path), what, mustRefuse, text, method: method.toUpperCase(), path, options });

  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const params = operation.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path');
      const queryParams = params.filter((p) => p.in === 'query');
      // A path parameter takes the id of the thing named before it (/offerings/{id} → the offering).
      const realPath = (override?: [string, string]) =>
        template.replace(/\{(\w+)\}/g, (_, name: string, offset: number) => {
          if (override?.[0] === name) return override[1];
          const before = template.slice(0, offset).split('/').filter(Boolean).pop()!;
          return encodeURIComponent(name === 'id' ? (ids[before] ?? randomUUID()) : name === 'date' ? '2030-01-01' : (ids[name] ?? 'AMH-SAMPLE'));
        });
      const jsonSchema = operation.requestBody?.content['application/json']?.schema;
      const baseBody = jsonSchema ? sample(jsonSchema, 'body') : undefined;
      const json = (raw: string): RequestOptions => ({ raw, headers: { 'content-type': 'application/json' } });
      const bodyOptions = (body: unknown): RequestOptions => (body === undefined ? {} : json(JSON.stringify(body).replaceAll(`"${INFINITE}"`, '1e400')));

      // Whole bodies that are not the object a DTO describes.
      if (jsonSchema) {
        for (const raw of WRONG_BODIES) plan(`${method} ${template} whole body ${raw.slice(0, 20)}`, true, false, method, realPath(), json(raw));
        plan(`${method} ${template} whole body null`, false, false, method, realPath(), json('null'));
      }
      for (const hostile of HOSTILE) {
        const text = isText(hostile);
        // A lone surrogate cannot be written in UTF-8: its would-be bytes are sent, which no decoder accepts.
        const inUrl = /[\ud800-\udfff]/.test(String(hostile.value)) ? '%ED%A0%80' : encodeURIComponent(String(hostile.value === INFINITE ? '1e400' : hostile.value));
        for (const param of pathParams) {
          const schema = resolve(param.schema ?? { type: 'string' });
          plan(`${method} ${template} path ${param.name} = ${hostile.label}`, hostile.refusedBy(schema, true), text, method, realPath([param.name, inUrl]), bodyOptions(baseBody));
        }
        for (const param of queryParams) {
          const schema = resolve(param.schema ?? { type: 'string' });
          plan(`${method} ${template} query ${param.name} = ${hostile.label}`, hostile.refusedBy(schema, true), text, method, `${realPath()}?${param.name}=${inUrl}`, bodyOptions(baseBody));
        }
        if (jsonSchema) {
          for (const [at, schema] of slots(jsonSchema, [])) {
            // A hostile key of a map must be refused if it is text that cannot be stored; as a number it is a key.
            const mustRefuse = at.includes('*') ? text : hostile.refusedBy(schema, false);
            plan(`${method} ${template} body ${at.join('.')} = ${hostile.label}`, mustRefuse, text, method, realPath(), bodyOptions(withValueAt(baseBody, at, hostile.value)));
          }
        }
        if (operation.requestBody?.content['text/csv'] && typeof hostile.value === 'string' && text) {
          // As in a URL, a lone surrogate in a file can only be its would-be UTF-8 bytes.
          const cell = /[\ud800-\udfff]/.test(hostile.value) ? Buffer.from([0xed, 0xa0, 0x80]) : Buffer.from(hostile.value);
          const lines = `email,fullName,rank\n${uniqueEmail('csv')},Amina Uwase,Captain\n${uniqueEmail('csv')},`;
          const csv = Buffer.concat([Buffer.from(lines), cell, Buffer.from(',Major\n')]);
          plan(`${method} ${template} CSV cell = ${hostile.label}`, true, true, method, realPath(), { raw: csv, headers: { 'content-type': 'text/csv' } });
        }
      }
    }
  }
  return probes;
}

describe('hostile input on every documented operation: never a 5xx, nothing stored', () => {
  const app = useApp({ env: { VERIFY_RATE_LIMIT_PER_MINUTE: '1000000' }, users: { trainee: 'trainee', instructor: 'instructor' } });
  const ids: Record<string, string> = {};

  before(async () => {
    const course = await createCourse(app.api, app.admin);
    const offering = await createOffering(app.api, app.admin, course.id, { instructorIds: [app.users.instructor.id] });
    const enrolment = await app.api.post(`/api/v1/offerings/${offering.id}/enrollments`, { token: app.users.trainee.token });
    const quiz = await app.api.post(`/api/v1/offerings/${offering.id}/assessments`, {
      token: app.admin.token,
      body: { title: 'Quiz', kind: 'quiz', weight: 10, questions: [{ prompt: 'Two?', choices: ['1', '2'], correct: [1], points: 1 }] },
    });
    Object.assign(ids, {
      courses: course.id,
      code: course.code,
      offerings: offering.id,
      enrollments: enrolment.body.id,
      enrollmentId: enrolment.body.id,
      assessments: quiz.body.id,
      users: app.users.trainee.id,
      userId: app.users.trainee.id,
    });
  });

  /** Every row of every table, hashed: equal before and after means nothing was stored or changed. */
  async function fingerprint(): Promise<string> {
    const tables: Array<{ name: string }> = await app.db.query(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`,
    );
    const union = tables.map(({ name }) => `SELECT '${name}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${name}" x`);
    const rows: Array<{ t: string; h: string }> = await app.db.query(union.join(' UNION ALL '));
    return rows.map((r) => `${r.t}:${r.h}`).sort().join(',');
  }

  /** As admin (validation is reached); a route for another role answers 403, so it is tried as that role too. */
  async function send(method: string, path: string, options: RequestOptions): Promise<Reply> {
    let reply: Reply = { status: 0, body: undefined, headers: new Headers() };
    for (const user of [app.admin, app.users.trainee, app.users.instructor]) {
      reply = await app.api.request(method, path, { ...options, token: user.token });
      if (reply.status !== 403) break;
    }
    return reply;
  }

  it('answers every hostile request with a 4xx at most, and stores nothing it refused', async (t) => {
    const doc = (await app.api.get('/docs-json')).body as OpenApiDocument;
    const probes = planProbes(doc, ids);
    const refused = probes.filter((p) => p.mustRefuse);
    assert.ok(refused.length > 500, `only ${refused.length} refused probes: is the OpenAPI document read?`);
    const groups = new Map<string, Probe[]>();
    for (const probe of probes) groups.set(probe.group, [...(groups.get(probe.group) ?? []), probe]);
    const started = Date.now();
    // One subtest a part of the API: a failure in one leaves the others to run and report.
    for (const [group, inGroup] of groups) await t.test(group, () => assertAllRefusedSafely(inGroup));
    t.diagnostic(`${probes.length} probes (${refused.length} to refuse) on ${Object.keys(doc.paths).length} documented paths in ${Date.now() - started} ms`);
  });

  /**
   * Refused probes go in concurrent batches; the database is compared after each batch (a changed one names its
   * probes). The others may succeed: they must only never answer 5xx.
   */
  async function assertAllRefusedSafely(probes: Probe[]): Promise<void> {
    const failures: string[] = [];
    const judge = (probe: Probe, reply: Reply) => {
      const shown = `${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`;
      if (reply.status >= 500) failures.push(`${probe.what}: ${shown}`);
      else if (probe.text && (reply.status !== 400 || reply.body?.code !== 'VALIDATION_FAILED')) failures.push(`${probe.what}: expected 400 VALIDATION_FAILED, got ${shown}`);
      else if (probe.mustRefuse && reply.status < 400 && !refusedEveryRow(reply)) failures.push(`${probe.what}: accepted with ${shown}`);
    };
    const refused = probes.filter((p) => p.mustRefuse);
    let state = await fingerprint();
    for (let i = 0; i < refused.length; i += BATCH) {
      const batch = refused.slice(i, i + BATCH);
      const replies = await Promise.all(batch.map((p) => send(p.method, p.path, p.options)));
      batch.forEach((probe, index) => judge(probe, replies[index]!));
      const now = await fingerprint();
      if (now !== state) failures.push(`the database changed during: ${batch.map((p) => p.what).join(' | ')}`);
      state = now;
    }
    const others = probes.filter((p) => !p.mustRefuse);
    for (let i = 0; i < others.length; i += BATCH) {
      const batch = others.slice(i, i + BATCH);
      const replies = await Promise.all(batch.map((p) => send(p.method, p.path, p.options)));
      batch.forEach((probe, index) => judge(probe, replies[index]!));
    }
    assert.deepEqual(failures, [], `${failures.length} failures in ${probes.length} probes`);
  }

  it('refuses NUL bytes in the public verification page and in the queue board’s Basic-auth e-mail', async () => {
    for (const serial of ['%00', 'AMH-%00', '%ED%A0%80']) {
      const page = await app.api.get(`/verify/${serial}`);
      assert.equal(page.status, 400, `/verify/${serial}`);
    }
    const before = await fingerprint();
    for (const email of [`${app.admin.email}\u0000`, '\u0000', 'a\u0000@b.org']) {
      const board = await app.api.get('/admin/queues', { headers: { authorization: `Basic ${Buffer.from(`${email}:${app.admin.password}`).toString('base64')}` } });
      assert.equal(board.status, 400, JSON.stringify(email));
      assert.equal(board.body.code, 'VALIDATION_FAILED');
    }
    assert.equal(await fingerprint(), before);
  });
});
