import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { courseBody, createCourse, uniqueCode } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { assertAdminOnly, type Route } from './support/refusals.js';

/** Something no other test (or parallel spec file) puts in a title, to filter lists by. */
const marker = () => `mk${randomUUID().replace(/-/g, '').slice(0, 10)}`;

describe('courses: creation and validation', () => {
  const app = useApp();

  const create = (body: Record<string, unknown>) => app.api.post('/api/v1/courses', { token: app.admin.token, body });

  it('lets an admin create a course, which starts as a draft with its code in capitals', async () => {
    const code = uniqueCode('poc').toLowerCase();
    const created = await create(courseBody({ code, description: 'Five days on the legal framework.', passMark: 72.5 }));
    assert.equal(created.status, 201);
    assert.match(created.body.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.body.status, 'draft');
    assert.equal(created.body.code, code.toUpperCase());
    assert.equal(created.body.title, 'Protection of Civilians in UN Peacekeeping');
    assert.equal(created.body.category, 'protection_of_civilians');
    assert.equal(created.body.deliveryMode, 'in_person');
    assert.equal(created.body.language, 'en');
    assert.equal(created.body.durationHours, 40);
    assert.equal(created.body.passMark, 72.5);
    assert.equal(created.body.description, 'Five days on the legal framework.');
    assert.deepEqual(created.body.prerequisiteCourseIds, []);
    assert.equal(created.body.publishedAt, undefined);

    const read = await app.api.get(`/api/v1/courses/${created.body.id}`, { token: app.admin.token });
    assert.equal(read.status, 200);
    assert.equal(read.body.code, code.toUpperCase());
  });

  it('answers 409 COURSE_CODE_TAKEN for a code already in use, even in another case', async () => {
    const first = await create(courseBody());
    assert.equal(first.status, 201);
    const again = await create(courseBody({ code: first.body.code }));
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'COURSE_CODE_TAKEN');
    assert.equal(again.body.error, 'Conflict');
    const lower = await create(courseBody({ code: first.body.code.toLowerCase() }));
    assert.equal(lower.status, 409);
    assert.equal(lower.body.code, 'COURSE_CODE_TAKEN');

    const other = await create(courseBody());
    const renamed = await app.api.patch(`/api/v1/courses/${other.body.id}`, { token: app.admin.token, body: { code: first.body.code.toLowerCase() } });
    assert.equal(renamed.status, 409, 'renaming onto a taken code');
    assert.equal(renamed.body.code, 'COURSE_CODE_TAKEN');
  });

  it('refuses invalid course bodies with 400', async () => {
    const bad: Array<[string, Record<string, unknown>]> = [
      ['unknown field', courseBody({ credits: 3 })],
      ['bad category', courseBody({ category: 'cooking' })],
      ['bad delivery mode', courseBody({ deliveryMode: 'carrier_pigeon' })],
      ['language not ISO 639-1', courseBody({ language: 'english' })],
      ['pass mark over 100', courseBody({ passMark: 101 })],
      ['negative pass mark', courseBody({ passMark: -1 })],
      ['zero hours', courseBody({ durationHours: 0 })],
      ['fractional hours', courseBody({ durationHours: 1.5 })],
      ['code with spaces', courseBody({ code: 'POC 101' })],
      ['code of one character', courseBody({ code: 'P' })],
      ['prerequisite not a uuid', courseBody({ prerequisiteCourseIds: ['POC-101'] })],
      ['prerequisites not an array', courseBody({ prerequisiteCourseIds: randomUUID() })],
      ['missing title', { ...courseBody(), title: undefined }],
      ['empty title', courseBody({ title: '   ' })],
    ];
    for (const [why, body] of bad) {
      const reply = await create(body);
      assert.equal(reply.status, 400, why);
      assert.equal(reply.body.error, 'Bad Request', why);
    }
  });

  it('answers 400 COURSE_UNKNOWN_PREREQUISITES naming a prerequisite that does not exist', async () => {
    const known = await createCourse(app.api, app.admin);
    const unknown = randomUUID();
    const reply = await create(courseBody({ prerequisiteCourseIds: [known.id, unknown] }));
    assert.equal(reply.status, 400);
    assert.equal(reply.body.code, 'COURSE_UNKNOWN_PREREQUISITES');
    assert.match(reply.body.message, new RegExp(unknown));

    const course = await createCourse(app.api, app.admin, {}, false);
    const patched = await app.api.patch(`/api/v1/courses/${course.id}`, { token: app.admin.token, body: { prerequisiteCourseIds: [unknown] } });
    assert.equal(patched.status, 400);
    assert.equal(patched.body.code, 'COURSE_UNKNOWN_PREREQUISITES');
  });

  it('returns a course’s prerequisites, and lets an admin replace them', async () => {
    const basics = await createCourse(app.api, app.admin, { title: 'Core Pre-Deployment Training' });
    const law = await createCourse(app.api, app.admin, { title: 'International Humanitarian Law', category: 'humanitarian_law' });
    const created = await create(courseBody({ prerequisiteCourseIds: [basics.id, law.id] }));
    assert.equal(created.status, 201);
    assert.deepEqual([...created.body.prerequisiteCourseIds].sort(), [basics.id, law.id].sort());
    assert.deepEqual(
      [...created.body.prerequisites].sort((a, b) => a.code.localeCompare(b.code)),
      [basics, law].map(({ id, code, title }) => ({ id, code, title })).sort((a, b) => a.code.localeCompare(b.code)),
    );

    const read = await app.api.get(`/api/v1/courses/${created.body.id}`, { token: app.admin.token });
    assert.deepEqual([...read.body.prerequisiteCourseIds].sort(), [basics.id, law.id].sort());

    const replaced = await app.api.patch(`/api/v1/courses/${created.body.id}`, { token: app.admin.token, body: { prerequisiteCourseIds: [law.id] } });
    assert.equal(replaced.status, 200);
    assert.deepEqual(replaced.body.prerequisiteCourseIds, [law.id]);
    const cleared = await app.api.patch(`/api/v1/courses/${created.body.id}`, { token: app.admin.token, body: { prerequisiteCourseIds: [] } });
    assert.deepEqual(cleared.body.prerequisiteCourseIds, []);
  });

  it('lets an admin edit a course, keeping what the PATCH leaves out', async () => {
    const course = await createCourse(app.api, app.admin, {}, false);
    const patched = await app.api.patch(`/api/v1/courses/${course.id}`, {
      token: app.admin.token,
      body: { title: 'Protection of Civilians — Advanced', language: 'FR', passMark: 80 },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.title, 'Protection of Civilians — Advanced');
    assert.equal(patched.body.language, 'fr');
    assert.equal(patched.body.passMark, 80);
    assert.equal(patched.body.code, course.code);
    assert.equal(patched.body.durationHours, 40);
    assert.equal(patched.body.status, 'draft');

    for (const body of [{ passMark: 101 }, { status: 'published' }, { durationHours: 1.5 }]) {
      assert.equal((await app.api.patch(`/api/v1/courses/${course.id}`, { token: app.admin.token, body })).status, 400, JSON.stringify(body));
    }
    assert.equal((await app.api.patch(`/api/v1/courses/${randomUUID()}`, { token: app.admin.token, body: { title: 'Nobody' } })).status, 404);
  });
});

