import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ical, { type VEvent } from 'node-ical';
import { createCourse, createOffering, day } from './support/factories.js';
import { useApp } from './support/fixture.js';

/** node-ical gives an all-day date as local midnight. */
const dateOf = (d: Date | undefined) => d && `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** Parsed by node-ical, an iCalendar library independent of the one that wrote it. */
function events(body: string): VEvent[] {
  return Object.values(ical.sync.parseICS(body)).filter((c): c is VEvent => c?.type === 'VEVENT');
}

describe('calendars: iCalendar for offerings and a private feed per person', () => {
  const app = useApp({ users: { instructor: 'instructor' } });

  it('gives a published offering as an all-day event with a stable UID; new dates bump SEQUENCE; cancelling marks it CANCELLED', async () => {
    const course = await createCourse(app.api, app.admin, { title: 'Child Protection in Missions' });
    const offering = await createOffering(app.api, app.admin, course.id, { startsOn: day(20), endsOn: day(24), location: 'Bamako, Mali' });
    const path = `/api/v1/offerings/${offering.id}/calendar.ics`;

    const first = await app.api.get(path);
    assert.equal(first.status, 200);
    assert.match(first.headers.get('content-type')!, /^text\/calendar/);
    const [event] = events(first.body);
    assert.equal(event!.uid, `offering-${offering.id}@localhost`);
    assert.equal(event!.datetype, 'date');
    assert.equal(dateOf(event!.start), day(20));
    assert.equal(dateOf(event!.end), day(25), 'DTEND is the day after the last day');
    assert.match(String(event!.summary), /Child Protection in Missions/);
    assert.equal(String(event!.location), 'Bamako, Mali');
    assert.equal(Number(event!.sequence), 0);
    assert.equal(event!.status, 'CONFIRMED');

    await app.api.patch(`/api/v1/offerings/${offering.id}`, { token: app.admin.token, body: { startsOn: day(21), endsOn: day(25) } });
    await app.api.patch(`/api/v1/offerings/${offering.id}`, { token: app.admin.token, body: { location: 'Dakar, Senegal' } });
    const [moved] = events((await app.api.get(path)).body);
    assert.equal(moved!.uid, event!.uid);
    assert.equal(Number(moved!.sequence), 1, 'only a change of dates bumps it');
    assert.equal(dateOf(moved!.start), day(21));

    await app.api.post(`/api/v1/offerings/${offering.id}/cancel`, { token: app.admin.token });
    const [cancelled] = events((await app.api.get(path)).body);
    assert.equal(cancelled!.status, 'CANCELLED');
  });

  it('answers 404 for a draft course offering (except to admins) and for unknown ones', async () => {
    const draft = await createCourse(app.api, app.admin, {}, false);
    const offering = await createOffering(app.api, app.admin, draft.id);
    assert.equal((await app.api.get(`/api/v1/offerings/${offering.id}/calendar.ics`)).status, 404);
    assert.equal((await app.api.get(`/api/v1/offerings/${offering.id}/calendar.ics`, { token: app.admin.token })).status, 200);
    assert.equal((await app.api.get(`/api/v1/offerings/00000000-0000-4000-8000-000000000000/calendar.ics`)).status, 404);
  });

  it('feeds a person the offerings they attend or teach at a secret URL that rotating revokes', async () => {
    const course = await createCourse(app.api, app.admin, { title: 'Leadership in Peace Operations' });
    const { instructor } = app.users;
    const [trainee] = await app.api.quickUsers(1);
    const attended = await createOffering(app.api, app.admin, course.id, { startsOn: day(15), endsOn: day(16) });
    const pending = await createOffering(app.api, app.admin, course.id, { startsOn: day(40), endsOn: day(41), approvalMode: 'manual' });
    const withdrawn = await createOffering(app.api, app.admin, course.id, { startsOn: day(50), endsOn: day(51) });
    const taught = await createOffering(app.api, app.admin, course.id, { startsOn: day(60), endsOn: day(61), instructorIds: [instructor.id] });
    await createOffering(app.api, app.admin, course.id); // nobody's
    for (const o of [attended, pending, withdrawn]) await app.api.post(`/api/v1/offerings/${o.id}/enrollments`, { token: trainee!.token });
    const mine = await app.api.get('/api/v1/me/enrollments', { token: trainee!.token });
    const toWithdraw = mine.body.items.find((e: { offeringId: string }) => e.offeringId === withdrawn.id);
    await app.api.post(`/api/v1/enrollments/${toWithdraw.id}/withdraw`, { token: trainee!.token });

    const { url } = (await app.api.get('/api/v1/me/calendar', { token: trainee!.token })).body;
    assert.equal((await app.api.get('/api/v1/me/calendar', { token: trainee!.token })).body.url, url, 'stable until rotated');
    const feed = await fetch(url.replace(app.api.config.publicBaseUrl, app.api.baseUrl));
    assert.equal(feed.status, 200);
    const got = events(await feed.text()).map((e) => [e.uid, e.status]).sort();
    assert.deepEqual(got, [
      [`offering-${attended.id}@localhost`, 'CONFIRMED'],
      [`offering-${pending.id}@localhost`, 'TENTATIVE'],
    ].sort());

    const teaching = (await app.api.get('/api/v1/me/calendar', { token: instructor.token })).body.url;
    const taughtEvents = events(await (await fetch(teaching.replace(app.api.config.publicBaseUrl, app.api.baseUrl))).text());
    assert.deepEqual(taughtEvents.map((e) => e.uid), [`offering-${taught.id}@localhost`]);

    const rotated = (await app.api.post('/api/v1/me/calendar/rotate', { token: trainee!.token })).body.url;
    assert.notEqual(rotated, url);
    assert.equal((await fetch(url.replace(app.api.config.publicBaseUrl, app.api.baseUrl))).status, 404);
    assert.equal((await fetch(rotated.replace(app.api.config.publicBaseUrl, app.api.baseUrl))).status, 200);
    assert.equal((await app.api.get(`/api/v1/calendar/${trainee!.id}.${'A'.repeat(43)}`)).status, 404);
    assert.equal((await app.api.get('/api/v1/calendar/nonsense')).status, 404);
    assert.equal((await app.api.get('/api/v1/me/calendar')).status, 401);
  });
});
