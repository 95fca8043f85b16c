import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { createCourse, createOffering, DAY, day, offeringBody } from './support/factories.js';
import { useApp } from './support/fixture.js';
import type { TestUser } from './support/harness.js';
import { assertAdminOnly, type Route } from './support/refusals.js';
import { assertWaitlistCounts } from './support/waitlist.js';

/** An offering an academy ran in 2019, recorded after the fact. */
const offering2019 = {
  startsOn: '2019-05-06',
  endsOn: '2019-05-17',
  enrollmentOpensAt: '2019-03-01T08:00:00Z',
  enrollmentClosesAt: '2019-04-30T17:00:00Z',
};

describe('offerings: scheduling', () => {
  const app = useApp({ users: { trainee: 'trainee', instructor: { role: 'instructor', fullName: 'Kwame Mensah' } } });
  let course: { id: string; code: string; title: string };
  before(async () => {
    course = await createCourse(app.api, app.admin);
  });

  const create = (body: Record<string, unknown>, courseId = course.id, token = app.admin.token) =>
    app.api.post(`/api/v1/courses/${courseId}/offerings`, { token, body });

  it('creates an offering whose window is open now, with every seat free', async () => {
    const body = offeringBody({ capacity: 24, instructorIds: [app.users.instructor.id], minAttendancePercent: 80 });
    const created = await create(body);
    assert.equal(created.status, 201);
    assert.match(created.body.id, /^[0-9a-f-]{36}$/);
    assert.equal(created.body.courseId, course.id);
    assert.deepEqual(created.body.course, { id: course.id, code: course.code, title: course.title });
    assert.equal(created.body.startsOn, body.startsOn);
    assert.equal(created.body.endsOn, body.endsOn);
    assert.equal(created.body.location, 'Musanze, Rwanda');
    assert.equal(created.body.enrollmentOpensAt, body.enrollmentOpensAt);
    assert.equal(created.body.enrollmentClosesAt, body.enrollmentClosesAt);
    assert.equal(created.body.approvalMode, 'auto');
    assert.equal(created.body.minAttendancePercent, 80);
    assert.equal(created.body.status, 'open');
    assert.equal(created.body.capacity, 24);
    assert.equal(created.body.seatsTaken, 0);
    assert.equal(created.body.seatsLeft, 24);
    assert.equal(created.body.waitlistLength, 0);
    assert.deepEqual(created.body.instructorIds, [app.users.instructor.id]);
    assert.deepEqual(created.body.instructors, [{ id: app.users.instructor.id, fullName: 'Kwame Mensah' }]);

    for (const token of [undefined, app.users.trainee.token]) {
      const read = await app.api.get(`/api/v1/offerings/${created.body.id}`, { token });
      assert.equal(read.status, 200, 'anyone reads an offering of a published course');
      assert.equal(read.body.seatsLeft, 24);
      assert.equal(read.body.status, 'open');
    }
  });

  it('is scheduled while its window is still to open, and in progress once it has closed', async () => {
    const scheduled = await create(offeringBody({}, 10));
    assert.equal(scheduled.status, 201);
    assert.equal(scheduled.body.status, 'scheduled');
    const closed = await create(offeringBody({}, -30));
    assert.equal(closed.status, 201);
    assert.equal(closed.body.status, 'in_progress');
  });

  it('records an offering from the past (2019)', async () => {
    const past = await create(offeringBody(offering2019));
    assert.equal(past.status, 201);
    assert.equal(past.body.startsOn, '2019-05-06');
    assert.equal(past.body.endsOn, '2019-05-17');
    assert.equal(past.body.enrollmentOpensAt, '2019-03-01T08:00:00.000Z');
    assert.equal(past.body.status, 'in_progress');
  });

  it('stores timestamps given with an offset in UTC, and allows a one-day offering', async () => {
    const created = await create(
      offeringBody({ startsOn: '2026-03-02', endsOn: '2026-03-02', enrollmentOpensAt: '2026-01-05T10:00:00+02:00', enrollmentClosesAt: '2026-02-20T17:00:00-05:00' }),
    );
    assert.equal(created.status, 201);
    assert.equal(created.body.enrollmentOpensAt, '2026-01-05T08:00:00.000Z');
    assert.equal(created.body.enrollmentClosesAt, '2026-02-20T22:00:00.000Z');
  });

  it('refuses dates that contradict each other with 400 OFFERING_INVALID_DATES', async () => {
    const endsBeforeStart = await create(offeringBody({ startsOn: '2026-03-14', endsOn: '2026-03-13' }));
    assert.equal(endsBeforeStart.status, 400);
    assert.equal(endsBeforeStart.body.code, 'OFFERING_INVALID_DATES');

    const at = new Date(Date.now() + 5 * DAY).toISOString();
    const emptyWindow = await create(offeringBody({ enrollmentOpensAt: at, enrollmentClosesAt: at }));
    assert.equal(emptyWindow.status, 400, 'the window must open before it closes');
    assert.equal(emptyWindow.body.code, 'OFFERING_INVALID_DATES');

    const backwards = await create(offeringBody({ enrollmentOpensAt: '2026-02-20T17:00:00Z', enrollmentClosesAt: '2026-01-05T08:00:00Z' }));
    assert.equal(backwards.status, 400);
    assert.equal(backwards.body.code, 'OFFERING_INVALID_DATES');
  });

  it('refuses malformed dates, timestamps and fields with 400', async () => {
    const bad: Array<[string, Record<string, unknown>]> = [
      ['no 30 February', offeringBody({ startsOn: '2026-02-30' })],
      ['no month 13', offeringBody({ endsOn: '2026-13-01' })],
      ['date not zero-padded', offeringBody({ startsOn: '2026-3-2' })],
      ['a timestamp for a date', offeringBody({ startsOn: '2026-03-02T00:00:00Z' })],
      ['timestamp without a zone', offeringBody({ enrollmentOpensAt: '2026-01-05T08:00:00' })],
      ['timestamp without a zone (closes)', offeringBody({ enrollmentClosesAt: '2026-02-20T17:00:00.000' })],
      ['a date for a timestamp', offeringBody({ enrollmentOpensAt: '2026-01-05' })],
      ['timestamp not a date at all', offeringBody({ enrollmentClosesAt: 'next tuesday' })],
      ['zero capacity', offeringBody({ capacity: 0 })],
      ['fractional capacity', offeringBody({ capacity: 2.5 })],
      ['bad approval mode', offeringBody({ approvalMode: 'first_come' })],
      ['instructor id not a uuid', offeringBody({ instructorIds: ['kwame'] })],
      ['attendance over 100', offeringBody({ minAttendancePercent: 120 })],
      ['unknown field', offeringBody({ seatsTaken: 5 })],
    ];
    for (const [why, body] of bad) {
      const reply = await create(body);
      assert.equal(reply.status, 400, why);
      assert.equal(reply.body.error, 'Bad Request', why);
    }
  });

  it('accepts only instructors as instructors: a trainee or an unknown id is a 400 OFFERING_INVALID_INSTRUCTORS', async () => {
    const withTrainee = await create(offeringBody({ instructorIds: [app.users.instructor.id, app.users.trainee.id] }));
    assert.equal(withTrainee.status, 400);
    assert.equal(withTrainee.body.code, 'OFFERING_INVALID_INSTRUCTORS');
    assert.match(withTrainee.body.message, new RegExp(app.users.trainee.id));

    const unknown = randomUUID();
    const withUnknown = await create(offeringBody({ instructorIds: [unknown] }));
    assert.equal(withUnknown.status, 400);
    assert.equal(withUnknown.body.code, 'OFFERING_INVALID_INSTRUCTORS');
    assert.match(withUnknown.body.message, new RegExp(unknown));

    const withAdmin = await create(offeringBody({ instructorIds: [app.admin.id] }));
    assert.equal(withAdmin.status, 400);
    assert.equal(withAdmin.body.code, 'OFFERING_INVALID_INSTRUCTORS');

    const retired = await app.api.signUp('instructor');
    assert.equal((await app.api.patch(`/api/v1/users/${retired.id}`, { token: app.admin.token, body: { active: false } })).status, 200);
    const withInactive = await create(offeringBody({ instructorIds: [retired.id] }));
    assert.equal(withInactive.status, 400, 'an inactive instructor cannot teach');
    assert.equal(withInactive.body.code, 'OFFERING_INVALID_INSTRUCTORS');
  });

  it('answers 404 for an unknown course, 409 for an archived one, 400 for an id that is not a UUID', async () => {
    const unknown = await create(offeringBody(), randomUUID());
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'COURSE_NOT_FOUND');

    const archived = await createCourse(app.api, app.admin);
    assert.equal((await app.api.post(`/api/v1/courses/${archived.id}/archive`, { token: app.admin.token })).status, 200);
    const refused = await create(offeringBody(), archived.id);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'OFFERING_COURSE_ARCHIVED');

    assert.equal((await create(offeringBody(), 'not-a-uuid')).status, 400);
    assert.equal((await app.api.get('/api/v1/offerings/not-a-uuid')).status, 400);
    const missing = await app.api.get(`/api/v1/offerings/${randomUUID()}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'OFFERING_NOT_FOUND');
  });

  it('lets an admin change an offering’s place, dates and instructors', async () => {
    const offering = await createOffering(app.api, app.admin, course.id, { instructorIds: [app.users.instructor.id] });
    const other = await app.api.signUp('instructor', { fullName: 'Aline Mukamana' });
    const patched = await app.api.patch(`/api/v1/offerings/${offering.id}`, {
      token: app.admin.token,
      body: { location: 'Kigali, Rwanda', endsOn: day(45), instructorIds: [other.id] },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.location, 'Kigali, Rwanda');
    assert.equal(patched.body.endsOn, day(45));
    assert.equal(patched.body.startsOn, offering.startsOn);
    assert.deepEqual(patched.body.instructorIds, [other.id]);

    const endsBeforeStart = await app.api.patch(`/api/v1/offerings/${offering.id}`, { token: app.admin.token, body: { endsOn: '2000-01-01' } });
    assert.equal(endsBeforeStart.status, 400);
    assert.equal(endsBeforeStart.body.code, 'OFFERING_INVALID_DATES');
    const notInstructor = await app.api.patch(`/api/v1/offerings/${offering.id}`, { token: app.admin.token, body: { instructorIds: [app.users.trainee.id] } });
    assert.equal(notInstructor.status, 400);
    assert.equal(notInstructor.body.code, 'OFFERING_INVALID_INSTRUCTORS');
    assert.equal((await app.api.patch(`/api/v1/offerings/${offering.id}`, { token: app.admin.token, body: { courseId: randomUUID() } })).status, 400);

    const unchanged = await app.api.get(`/api/v1/offerings/${offering.id}`);
    assert.equal(unchanged.body.endsOn, day(45), 'a refused PATCH changes nothing');
    assert.deepEqual(unchanged.body.instructorIds, [other.id]);
    assert.equal((await app.api.patch(`/api/v1/offerings/${randomUUID()}`, { token: app.admin.token, body: { location: 'Nowhere' } })).status, 404);
  });

  it('keeps offering writes to admins: 403 for trainees and instructors, 401 without a token', async () => {
    const offering = await createOffering(app.api, app.admin, course.id);
    const routes: Route[] = [
      ['POST', `/api/v1/courses/${course.id}/offerings`, offeringBody()],
      ['PATCH', `/api/v1/offerings/${offering.id}`, { capacity: 1 }],
      ['POST', `/api/v1/offerings/${offering.id}/cancel`],
    ];
    await assertAdminOnly(app.api, routes, [app.users.trainee, app.users.instructor]);
    const unchanged = await app.api.get(`/api/v1/offerings/${offering.id}`);
    assert.equal(unchanged.body.capacity, offering.capacity);
    assert.equal(unchanged.body.status, 'open');
  });
});

describe('offerings: listing and visibility', () => {
  const app = useApp({ users: { trainee: 'trainee' } });

  it('filters the list by course, status and dates', async () => {
    const course = await createCourse(app.api, app.admin);
    const past = await createOffering(app.api, app.admin, course.id, offering2019);
    const open = await createOffering(app.api, app.admin, course.id);
    const scheduled = await createOffering(app.api, app.admin, course.id, {}, 60);
    const cancelled = await createOffering(app.api, app.admin, course.id);
    assert.equal((await app.api.post(`/api/v1/offerings/${cancelled.id}/cancel`, { token: app.admin.token })).status, 200);

    const ids = async (query: string) => {
      const reply = await app.api.get(`/api/v1/offerings?courseId=${course.id}${query}`);
      assert.equal(reply.status, 200, query);
      return reply.body.items.map((o: { id: string }) => o.id).sort();
    };
    const all = await app.api.get(`/api/v1/offerings?courseId=${course.id}`);
    assert.deepEqual(Object.keys(all.body).sort(), ['items', 'limit', 'page', 'total']);
    assert.equal(all.body.total, 4);
    assert.equal(all.body.items[0].id, past.id, 'earliest start first');
    assert.ok(all.body.items.every((o: { courseId: string }) => o.courseId === course.id));
    assert.ok(all.body.items.every((o: any) => typeof o.seatsTaken === 'number' && typeof o.seatsLeft === 'number' && typeof o.waitlistLength === 'number'));

    assert.deepEqual(await ids('&status=open'), [open.id]);
    assert.deepEqual(await ids('&status=scheduled'), [scheduled.id]);
    assert.deepEqual(await ids('&status=in_progress'), [past.id]);
    assert.deepEqual(await ids('&status=cancelled'), [cancelled.id]);
    assert.deepEqual(await ids('&status=completed'), []);

    assert.deepEqual(await ids('&to=2019-12-31'), [past.id], 'to: offerings that start on or before it');
    assert.deepEqual(await ids('&from=2020-01-01'), [open.id, scheduled.id, cancelled.id].sort(), 'from: offerings that end on or after it');
    assert.deepEqual(await ids('&from=2019-05-17&to=2019-05-17'), [past.id], 'both bounds are inclusive');
    assert.deepEqual(await ids('&from=2019-05-18&to=2019-12-31'), []);
    assert.deepEqual(await ids(`&from=${day(70)}&status=scheduled`), [scheduled.id]);

    const paged = await app.api.get(`/api/v1/offerings?courseId=${course.id}&page=2&limit=3`);
    assert.equal(paged.body.total, 4);
    assert.equal(paged.body.items.length, 1);
    assert.equal(paged.body.page, 2);
    assert.equal(paged.body.limit, 3);
  });

  it('refuses bad list queries with 400', async () => {
    for (const query of ['courseId=POC-101', 'status=postponed', 'from=2026-02-30', 'to=tomorrow', 'limit=101', 'page=0', 'unknown=1']) {
      const reply = await app.api.get(`/api/v1/offerings?${query}`);
      assert.equal(reply.status, 400, query);
    }
    // A public route: an invalid token is no token.
    assert.equal((await app.api.get('/api/v1/offerings', { token: 'not-a-token' })).status, 200);
    assert.equal((await app.api.get(`/api/v1/offerings/${randomUUID()}`, { token: `${app.users.trainee.token}x` })).status, 404);
  });

  it('hides an offering of a draft course from anonymous callers and trainees, but shows it to admins', async () => {
    const draft = await createCourse(app.api, app.admin, {}, false);
    const offering = await createOffering(app.api, app.admin, draft.id);

    assert.equal((await app.api.get(`/api/v1/offerings/${offering.id}`)).status, 404);
    assert.equal((await app.api.get(`/api/v1/offerings/${offering.id}`, { token: app.users.trainee.token })).status, 404);
    assert.equal((await app.api.get(`/api/v1/offerings?courseId=${draft.id}`)).body.total, 0);
    assert.equal((await app.api.get(`/api/v1/offerings?courseId=${draft.id}`, { token: app.users.trainee.token })).body.total, 0);

    const forAdmin = await app.api.get(`/api/v1/offerings/${offering.id}`, { token: app.admin.token });
    assert.equal(forAdmin.status, 200);
    assert.equal(forAdmin.body.courseId, draft.id);
    const listed = await app.api.get(`/api/v1/offerings?courseId=${draft.id}`, { token: app.admin.token });
    assert.deepEqual(
      listed.body.items.map((o: { id: string }) => o.id),
      [offering.id],
    );

    assert.equal((await app.api.post(`/api/v1/courses/${draft.id}/publish`, { token: app.admin.token })).status, 200);
    assert.equal((await app.api.get(`/api/v1/offerings/${offering.id}`)).status, 200, 'visible once the course is published');
  });
});

describe('offerings: seats, waitlist and cancellation', () => {
  const app = useApp();
  let course: { id: string };
  before(async () => {
    course = await createCourse(app.api, app.admin);
  });

  const enrol = async (offeringId: string, trainee: TestUser) => {
    const reply = await app.api.post(`/api/v1/offerings/${offeringId}/enrollments`, { token: trainee.token, body: {} });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    return reply.body as { id: string; status: string; waitlistPosition?: number };
  };
  const offering = async (id: string) => (await app.api.get(`/api/v1/offerings/${id}`)).body;
  const enrolment = async (id: string) => (await app.api.get(`/api/v1/enrollments/${id}`, { token: app.admin.token })).body;
  const trainees = (n: number) => Promise.all(Array.from({ length: n }, () => app.api.signUp('trainee')));

  it('refuses to drop capacity below the seats taken (409 OFFERING_CAPACITY_BELOW_SEATS_TAKEN)', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id, { capacity: 3 });
    for (const trainee of await trainees(2)) assert.equal((await enrol(id, trainee)).status, 'approved');
    const taken = await offering(id);
    assert.equal(taken.seatsTaken, 2);
    assert.equal(taken.seatsLeft, 1);

    const below = await app.api.patch(`/api/v1/offerings/${id}`, { token: app.admin.token, body: { capacity: 1 } });
    assert.equal(below.status, 409);
    assert.equal(below.body.code, 'OFFERING_CAPACITY_BELOW_SEATS_TAKEN');
    assert.equal((await offering(id)).capacity, 3, 'the capacity is unchanged');

    const exact = await app.api.patch(`/api/v1/offerings/${id}`, { token: app.admin.token, body: { capacity: 2 } });
    assert.equal(exact.status, 200, 'capacity may equal the seats taken');
    assert.equal(exact.body.capacity, 2);
    assert.equal(exact.body.seatsTaken, 2);
    assert.equal(exact.body.seatsLeft, 0);
  });

  it('gives seats added by a higher capacity to the waitlist, first come first served', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id, { capacity: 1 });
    const [first, second, third] = await trainees(3);
    assert.equal((await enrol(id, first!)).status, 'approved');
    const secondIn = await enrol(id, second!);
    assert.equal(secondIn.status, 'waitlisted');
    assert.equal(secondIn.waitlistPosition, 1);
    const thirdIn = await enrol(id, third!);
    assert.equal(thirdIn.status, 'waitlisted');
    assert.equal(thirdIn.waitlistPosition, 2);

    const full = await offering(id);
    assert.equal(full.seatsTaken, 1);
    assert.equal(full.seatsLeft, 0);
    assert.equal(full.waitlistLength, 2);

    const raised = await app.api.patch(`/api/v1/offerings/${id}`, { token: app.admin.token, body: { capacity: 2 } });
    assert.equal(raised.status, 200);
    assert.equal(raised.body.capacity, 2);
    assert.equal(raised.body.seatsTaken, 2);
    assert.equal(raised.body.seatsLeft, 0);
    assert.equal(raised.body.waitlistLength, 1);
    assert.equal((await enrolment(secondIn.id)).status, 'approved', 'the first in line gets the new seat');
    const stillWaiting = await enrolment(thirdIn.id);
    assert.equal(stillWaiting.status, 'waitlisted');
    assert.equal(stillWaiting.waitlistPosition, 1);

    const roomy = await app.api.patch(`/api/v1/offerings/${id}`, { token: app.admin.token, body: { capacity: 10 } });
    assert.equal(roomy.body.seatsTaken, 3);
    assert.equal(roomy.body.seatsLeft, 7);
    assert.equal(roomy.body.waitlistLength, 0);
    assert.equal((await enrolment(thirdIn.id)).status, 'approved');
  });

  it('cancels an offering once; a cancelled offering cannot be cancelled again or changed', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id);
    const cancelled = await app.api.post(`/api/v1/offerings/${id}/cancel`, { token: app.admin.token });
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.status, 'cancelled');
    assert.equal((await offering(id)).status, 'cancelled');

    const again = await app.api.post(`/api/v1/offerings/${id}/cancel`, { token: app.admin.token });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'OFFERING_NOT_CHANGEABLE');
    const patched = await app.api.patch(`/api/v1/offerings/${id}`, { token: app.admin.token, body: { capacity: 50 } });
    assert.equal(patched.status, 409);
    assert.equal(patched.body.code, 'OFFERING_NOT_CHANGEABLE');
    assert.equal((await offering(id)).capacity, 30);

    assert.equal((await app.api.post(`/api/v1/offerings/${randomUUID()}/cancel`, { token: app.admin.token })).status, 404);
  });

  it('kept every offering’s waitlist length true through capacity changes and cancellations', () => assertWaitlistCounts(app.db));
});