describe('courses: prerequisite cycles', () => {
  const app = useApp();

  const requires = (course: { id: string }, prerequisites: Array<{ id: string }>) =>
    app.api.patch(`/api/v1/courses/${course.id}`, { token: app.admin.token, body: { prerequisiteCourseIds: prerequisites.map((p) => p.id) } });

  it('refuses with 409 to make B require A when A already requires B', async () => {
    const b = await createCourse(app.api, app.admin);
    const a = await createCourse(app.api, app.admin, { prerequisiteCourseIds: [b.id] });
    assert.deepEqual(a.prerequisiteCourseIds, [b.id]);

    const cycle = await requires(b, [a]);
    assert.equal(cycle.status, 409);
    assert.equal(cycle.body.code, 'COURSE_PREREQUISITE_CYCLE');
    assert.deepEqual((await app.api.get(`/api/v1/courses/${b.id}`)).body.prerequisiteCourseIds, [], 'B is left as it was');
  });

  it('refuses with 409 a course that requires itself', async () => {
    const a = await createCourse(app.api, app.admin);
    const self = await requires(a, [a]);
    assert.equal(self.status, 409);
    assert.equal(self.body.code, 'COURSE_PREREQUISITE_CYCLE');
  });

  it('refuses with 409 a longer cycle, A → B → C → A', async () => {
    const c = await createCourse(app.api, app.admin);
    const b = await createCourse(app.api, app.admin, { prerequisiteCourseIds: [c.id] });
    const a = await createCourse(app.api, app.admin, { prerequisiteCourseIds: [b.id] });
    const cycle = await requires(c, [a]);
    assert.equal(cycle.status, 409);
    assert.equal(cycle.body.code, 'COURSE_PREREQUISITE_CYCLE');
  });

  it('allows a diamond, which is not a cycle', async () => {
    const base = await createCourse(app.api, app.admin);
    const left = await createCourse(app.api, app.admin, { prerequisiteCourseIds: [base.id] });
    const right = await createCourse(app.api, app.admin, { prerequisiteCourseIds: [base.id] });
    const top = await createCourse(app.api, app.admin);
    const diamond = await requires(top, [left, right]);
    assert.equal(diamond.status, 200);
    assert.equal(diamond.body.prerequisiteCourseIds.length, 2);
  });
});

