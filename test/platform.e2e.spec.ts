import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useApp } from './support/fixture.js';

// Routes outside /api/v1 that are part of the contract; the rest (Swagger UI, the queue board, the web app's files) are not API.
const API_ROUTE = /^\/(api\/v1\/|health$|verify\/|\.well-known\/)/;
// Public routes: a token is optional there.
const PUBLIC_OPERATIONS = [
  'register', 'login', 'refresh', 'listCourses', 'getCourseByCode', 'getCourse', 'listOfferings', 'getOffering', 'verifySerial',
  'verifyCredential', 'getStatusList', 'getHealth', 'verificationPage', 'getDidDocument', 'getJwks', 'getAuditCheckpoint',
  'forgotPassword', 'resetPassword', 'verifyEmail', 'getOfferingCalendar', 'getCalendarFeed',
];
// Path parameters that are not UUIDs.
const NOT_UUIDS = ['serial', 'code', 'date', 'jobId', 'token'];

interface Operation {
  operationId: string;
  summary?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; name: string; schema: { format?: string } }>;
  responses: Record<string, { content?: Record<string, { schema: { allOf?: Array<{ $ref?: string; properties?: { code: { enum: string[] } } }> } }> }>;
}

describe('platform: health, docs, errors, limits, headers', () => {
  const served: string[] = [];
  const app = useApp({
    env: { BODY_LIMIT_BYTES: '4096' },
    hooks: {
      onRoute: ({ method, url }) => {
        for (const verb of [method].flat()) {
          if (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(verb) && API_ROUTE.test(url)) served.push(`${verb.toLowerCase()} ${url.replace(/:(\w+)/g, '{$1}')}`);
        }
      },
    },
  });

  it('reports health of PostgreSQL and Redis', async () => {
    const reply = await app.api.get('/health');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.body, { status: 'ok', db: 'up', redis: 'up' });
  });

  it('serves Swagger UI at /docs and an OpenAPI document describing every route at /docs-json', async () => {
    const ui = await app.api.get('/docs');
    assert.equal(ui.status, 200);
    assert.match(String(ui.body), /swagger/i);
    const doc = (await app.api.get('/docs-json')).body;
    const routes = [
      ['get', '/health'],
      ['post', '/api/v1/auth/register'],
      ['post', '/api/v1/auth/login'],
      ['post', '/api/v1/auth/refresh'],
      ['post', '/api/v1/auth/logout'],
      ['get', '/api/v1/me'],
      ['patch', '/api/v1/me'],
      ['post', '/api/v1/users'],
      ['get', '/api/v1/users'],
      ['patch', '/api/v1/users/{id}'],
      ['get', '/api/v1/courses'],
      ['post', '/api/v1/courses'],
      ['get', '/api/v1/courses/{id}'],
      ['patch', '/api/v1/courses/{id}'],
      ['post', '/api/v1/courses/{id}/publish'],
      ['post', '/api/v1/courses/{id}/archive'],
      ['post', '/api/v1/courses/{id}/offerings'],
      ['get', '/api/v1/offerings'],
      ['get', '/api/v1/offerings/{id}'],
      ['patch', '/api/v1/offerings/{id}'],
      ['post', '/api/v1/offerings/{id}/cancel'],
      ['post', '/api/v1/offerings/{id}/enrollments'],
      ['post', '/api/v1/offerings/{id}/enrollments/bulk'],
      ['get', '/api/v1/offerings/{id}/enrollments'],
      ['get', '/api/v1/me/enrollments'],
      ['get', '/api/v1/enrollments/{id}'],
      ['post', '/api/v1/enrollments/{id}/approve'],
      ['post', '/api/v1/enrollments/{id}/reject'],
      ['post', '/api/v1/enrollments/{id}/withdraw'],
    ];
    for (const [method, path] of routes) assert.ok(doc.paths[path!]?.[method!], `${method} ${path} is documented`);
    assert.ok(doc.components.schemas.ErrorResponse, 'the error body is documented');
    assert.ok(doc.paths['/api/v1/auth/login'].post.responses['429'], 'login documents 429');
    assert.ok(doc.components.schemas.RegisterDto.properties.nationality);
    // That every route the server answers is in the document, and nothing else, is the next test's (from Fastify's onRoute).
    assert.ok(doc.paths['/api/v1/offerings/{id}/enrollments/bulk'].post.requestBody.content['text/csv'], 'CSV upload is documented');
  });

  it('documents every route it serves: a summary, an operationId named after its handler, who may call it, ids, media types, error codes', async () => {
    const doc = (await app.api.get('/docs-json')).body;
    const operations = new Map<string, Operation>();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, operation] of Object.entries(methods)) operations.set(`${method} ${path}`, operation);
    }
    assert.ok(served.length > 50, `${served.length} routes seen`);
    assert.deepEqual([...new Set(served)].sort(), [...operations.keys()].sort(), 'the routes served and the routes documented are the same');

    const ids = [...operations.values()].map((op) => op.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    for (const [route, op] of operations) {
      assert.match(op.operationId, /^[a-z][A-Za-z]+$/, `${route}: a handler's name, not a generated one (${op.operationId})`);
      assert.ok(op.summary && op.summary.length >= 5, `${route} has a summary`);
      const isPublic = op.security?.some((requirement) => Object.keys(requirement).length === 0) ?? false;
      assert.equal(isPublic, PUBLIC_OPERATIONS.includes(op.operationId), `${route} ${isPublic ? 'needs no token' : 'needs a token'}`);
      if (!isPublic) assert.deepEqual(op.security, [{ bearer: [] }], route);
      for (const parameter of op.parameters?.filter((p) => p.in === 'path' && !NOT_UUIDS.includes(p.name)) ?? []) {
        assert.equal(parameter.schema.format, 'uuid', `${route}: ${parameter.name} is a uuid`);
      }
      // The verification page answers its 404 as a page, for people.
      // Whatever reads PostgreSQL or Redis can answer 503 while they are out of reach.
      if (!['getHealth', 'getDidDocument', 'getJwks'].includes(op.operationId)) assert.ok(op.responses['503'], `${route} documents 503`);
      for (const [status, response] of Object.entries(op.responses).filter(([status, r]) => /^[45]/.test(status) && !r.content?.['text/html'] && op.operationId !== 'getHealth')) {
        const schema = response.content?.['application/json']?.schema;
        assert.equal(schema?.allOf?.[0]?.$ref, '#/components/schemas/ErrorResponse', `${route} ${status} has the error body`);
        assert.ok(schema?.allOf?.[1]?.properties?.code.enum.length, `${route} ${status} names its codes`);
      }
    }

    const op = (id: string) => [...operations.values()].find((o) => o.operationId === id)!;
    const codes = (id: string, status: number) => op(id).responses[status]!.content!['application/json']!.schema.allOf![1]!.properties!.code.enum;
    assert.ok(codes('updateAssessment', 409).includes('ASSESSMENT_HAS_RESULTS'));
    assert.ok(codes('enrolInOffering', 409).includes('ENROLLMENT_ALREADY_EXISTS'));
    assert.ok(codes('refresh', 403).includes('AUTH_CSRF_HEADER_MISSING'));
    assert.deepEqual(codes('listCourses', 503), ['SERVICE_UNAVAILABLE', 'TRANSACTION_CONFLICT']);
    assert.deepEqual(codes('listMyOfferings', 403), ['AUTH_FORBIDDEN']);
    assert.deepEqual(Object.keys(op('getCertificatePdf').responses['200']!.content!), ['application/pdf']);
    assert.deepEqual(Object.keys(op('getCertificateCredential').responses['200']!.content!), ['application/vc+jwt']);
    assert.deepEqual(Object.keys(op('getCertificatePdf').responses['404']!.content!), ['application/json'], 'errors stay JSON');
    for (const id of ['getGradebook', 'getOfferingReport', 'getSummaryReport']) {
      assert.deepEqual(Object.keys(op(id).responses['200']!.content!).sort(), ['application/json', 'text/csv'], id);
    }
    assert.deepEqual(Object.keys(op('verificationPage').responses['200']!.content!), ['text/html']);
    assert.ok(!op('listCourses').responses['413'] && op('createCourse').responses['413'], 'only a route that reads a body answers 413');
    const updateDto = doc.components.schemas.UpdateAssessmentDto.properties;
    assert.deepEqual([updateDto.dueAt.type, updateDto.maxAttempts.type], ['string', 'number']);
  });

  it('documents a token as needed exactly where the server answers 401 without one', async () => {
    const doc = (await app.api.get('/docs-json')).body;
    const wrong: string[] = [];
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, operation] of Object.entries(methods)) {
        const needsToken = !(operation.security ?? []).some((requirement) => Object.keys(requirement).length === 0);
        // Any id will do: the guard answers before the route looks anything up.
        const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
        const reply = await app.api.request(method.toUpperCase(), url, method === 'get' ? {} : { body: {} });
        if ((reply.status === 401) !== needsToken) wrong.push(`${method} ${path}: documented ${needsToken ? 'protected' : 'public'}, answered ${reply.status}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('answers an unknown route with the contract error body', async () => {
    const reply = await app.api.get('/api/v1/nowhere');
    assert.equal(reply.status, 404);
    assert.equal(reply.body.statusCode, 404);
    assert.equal(reply.body.error, 'Not Found');
    assert.equal(typeof reply.body.message, 'string');
  });

  it('answers malformed JSON with 400, and a body over the limit with 413', async () => {
    const malformed = await app.api.post('/api/v1/auth/register', { raw: '{"email": ', headers: { 'content-type': 'application/json' } });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error, 'Bad Request');
    const huge = await app.api.post('/api/v1/auth/register', { body: { email: 'a@b.org', password: 'x'.repeat(10_000), fullName: 'X' } });
    assert.equal(huge.status, 413);
    assert.deepEqual(huge.body, { statusCode: 413, error: 'Payload Too Large', message: huge.body.message, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('answers a body of the wrong shape or type with 400, never 500', async () => {
    const bodies = ['[]', '"text"', '42', 'null', '{"email": {"$gt": ""}, "password": "x", "fullName": "x"}'];
    for (const raw of bodies) {
      const reply = await app.api.post('/api/v1/auth/register', { raw, headers: { 'content-type': 'application/json' } });
      assert.equal(reply.status, 400, raw);
    }
    const wrongType = await app.api.post('/api/v1/auth/login', { raw: 'email=a&password=b', headers: { 'content-type': 'text/plain' } });
    assert.ok(wrongType.status >= 400 && wrongType.status < 500, `text/plain answered ${wrongType.status}`);
  });

  it('sends security headers and a request id (keeping a sane one the caller gave)', async () => {
    const reply = await app.api.get('/health', { headers: { 'x-request-id': 'trace-abc-123' } });
    assert.equal(reply.headers.get('x-request-id'), 'trace-abc-123');
    assert.equal(reply.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(reply.headers.get('content-security-policy'));
    const generated = await app.api.get('/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    assert.match(generated.headers.get('x-request-id')!, /^[0-9a-f-]{36}$/);
    // A URL Fastify cannot decode is refused before any hook runs: the same headers all the same.
    const malformed = await app.api.get('/api/v1/verify/%ED%A0%80', { headers: { 'x-request-id': 'trace-bad-url' } });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.headers.get('x-request-id'), 'trace-bad-url');
    assert.equal(malformed.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(malformed.headers.get('content-security-policy'), reply.headers.get('content-security-policy'));
  });

  it('answers CORS preflights', async () => {
    const reply = await app.api.request('OPTIONS', '/api/v1/me', {
      headers: { origin: 'https://app.example.org', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    assert.ok(reply.status === 204 || reply.status === 200);
    assert.equal(reply.headers.get('access-control-allow-origin'), 'https://app.example.org');
  });

  const basic = (email: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}` });

  it('shows the queue dashboard to admins only, behind their email and password', async () => {
    const anonymous = await app.api.get('/admin/queues');
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate')!, /^Basic /);
    const trainee = await app.api.signUp('trainee');
    assert.equal((await app.api.get('/admin/queues', { headers: basic(trainee.email, trainee.password) })).status, 403);
    assert.equal((await app.api.get('/admin/queues', { headers: basic(trainee.email, 'wrong-password') })).status, 401);
    const page = await app.api.get('/admin/queues', { headers: basic(app.admin.email, app.admin.password) });
    assert.equal(page.status, 200);
    assert.match(String(page.body), /Bull Dashboard/);
    const queues = await app.api.get('/admin/queues/api/queues', { headers: basic(app.admin.email, app.admin.password) });
    assert.deepEqual(queues.body.queues.map((q: { name: string }) => q.name).sort(), ['certificates', 'notifications', 'system']);
  });

  it('shuts a demoted or deactivated admin out of the queue dashboard at once', async () => {
    const [demoted, deactivated] = [await app.api.signUp('admin'), await app.api.signUp('admin')];
    for (const admin of [demoted, deactivated]) assert.equal((await app.api.get('/admin/queues/api/queues', { headers: basic(admin.email, admin.password) })).status, 200);
    assert.equal((await app.api.patch(`/api/v1/users/${demoted.id}`, { token: app.admin.token, body: { role: 'instructor' } })).status, 200);
    assert.equal((await app.api.patch(`/api/v1/users/${deactivated.id}`, { token: app.admin.token, body: { active: false } })).status, 200);
    assert.equal((await app.api.get('/admin/queues/api/queues', { headers: basic(demoted.email, demoted.password) })).status, 403);
    assert.equal((await app.api.get('/admin/queues/api/queues', { headers: basic(deactivated.email, deactivated.password) })).status, 401);
  });
});