describe('courses: lifecycle and who may write', () => {
  const app = useApp({ users: { trainee: 'trainee', instructor: 'instructor' } });

  it('publishes a draft, archives it, publishes it again; a second publish is a 409', async () => {
    const tag = marker();
    const course = await createCourse(app.api, app.admin, { title: `Lifecycle ${tag}` }, false);
    const inCatalog = async () => (await app.api.get(`/api/v1/courses?q=${tag}`)).body.total;
    assert.equal(await inCatalog(), 0, 'a draft is not in the public catalog');

    const published = await app.api.post(`/api/v1/courses/${course.id}/publish`, { token: app.admin.token });
    assert.equal(published.status, 200);
    assert.equal(published.body.status, 'published');
    assert.ok(published.body.publishedAt);
    assert.equal(await inCatalog(), 1);
    assert.equal((await app.api.get(`/api/v1/courses/${course.id}`)).status, 200, 'anyone reads a published course');

    const twice = await app.api.post(`/api/v1/courses/${course.id}/publish`, { token: app.admin.token });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'COURSE_INVALID_STATUS_CHANGE');

    const archived = await app.api.post(`/api/v1/courses/${course.id}/archive`, { token: app.admin.token });
    assert.equal(archived.status, 200);
    assert.equal(archived.body.status, 'archived');
    assert.equal(await inCatalog(), 0, 'an archived course leaves the public catalog');
    assert.equal((await app.api.get(`/api/v1/courses/${course.id}`)).status, 404);
    assert.equal((await app.api.post(`/api/v1/courses/${course.id}/archive`, { token: app.admin.token })).status, 409, 'archive twice');

    const again = await app.api.post(`/api/v1/courses/${course.id}/publish`, { token: app.admin.token });
    assert.equal(again.status, 200);
    assert.equal(again.body.status, 'published');
    assert.equal(await inCatalog(), 1);
  });

  it('answers 404 when publishing or archiving a course that does not exist', async () => {
    assert.equal((await app.api.post(`/api/v1/courses/${randomUUID()}/publish`, { token: app.admin.token })).status, 404);
    assert.equal((await app.api.post(`/api/v1/courses/${randomUUID()}/archive`, { token: app.admin.token })).status, 404);
  });

  it('keeps course writes to admins: 403 for trainees and instructors, 401 without a token', async () => {
    const course = await createCourse(app.api, app.admin, {}, false);
    const routes: Route[] = [
      ['POST', '/api/v1/courses', courseBody()],
      ['PATCH', `/api/v1/courses/${course.id}`, { title: 'Taken over' }],
      ['POST', `/api/v1/courses/${course.id}/publish`],
      ['POST', `/api/v1/courses/${course.id}/archive`],
    ];
    await assertAdminOnly(app.api, routes, [app.users.trainee, app.users.instructor]);
    const unchanged = await app.api.get(`/api/v1/courses/${course.id}`, { token: app.admin.token });
    assert.equal(unchanged.body.status, 'draft');
    assert.equal(unchanged.body.title, course.title);
  });
});

describe('courses: the catalog', () => {
  const app = useApp({ users: { trainee: 'trainee' } });

  it('shows anyone only published courses, a page at a time', async () => {
    const tag = marker();
    for (const n of [1, 2, 3]) await createCourse(app.api, app.admin, { title: `Catalog ${tag} ${n}` });
    await createCourse(app.api, app.admin, { title: `Catalog ${tag} draft` }, false);
    const archived = await createCourse(app.api, app.admin, { title: `Catalog ${tag} archived` });
    await app.api.post(`/api/v1/courses/${archived.id}/archive`, { token: app.admin.token });

    const first = await app.api.get(`/api/v1/courses?q=${tag}&page=1&limit=2`);
    assert.equal(first.status, 200);
    assert.deepEqual(Object.keys(first.body).sort(), ['items', 'limit', 'page', 'total']);
    assert.equal(first.body.total, 3);
    assert.equal(first.body.page, 1);
    assert.equal(first.body.limit, 2);
    assert.deepEqual(
      first.body.items.map((c: { title: string }) => c.title),
      [`Catalog ${tag} 1`, `Catalog ${tag} 2`],
    );
    assert.ok(first.body.items.every((c: { status: string }) => c.status === 'published'));

    const second = await app.api.get(`/api/v1/courses?q=${tag}&page=2&limit=2`);
    assert.deepEqual(
      second.body.items.map((c: { title: string }) => c.title),
      [`Catalog ${tag} 3`],
    );
    assert.equal(second.body.total, 3);

    const defaults = await app.api.get(`/api/v1/courses?q=${tag}`);
    assert.equal(defaults.body.page, 1);
    assert.equal(defaults.body.limit, 20);

    const asTrainee = await app.api.get(`/api/v1/courses?q=${tag}`, { token: app.users.trainee.token });
    assert.equal(asTrainee.body.total, 3, 'a trainee sees the same catalog');
  });

  it('matches q against title, code and summary, whatever the case', async () => {
    const tag = marker();
    const byTitle = await createCourse(app.api, app.admin, { title: `Convoy Escort ${tag}` });
    const byCode = await createCourse(app.api, app.admin, { code: `${tag.toUpperCase()}-1` });
    const bySummary = await createCourse(app.api, app.admin, { summary: `Covers ${tag} in detail.` });
    const expected = [byTitle.id, byCode.id, bySummary.id].sort();
    for (const q of [tag, tag.toUpperCase()]) {
      const found = await app.api.get(`/api/v1/courses?q=${q}`);
      assert.equal(found.status, 200);
      assert.deepEqual(found.body.items.map((c: { id: string }) => c.id).sort(), expected, q);
    }
    const narrow = await app.api.get(`/api/v1/courses?q=${encodeURIComponent(`convoy escort ${tag}`)}`);
    assert.deepEqual(
      narrow.body.items.map((c: { id: string }) => c.id),
      [byTitle.id],
    );
    // % and _ in q are plain characters, not wildcards.
    assert.equal((await app.api.get(`/api/v1/courses?q=${encodeURIComponent(`${tag}%`)}`)).body.total, 0);
    assert.equal((await app.api.get(`/api/v1/courses?q=${encodeURIComponent(`${tag.slice(0, -1)}_`)}`)).body.total, 0);
  });

  it('filters by category, delivery mode and language', async () => {
    const tag = marker();
    const title = `Filters ${tag}`;
    const pocEnInPerson = await createCourse(app.api, app.admin, { title });
    const lawFrOnline = await createCourse(app.api, app.admin, { title, category: 'humanitarian_law', deliveryMode: 'online', language: 'fr' });
    const genderSwBlended = await createCourse(app.api, app.admin, { title, category: 'gender_peace_security', deliveryMode: 'blended', language: 'sw' });
    const ids = async (query: string) => {
      const reply = await app.api.get(`/api/v1/courses?q=${tag}&${query}`);
      assert.equal(reply.status, 200, query);
      return reply.body.items.map((c: { id: string }) => c.id).sort();
    };
    assert.deepEqual(await ids('category=humanitarian_law'), [lawFrOnline.id]);
    assert.deepEqual(await ids('category=protection_of_civilians'), [pocEnInPerson.id]);
    assert.deepEqual(await ids('deliveryMode=blended'), [genderSwBlended.id]);
    assert.deepEqual(await ids('deliveryMode=online'), [lawFrOnline.id]);
    assert.deepEqual(await ids('language=sw'), [genderSwBlended.id]);
    assert.deepEqual(await ids('language=en'), [pocEnInPerson.id]);
    assert.deepEqual(await ids('language=EN'), [pocEnInPerson.id], 'language codes in any case');
    assert.deepEqual(await ids('category=humanitarian_law&deliveryMode=in_person'), []);
    assert.deepEqual(await ids('category=humanitarian_law&deliveryMode=online&language=fr'), [lawFrOnline.id]);
  });

  it('refuses bad catalog queries with 400', async () => {
    for (const query of ['limit=101', 'limit=0', 'page=0', 'page=abc', 'category=cooking', 'deliveryMode=radio', 'language=english', 'status=deleted', 'unknown=1']) {
      const reply = await app.api.get(`/api/v1/courses?${query}`);
      assert.equal(reply.status, 400, query);
      assert.equal(reply.body.error, 'Bad Request', query);
    }
    assert.equal((await app.api.get('/api/v1/courses?limit=100')).status, 200, 'a limit of 100 is allowed');
  });

  it('hides a draft course from anonymous callers and trainees (404) but shows it to admins', async () => {
    const draft = await createCourse(app.api, app.admin, {}, false);
    const anonymous = await app.api.get(`/api/v1/courses/${draft.id}`);
    assert.equal(anonymous.status, 404);
    assert.equal(anonymous.body.error, 'Not Found');
    assert.equal((await app.api.get(`/api/v1/courses/${draft.id}`, { token: app.users.trainee.token })).status, 404);
    const forAdmin = await app.api.get(`/api/v1/courses/${draft.id}`, { token: app.admin.token });
    assert.equal(forAdmin.status, 200);
    assert.equal(forAdmin.body.status, 'draft');
    assert.equal((await app.api.get(`/api/v1/courses/by-code/${draft.code}`)).status, 404, 'a draft is not found by code either');
  });

  it('finds a published course by its code, in any case (credentials name achievements this way)', async () => {
    const course = await createCourse(app.api, app.admin);
    const found = await app.api.get(`/api/v1/courses/by-code/${course.code.toLowerCase()}`);
    assert.equal(found.status, 200);
    assert.equal(found.body.id, course.id);
    assert.equal((await app.api.get('/api/v1/courses/by-code/NO-SUCH-CODE')).status, 404);
  });

  it('shows admins every status in the list, and ?status= narrows it', async () => {
    const tag = marker();
    const draft = await createCourse(app.api, app.admin, { title: `Statuses ${tag} draft` }, false);
    const published = await createCourse(app.api, app.admin, { title: `Statuses ${tag} published` });
    const archived = await createCourse(app.api, app.admin, { title: `Statuses ${tag} archived` });
    await app.api.post(`/api/v1/courses/${archived.id}/archive`, { token: app.admin.token });

    const ids = async (query: string, token?: string) =>
      (await app.api.get(`/api/v1/courses?q=${tag}${query}`, { token })).body.items.map((c: { id: string }) => c.id).sort();
    assert.deepEqual(await ids('', app.admin.token), [draft.id, published.id, archived.id].sort());
    assert.deepEqual(await ids('&status=draft', app.admin.token), [draft.id]);
    assert.deepEqual(await ids('&status=archived', app.admin.token), [archived.id]);
    assert.deepEqual(await ids('&status=published', app.admin.token), [published.id]);

    assert.deepEqual(await ids(''), [published.id]);
    assert.deepEqual(await ids('&status=draft'), [], 'a status filter shows others no drafts');
    assert.deepEqual(await ids('&status=draft', app.users.trainee.token), []);
  });

  it('treats an invalid token on the public catalog as no token', async () => {
    assert.equal((await app.api.get('/api/v1/courses', { token: 'not-a-token' })).status, 200);
    const course = await createCourse(app.api, app.admin);
    const reply = await app.api.get(`/api/v1/courses/${course.id}`, { token: `${app.users.trainee.token}x` });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.id, course.id);
  });

  it('answers 400 for an id that is not a UUID and 404 for an unknown one', async () => {
    assert.equal((await app.api.get('/api/v1/courses/not-a-uuid')).status, 400);
    assert.equal((await app.api.patch('/api/v1/courses/not-a-uuid', { token: app.admin.token, body: { title: 'X' } })).status, 400);
    assert.equal((await app.api.post('/api/v1/courses/not-a-uuid/publish', { token: app.admin.token })).status, 400);
    const unknown = await app.api.get(`/api/v1/courses/${randomUUID()}`, { token: app.admin.token });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'COURSE_NOT_FOUND');
  });
});
