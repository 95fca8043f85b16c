import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { QueryRunner } from 'typeorm';
import { eventually } from './support/classroom.js';
import { createCourse, createOffering, DAY, day } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { uniqueEmail } from './support/harness.js';
import { tokenIn } from './support/mailbox.js';
import { assertWaitlistCounts } from './support/waitlist.js';
import { untilWaitingOnLock, withHeldTransaction } from './support/locks.js';

const at = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString();

describe('nominations: authorities, parity, the selection board, the funnel', () => {
  const app = useApp({ mail: true });
  const orgs: Record<'kenya' | 'ghana' | 'easf', string> = { kenya: '', ghana: '', easf: '' };
  const focal: Record<'kenya' | 'ghana' | 'easf', { email: string; token: string }> = {} as never;

  /** A focal point made by the admin, who sets a password from the invitation e-mail and logs in. */
  async function focalPoint(organisationId: string, fullName: string) {
    const email = uniqueEmail('focal');
    const created = await app.api.post(`/api/v1/organisations/${organisationId}/focal-points`, { token: app.admin.token, body: { email, fullName } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.role, 'focal_point');
    const invite = await app.mailbox.waitFor(email, 'account.invite');
    const token = tokenIn(invite, `${app.api.config.publicBaseUrl}/set-password`);
    assert.equal((await app.api.post('/api/v1/auth/password/reset', { body: { token, password: 'focal-point-secret' } })).status, 204);
    const login = await app.api.post('/api/v1/auth/login', { body: { email, password: 'focal-point-secret' } });
    assert.equal(login.status, 200);
    assert.equal(login.body.user.organisationId, organisationId);
    return { email, token: login.body.accessToken as string };
  }

  const candidate = (fullName: string, gender: string, nationality: string, category: string, extra: Record<string, unknown> = {}) => ({
    email: uniqueEmail(fullName.split(' ')[0]!.toLowerCase()),
    fullName,
    gender,
    nationality,
    category,
    languages: ['en'],
    ...extra,
  });

  it('organisations from different countries, each with a focal point invited by e-mail', async () => {
    const made = await Promise.all([
      app.api.post('/api/v1/organisations', { token: app.admin.token, body: { name: 'Kenya Police Service', country: 'ken', kind: 'police' } }),
      app.api.post('/api/v1/organisations', { token: app.admin.token, body: { name: 'Ghana Ministry of Defence', country: 'GHA', kind: 'ministry_of_defence' } }),
      app.api.post('/api/v1/organisations', { token: app.admin.token, body: { name: 'Eastern Africa Standby Force', kind: 'regional_body' } }),
    ]);
    assert.deepEqual(made.map((r) => r.status), [201, 201, 201]);
    assert.equal(made[0]!.body.country, 'KEN');
    [orgs.kenya, orgs.ghana, orgs.easf] = made.map((r) => r.body.id as string);
    assert.equal((await app.api.post('/api/v1/organisations', { token: app.admin.token, body: { name: 'kenya police service', kind: 'police' } })).body.code, 'ORGANISATION_NAME_TAKEN');
    assert.equal((await app.api.post('/api/v1/organisations', { token: app.admin.token, body: { name: 'X', kind: 'army' } })).status, 400);
    focal.kenya = await focalPoint(orgs.kenya, 'Wanjiru Kamau');
    focal.ghana = await focalPoint(orgs.ghana, 'Kofi Boateng');
    focal.easf = await focalPoint(orgs.easf, 'Hodan Ali');
    // A focal point reads its own organisation and no other; it cannot make organisations.
    assert.equal((await app.api.get(`/api/v1/organisations/${orgs.kenya}`, { token: focal.kenya.token })).status, 200);
    assert.equal((await app.api.get(`/api/v1/organisations/${orgs.ghana}`, { token: focal.kenya.token })).status, 404);
    assert.equal((await app.api.get('/api/v1/organisations', { token: focal.kenya.token })).body.total, 1);
    assert.equal((await app.api.post('/api/v1/organisations', { token: focal.kenya.token, body: { name: 'Mine', kind: 'other' } })).status, 403);
    // Admins cannot make a focal point without an organisation.
    assert.equal((await app.api.post('/api/v1/users', { token: app.admin.token, body: { email: uniqueEmail(), fullName: 'No Org', role: 'focal_point' } })).status, 400);
  });

  describe('a call with allocations and women_at_least_men', () => {
    let offeringId: string;
    let callBody: Record<string, unknown>;
    const kenya = {
      a1: candidate('Achieng Otieno', 'female', 'KEN', 'police'),
      a2: candidate('Brian Mwangi', 'male', 'KEN', 'police'),
      a3: candidate('Chebet Ruto', 'female', 'KEN', 'civilian', { languages: ['fr'] }),
      a4: candidate('David Kiprop', 'male', 'KEN', 'military'),
      a5: candidate('Evans Njoroge', 'male', 'KEN', 'military', { rank: 'Major' }),
    };
    const ghana = { b1: candidate('Abena Mensah', 'female', 'GHA', 'military'), b2: candidate('Kwabena Owusu', 'male', 'GHA', 'military') };
    const ids: Record<string, string> = {};

    before(async () => {
      const course = await createCourse(app.api, app.admin, { title: 'Protection of Civilians', passMark: 60 });
      // A course that has already run (its results and certificates are part of the funnel).
      offeringId = (await createOffering(app.api, app.admin, course.id, { capacity: 3, startsOn: day(-15), endsOn: day(-5) }, -45)).id;
      callBody = {
        opensAt: at(-1),
        closesAt: at(5),
        allocations: [{ organisationId: orgs.kenya, seats: 4 }, { organisationId: orgs.ghana, seats: 3 }],
        parity: { rule: 'women_at_least_men', targetWomenPercent: 50 },
        eligibility: { categories: ['police', 'military'], languages: ['en'] },
      };
      const put = await app.api.request('PUT', `/api/v1/offerings/${offeringId}/nomination-call`, { token: app.admin.token, body: callBody });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assert.equal(put.body.open, true);
    });

    it('is e-mailed to the focal points with an allocation and listed for them, not for others', async () => {
      const mail = await app.mailbox.waitFor(focal.kenya.email, 'nomination.call_opened');
      assert.match(mail.text, /Kenya Police Service is invited to nominate candidates for Protection of Civilians/);
      await app.mailbox.waitFor(focal.ghana.email, 'nomination.call_opened');
      const mine = await app.api.get('/api/v1/me/nomination-calls', { token: focal.kenya.token });
      assert.deepEqual(mine.body.map((c: { offeringId: string }) => c.offeringId), [offeringId]);
      assert.deepEqual(mine.body[0].allocations.map((a: { organisationId: string }) => a.organisationId), [orgs.kenya]);
      assert.deepEqual((await app.api.get('/api/v1/me/nomination-calls', { token: focal.easf.token })).body, []);
      assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/nomination-call`, { token: focal.easf.token })).status, 404);
      assert.equal(app.mailbox.to(focal.easf.email).filter((m) => m.kind === 'nomination.call_opened').length, 0);
    });

    it('refuses a list that breaks the parity rule whole, naming the rule', async () => {
      const refused = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, {
        token: focal.ghana.token,
        body: { candidates: [ghana.b1, ghana.b2, candidate('Yaw Asante', 'male', 'GHA', 'military')] },
      });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'NOMINATION_PARITY');
      assert.match(refused.body.message, /women_at_least_men/);
      assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.ghana.token })).body.total, 0);
      const accepted = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.ghana.token, body: { candidates: [ghana.b1, ghana.b2] } });
      assert.equal(accepted.status, 200);
      assert.deepEqual(accepted.body.results.map((r: { outcome: string }) => r.outcome), ['nominated', 'nominated']);
      [ids.b1, ids.b2] = accepted.body.results.map((r: { nominationId: string }) => r.nominationId);
    });

    it('takes a CSV list; an ineligible candidate is kept with its problems, a bad row is reported', async () => {
      const { a1, a2, a3, a4 } = kenya;
      const line = (c: typeof a1, priority: number) => [c.fullName, c.email, c.gender, c.nationality, c.category, '', 'Officer', priority, c.languages.join(';')].join(',');
      const csv = ['name,email,gender,nationality,category,rank,position,priority,languages', line(a1, 1), line(a2, 2), line(a3, 3), line(a4, 4), 'Bad Row,not-an-email,female,KEN,police,,,5,en'].join('\n');
      const reply = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.kenya.token, raw: csv, headers: { 'content-type': 'text/csv' } });
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.deepEqual(reply.body.results.map((r: { outcome: string }) => r.outcome), ['nominated', 'nominated', 'ineligible', 'nominated', 'error']);
      assert.deepEqual(reply.body.results[2].problems, ['category civilian is not among police, military', 'no working language among en']);
      assert.equal(reply.body.results[4].code, 'NOMINATION_INVALID_ROW');
      assert.deepEqual(reply.body.summary, { rows: 5, nominated: 3, ineligible: 1, failed: 1 });
      [ids.a1, ids.a2, ids.a3, ids.a4] = reply.body.results.slice(0, 4).map((r: { nominationId: string }) => r.nominationId);
      // The allocation is 4 candidates: a fifth is refused.
      const fifth = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.kenya.token, body: { candidates: [candidate('Faith Wambui', 'female', 'KEN', 'police')] } });
      assert.equal(fifth.body.code, 'NOMINATION_ALLOCATION_EXCEEDED');
    });

    it('a focal point sees only its own organisation’s nominations: another one’s is 404', async () => {
      assert.equal((await app.api.get(`/api/v1/nominations/${ids.b1}`, { token: focal.kenya.token })).status, 404);
      assert.equal((await app.api.post(`/api/v1/nominations/${ids.b1}/withdraw`, { token: focal.kenya.token })).status, 404);
      assert.equal((await app.api.get(`/api/v1/nominations/${ids.a1}`, { token: focal.kenya.token })).body.candidate.email, kenya.a1.email);
      const listed = await app.api.get(`/api/v1/offerings/${offeringId}/nominations?organisationId=${orgs.ghana}`, { token: focal.kenya.token });
      assert.deepEqual(listed.body.items.map((n: { organisationId: string }) => n.organisationId), [orgs.kenya, orgs.kenya, orgs.kenya, orgs.kenya]);
      assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/nominations`, { token: app.admin.token })).body.total, 6);
    });

    it('substitutes before closesAt; after closesAt nothing is taken (409)', async () => {
      const sub = await app.api.post(`/api/v1/nominations/${ids.a4}/substitute`, { token: focal.kenya.token, body: { candidate: kenya.a5 } });
      assert.equal(sub.status, 201, JSON.stringify(sub.body));
      assert.equal(sub.body.replacesId, ids.a4);
      ids.a5 = sub.body.id;
      assert.equal((await app.api.get(`/api/v1/nominations/${ids.a4}`, { token: focal.kenya.token })).body.status, 'substituted');
      // Substituting a woman by a man would break parity.
      const unfair = await app.api.post(`/api/v1/nominations/${ids.a1}/substitute`, { token: focal.kenya.token, body: { candidate: candidate('George Otieno', 'male', 'KEN', 'police') } });
      assert.equal(unfair.body.code, 'NOMINATION_PARITY');

      const closed = await app.api.request('PUT', `/api/v1/offerings/${offeringId}/nomination-call`, { token: app.admin.token, body: { ...callBody, opensAt: at(-3), closesAt: at(-0.001) } });
      assert.equal(closed.body.open, false);
      const late = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.ghana.token, body: { candidates: [candidate('Ama Boateng', 'female', 'GHA', 'military')] } });
      assert.equal(late.status, 409);
      assert.equal(late.body.code, 'NOMINATION_CALL_CLOSED');
      assert.equal((await app.api.post(`/api/v1/nominations/${ids.a2}/substitute`, { token: focal.kenya.token, body: { candidate: kenya.a4 } })).body.code, 'NOMINATION_CALL_CLOSED');
      assert.equal((await app.api.post(`/api/v1/nominations/${ids.a2}/withdraw`, { token: focal.kenya.token })).body.code, 'NOMINATION_CALL_CLOSED');
    });

    it('the board decides; selected nominees get accounts (invited) and seats; focal points hear each outcome', async () => {
      assert.equal((await app.api.get(`/api/v1/users?q=${encodeURIComponent(kenya.a1.email)}`, { token: app.admin.token })).body.total, 0);
      const decided = await app.api.post(`/api/v1/offerings/${offeringId}/selection`, {
        token: app.admin.token,
        body: {
          decisions: [
            { nominationId: ids.a1, outcome: 'selected', note: 'Strong protection background' },
            { nominationId: ids.a2, outcome: 'selected' },
            { nominationId: ids.a3, outcome: 'alternate', note: 'Category outside the call; first alternate' },
            { nominationId: ids.a5, outcome: 'not_selected' },
            { nominationId: ids.b1, outcome: 'selected' },
            { nominationId: ids.b2, outcome: 'alternate' },
          ],
        },
      });
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
      assert.deepEqual(decided.body.results.map((r: { outcome: string }) => r.outcome), ['selected', 'selected', 'alternate', 'not_selected', 'selected', 'alternate']);
      assert.equal(decided.body.results[0].userCreated, true);
      ids.e1 = decided.body.results[0].enrollmentId;
      ids.e2 = decided.body.results[1].enrollmentId;
      ids.eb1 = decided.body.results[4].enrollmentId;
      // A selected one stays selected until withdrawn.
      const undo = await app.api.post(`/api/v1/offerings/${offeringId}/selection`, { token: app.admin.token, body: { decisions: [{ nominationId: ids.a1, outcome: 'not_selected' }] } });
      assert.equal(undo.body.results[0].code, 'NOMINATION_INVALID_DECISION');

      const selectedMail = await app.mailbox.waitFor(focal.kenya.email, 'nomination.selected');
      assert.match(selectedMail.text, /Achieng Otieno|Brian Mwangi/);
      await app.mailbox.waitFor(focal.kenya.email, 'nomination.alternate');
      const notSelected = await app.mailbox.waitFor(focal.kenya.email, 'nomination.not_selected');
      assert.match(notSelected.text, /did not select Evans Njoroge/);
      await app.mailbox.waitFor(focal.ghana.email, 'nomination.selected');
      await app.mailbox.waitFor(focal.ghana.email, 'nomination.alternate');
      await eventually(async () => app.mailbox.to(focal.kenya.email).filter((m) => m.kind === 'nomination.selected').length, (n) => n === 2);
      // Focal points never hear of another organisation's candidates.
      assert.ok(app.mailbox.to(focal.ghana.email).every((m) => !/Achieng|Brian|Chebet|Evans/.test(m.text)));
      await app.mailbox.waitFor(kenya.a1.email, 'account.invite');
      await app.mailbox.waitFor(kenya.a1.email, 'enrollment.approved');

      const audit = await app.api.get(`/api/v1/audit?entity=nomination&entityId=${ids.a1}`, { token: app.admin.token });
      assert.deepEqual(audit.body.items.map((e: { action: string; after: { note: string } }) => [e.action, e.after.note]), [['nomination.selected', 'Strong protection background']]);
    });

    it('a selected participant withdraws: the first alternate of the same organisation is selected and enrolled', async () => {
      const invite = await app.mailbox.waitFor(kenya.a2.email, 'account.invite');
      const token = tokenIn(invite, `${app.api.config.publicBaseUrl}/set-password`);
      await app.api.post('/api/v1/auth/password/reset', { body: { token, password: 'brian-secret-pass' } });
      const brian = await app.api.post('/api/v1/auth/login', { body: { email: kenya.a2.email, password: 'brian-secret-pass' } });
      const withdrawn = await app.api.post(`/api/v1/enrollments/${ids.e2}/withdraw`, { token: brian.body.accessToken });
      assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));

      const a3 = await app.api.get(`/api/v1/nominations/${ids.a3}`, { token: app.admin.token });
      assert.equal(a3.body.status, 'selected');
      assert.equal(a3.body.note, 'Offered the seat freed by a withdrawal');
      ids.e3 = a3.body.enrollmentId;
      assert.equal((await app.api.get(`/api/v1/enrollments/${ids.e3}`, { token: app.admin.token })).body.status, 'approved');
      assert.equal((await app.api.get(`/api/v1/nominations/${ids.a2}`, { token: app.admin.token })).body.status, 'withdrawn');
      // Ghana's alternate is untouched; the seat count is whole.
      assert.equal((await app.api.get(`/api/v1/nominations/${ids.b2}`, { token: app.admin.token })).body.status, 'alternate');
      assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}`)).body.seatsTaken, 3);
      const freed = await eventually(async () => app.mailbox.to(focal.kenya.email).filter((m) => m.kind === 'nomination.selected' && /freed up/.test(m.text)), (l) => l.length === 1);
      assert.match(freed[0]!.text, /went to your alternate Chebet Ruto/);
      await app.mailbox.waitFor(kenya.a3.email, 'enrollment.approved');
    });

    it('the balance matches the hand-computed table', async () => {
      const balance = await app.api.get(`/api/v1/offerings/${offeringId}/selection/balance`, { token: app.admin.token });
      assert.equal(balance.status, 200);
      // Standing: A1 F KEN police, A3 F KEN civilian, A5 M KEN military, B1 F GHA military, B2 M GHA military
      // (A2 withdrawn, A4 substituted). Selected: A1, A3, B1.
      assert.deepEqual(balance.body.nominated, {
        total: 5, women: 3,
        byGender: { female: 3, male: 2 },
        byNationality: { KEN: 3, GHA: 2 },
        byCategory: { police: 1, civilian: 1, military: 3 },
        byOrganisation: { [orgs.kenya]: 3, [orgs.ghana]: 2 },
      });
      assert.deepEqual(balance.body.selected, {
        total: 3, women: 3,
        byGender: { female: 3 },
        byNationality: { KEN: 2, GHA: 1 },
        byCategory: { police: 1, civilian: 1, military: 1 },
        byOrganisation: { [orgs.kenya]: 2, [orgs.ghana]: 1 },
      });
      assert.deepEqual(balance.body.womenShare, { nominated: 60, selected: 100 });
      assert.equal(balance.body.meetsTarget, true);
      assert.deepEqual(
        balance.body.allocations.map((a: Record<string, unknown>) => [a.organisationName, a.seats, a.nominated, a.selected]),
        [['Ghana Ministry of Defence', 3, 2, 1], ['Kenya Police Service', 4, 3, 2]],
      );
      assert.equal(balance.body.seatsTaken, 3);
      assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/selection/balance`, { token: focal.kenya.token })).status, 403);
    });

    it('the funnel: nominated → selected → enrolled → completed → certified, JSON and CSV', async () => {
      const exam = await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.admin.token, body: { title: 'Final exam', kind: 'exam', weight: 100, maxScore: 100 } });
      await app.api.post(`/api/v1/assessments/${exam.body.id}/grades`, {
        token: app.admin.token,
        body: { grades: [{ enrollmentId: ids.e1, score: 80 }, { enrollmentId: ids.e3, score: 30 }, { enrollmentId: ids.eb1, score: 90 }] },
      });
      assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: app.admin.token })).status, 200);
      await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
      await eventually(async () => (await app.api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token })).body.counts.issued, (n) => n === 2, 60_000);

      // Nominated (not substituted): A1 A2 A3 A5 B1 B2. Selected at some point: A1 A2 A3 B1. Enrolled: A1 A3 B1
      // (A2 withdrew). Completed and certified: A1, B1 (A3 failed).
      const f = (nominated: number, selected: number, enrolled: number, completed: number, certified: number) => ({ nominated, selected, enrolled, completed, certified });
      const expected = {
        total: f(6, 4, 3, 2, 2),
        byGender: [{ group: 'female', ...f(3, 3, 3, 2, 2) }, { group: 'male', ...f(3, 1, 0, 0, 0) }],
        byNationality: [{ group: 'GHA', ...f(2, 1, 1, 1, 1) }, { group: 'KEN', ...f(4, 3, 2, 1, 1) }],
        byOrganisation: [{ group: 'Ghana Ministry of Defence', ...f(2, 1, 1, 1, 1) }, { group: 'Kenya Police Service', ...f(4, 3, 2, 1, 1) }],
      };
      const one = await app.api.get(`/api/v1/reports/funnel?offeringId=${offeringId}`, { token: app.admin.token });
      assert.equal(one.status, 200);
      assert.deepEqual({ total: one.body.total, byGender: one.body.byGender, byNationality: one.body.byNationality, byOrganisation: one.body.byOrganisation }, expected);
      const period = await app.api.get(`/api/v1/reports/funnel?from=${day(-30)}&to=${day(-1)}`, { token: app.admin.token });
      assert.deepEqual(period.body.total, expected.total);
      const csv = await app.api.get(`/api/v1/reports/funnel?from=${day(-30)}&to=${day(-1)}`, { token: app.admin.token, headers: { accept: 'text/csv' } });
      assert.match(csv.headers.get('content-type')!, /text\/csv/);
      const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
      assert.equal(lines[0], 'breakdown,group,nominated,selected,enrolled,completed,certified');
      assert.ok(lines.includes('total,all,6,4,3,2,2'));
      assert.ok(lines.includes('gender,female,3,3,3,2,2'));
      assert.ok(lines.includes('organisation,Kenya Police Service,4,3,2,1,1'));
      assert.equal((await app.api.get(`/api/v1/reports/funnel?format=csv&offeringId=${offeringId}`, { token: app.admin.token })).body, csv.body);
      assert.equal((await app.api.get('/api/v1/reports/funnel?from=2026-02-30', { token: app.admin.token })).status, 400);
      assert.equal((await app.api.get('/api/v1/reports/funnel', { token: focal.kenya.token })).status, 403);
    });
  });

  it('60 concurrent selections into 25 seats leave exactly 25 selected enrolments', async () => {
    const course = await createCourse(app.api, app.admin, { title: 'UN Staff Officers Course' });
    const offeringId = (await createOffering(app.api, app.admin, course.id, { capacity: 25 })).id;
    const put = await app.api.request('PUT', `/api/v1/offerings/${offeringId}/nomination-call`, {
      token: app.admin.token,
      body: { opensAt: at(-1), closesAt: at(3), allocations: [{ organisationId: orgs.easf, seats: 60 }], parity: { rule: 'at_least_one_woman' } },
    });
    assert.equal(put.status, 200);
    const candidates = Array.from({ length: 60 }, (_, i) => candidate(`Officer ${i + 1}`, i % 2 ? 'male' : 'female', ['KEN', 'UGA', 'RWA', 'ETH'][i % 4]!, 'military'));
    const listed = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.easf.token, body: { candidates } });
    assert.equal(listed.body.summary.nominated, 60, JSON.stringify(listed.body.summary));
    // The Kenyan focal point has no allocation here: the call does not exist for it.
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.kenya.token })).status, 404);

    const replies = await Promise.all(
      listed.body.results.map((r: { nominationId: string }) =>
        app.api.post(`/api/v1/offerings/${offeringId}/selection`, { token: app.admin.token, body: { decisions: [{ nominationId: r.nominationId, outcome: 'selected' }] } }),
      ),
    );
    const rows = replies.map((reply) => reply.body.results[0]);
    assert.equal(rows.filter((r) => r.outcome === 'selected').length, 25);
    const refused = rows.filter((r) => r.outcome === 'error');
    assert.equal(refused.length, 35);
    assert.ok(refused.every((r) => r.status === 409 && r.code === 'ENROLLMENT_OFFERING_FULL'));
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}`)).body.seatsTaken, 25);
    const roster = await app.api.get(`/api/v1/offerings/${offeringId}/enrollments?limit=100`, { token: app.admin.token });
    assert.equal(roster.body.items.filter((e: { status: string }) => e.status === 'approved').length, 25);
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/nominations?status=selected`, { token: app.admin.token })).body.total, 25);
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/selection/balance`, { token: app.admin.token })).body.allocations[0].selected, 25);
  });

  /** An offering of 5 seats whose call is open for three days, all five allocated to the regional body. */
  async function openCall(title: string) {
    const course = await createCourse(app.api, app.admin, { title });
    const offeringId = (await createOffering(app.api, app.admin, course.id, { capacity: 5 })).id;
    const callBody = { opensAt: at(-1), closesAt: at(3), allocations: [{ organisationId: orgs.easf, seats: 5 }], parity: { rule: 'none' } };
    assert.equal((await app.api.request('PUT', `/api/v1/offerings/${offeringId}/nomination-call`, { token: app.admin.token, body: callBody })).status, 200);
    return { offeringId, callBody };
  }

  /** One nominee of the regional body, stored by a held list's transaction as a list stores its rows. */
  async function storeNominee(list: QueryRunner, offeringId: string, fullName: string) {
    await list.query(
      `INSERT INTO nominations (offering_id, organisation_id, email, full_name, gender, nationality, category, nominated_by)
       VALUES ($1, $2, $3, $4, 'female', 'KEN', 'military', $5)`,
      [offeringId, orgs.easf, uniqueEmail(fullName.split(' ')[0]!.toLowerCase()), fullName, app.admin.id],
    );
  }

  it('an admin saves the call while a list is being stored under it: no deadlock', async () => {
    const { offeringId, callBody } = await openCall('Military Observers Course');
    // A focal point's list, held open: it has the call's row lock, and its inserts are to come.
    await withHeldTransaction(app.db, async (list) => {
      await list.query('SELECT offering_id FROM nomination_calls WHERE offering_id = $1 FOR UPDATE', [offeringId]);
      // The admin's save locks the offering, then waits for the call's row.
      const saved = app.api.request('PUT', `/api/v1/offerings/${offeringId}/nomination-call`, { token: app.admin.token, body: { ...callBody, closesAt: at(4) } });
      await untilWaitingOnLock(app.db, 'INSERT INTO nomination_calls%', 'the save waits for the call');
      // The list's insert checks the foreign key to the offering: PostgreSQL takes FOR KEY SHARE on its row.
      // Under the save's FOR UPDATE this waited for the save, which waited for the list: a deadlock.
      await list.query(`SET LOCAL lock_timeout = '5s'`);
      await storeNominee(list, offeringId, 'Amina Hassan');
      await list.commitTransaction();
      const reply = await saved;
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    });
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/nominations`, { token: app.admin.token })).body.total, 1);
  });

  it('an offering cancelled while a list is being stored under its call waits for the list: none lands after the cancellation', async () => {
    const { offeringId } = await openCall('Child Protection Course');
    await withHeldTransaction(app.db, async (list) => {
      // A focal point's list, held open: it has the call's row lock and has read the call open.
      await list.query('SELECT offering_id FROM nomination_calls WHERE offering_id = $1 FOR UPDATE', [offeringId]);
      let answered = false;
      const cancelled = app.api.post(`/api/v1/offerings/${offeringId}/cancel`, { token: app.admin.token });
      void cancelled.then(() => (answered = true));
      // Without the call's lock the cancellation went through at once, and the list then landed on a cancelled offering.
      await untilWaitingOnLock(app.db, '%nomination_calls%FOR NO KEY UPDATE%', 'the cancellation waits for the list', () => answered);
      assert.equal(answered, false, 'the cancellation waits for the list being stored');
      await storeNominee(list, offeringId, 'Hodan Warsame');
      await list.commitTransaction();
      const reply = await cancelled;
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
    });
    // After the cancellation the call takes nothing more.
    const late = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.easf.token, body: { candidates: [candidate('Faith Njeri', 'female', 'KEN', 'police')] } });
    assert.deepEqual([late.status, late.body.code], [409, 'NOMINATION_CALL_CLOSED']);
  });

  it('a decision that collides with a concurrent transaction is its row\'s 503; the decisions around it stand', async () => {
    const { offeringId } = await openCall('Conflict Prevention Course');
    const candidates = [candidate('Amani Juma', 'female', 'TZA', 'police'), candidate('Baraka Said', 'male', 'TZA', 'police'), candidate('Chausiku Ali', 'female', 'TZA', 'police')];
    const listed = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.easf.token, body: { candidates } });
    const [first, second, third] = listed.body.results.map((r: { nominationId: string }) => r.nominationId) as [string, string, string];
    await withHeldTransaction(app.db, async (other) => {
      // PostgreSQL ends one side of a deadlock: the side that has waited longer looks first, so make it the request's.
      await other.query(`SET LOCAL deadlock_timeout = '10s'`);
      await other.query('SELECT id FROM offerings WHERE id = $1 FOR UPDATE', [offeringId]);
      const decided = app.api.post(`/api/v1/offerings/${offeringId}/selection`, {
        token: app.admin.token,
        body: { decisions: [{ nominationId: first, outcome: 'alternate' }, { nominationId: second, outcome: 'selected' }, { nominationId: third, outcome: 'not_selected' }] },
      });
      // The second decision holds its nomination and waits for the offering's seat: take its nomination, a deadlock.
      await untilWaitingOnLock(app.db, '%"offerings"%FOR NO KEY UPDATE%', 'the selection waits for the offering');
      const otherLocks = other.query('SELECT id FROM nominations WHERE id = $1 FOR UPDATE', [second]);
      const reply = await decided;
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.deepEqual(
        reply.body.results.map((r: { outcome: string; status?: number; code?: string }) => [r.outcome, r.status, r.code]),
        [['alternate', undefined, undefined], ['error', 503, 'TRANSACTION_CONFLICT'], ['not_selected', undefined, undefined]],
      );
      await otherLocks;
    });
    const statuses = await Promise.all([first, second, third].map(async (id) => (await app.api.get(`/api/v1/nominations/${id}`, { token: app.admin.token })).body.status));
    assert.deepEqual(statuses, ['alternate', 'nominated', 'not_selected'], 'the collided decision wrote nothing');
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}`)).body.seatsTaken, 0);
    const again = await app.api.post(`/api/v1/offerings/${offeringId}/selection`, { token: app.admin.token, body: { decisions: [{ nominationId: second, outcome: 'selected' }] } });
    assert.equal(again.body.results[0].outcome, 'selected', JSON.stringify(again.body));
  });

  it('an admin withdraws a selected nomination: its enrolment and seat go with it, to the first alternate by priority', async () => {
    const course = await createCourse(app.api, app.admin, { title: 'Gender Advisers Course' });
    const offeringId = (await createOffering(app.api, app.admin, course.id, { capacity: 1 })).id;
    const put = await app.api.request('PUT', `/api/v1/offerings/${offeringId}/nomination-call`, {
      token: app.admin.token,
      body: { opensAt: at(-1), closesAt: at(3), allocations: [{ organisationId: orgs.ghana, seats: 6 }], parity: { rule: 'none' } },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const [first, later, preferred] = [
      candidate('Ama Boateng', 'female', 'GHA', 'military'),
      candidate('Kojo Addo', 'male', 'GHA', 'military', { priority: 2 }),
      candidate('Esi Quaye', 'female', 'GHA', 'military', { priority: 1 }),
    ];
    const listed = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.ghana.token, body: { candidates: [first, later, preferred] } });
    const [n1, n2, n3] = listed.body.results.map((r: { nominationId: string }) => r.nominationId);
    // Within a list a candidate appears once, and one standing for the offering is not put forward again.
    const again = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.ghana.token, body: { candidates: [later, candidate('Yaa Owusu', 'female', 'GHA', 'military')] } });
    assert.deepEqual(again.body.results.map((r: { outcome: string; code?: string }) => [r.outcome, r.code]), [['error', 'NOMINATION_ALREADY_NOMINATED'], ['nominated', undefined]]);
    const twice = candidate('Kofi Mensah', 'male', 'GHA', 'police');
    const doubled = await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.ghana.token, body: { candidates: [twice, twice] } });
    assert.deepEqual(doubled.body.results.map((r: { outcome: string; code?: string }) => [r.outcome, r.code]), [['nominated', undefined], ['error', 'NOMINATION_DUPLICATE_ROW']]);
    assert.deepEqual(doubled.body.summary, { rows: 2, nominated: 1, ineligible: 0, failed: 1 });

    // An address someone registered for themselves and never proved gets no seat; its owner is invited instead.
    const squatted = candidate('Akosua Darko', 'female', 'GHA', 'military');
    assert.equal((await app.api.post('/api/v1/auth/register', { body: { email: squatted.email, password: 'not-the-owner-pw', fullName: 'Not The Owner' } })).status, 201);
    const [squattedId] = (await app.api.post(`/api/v1/offerings/${offeringId}/nominations`, { token: focal.ghana.token, body: { candidates: [squatted] } })).body.results.map((r: { nominationId: string }) => r.nominationId);

    const decided = await app.api.post(`/api/v1/offerings/${offeringId}/selection`, {
      token: app.admin.token,
      body: { decisions: [{ nominationId: squattedId, outcome: 'selected' }, { nominationId: n1, outcome: 'selected' }, { nominationId: n2, outcome: 'alternate' }, { nominationId: n3, outcome: 'alternate' }] },
    });
    assert.deepEqual(decided.body.results.map((r: { outcome: string }) => r.outcome), ['unverified_account', 'selected', 'alternate', 'alternate']);
    assert.equal(decided.body.results[0].status, 409);
    assert.equal((await app.api.get(`/api/v1/nominations/${squattedId}`, { token: app.admin.token })).body.status, 'nominated');
    await app.mailbox.waitFor(squatted.email, 'account.invite');
    const enrollmentId = decided.body.results[1].enrollmentId;

    const withdrawn = await app.api.post(`/api/v1/nominations/${n1}/withdraw`, { token: app.admin.token });
    assert.equal(withdrawn.status, 200, JSON.stringify(withdrawn.body));
    assert.equal(withdrawn.body.status, 'withdrawn');
    assert.equal((await app.api.get(`/api/v1/enrollments/${enrollmentId}`, { token: app.admin.token })).body.status, 'withdrawn');
    const next = await app.api.get(`/api/v1/nominations/${n3}`, { token: app.admin.token });
    assert.equal(next.body.status, 'selected');
    assert.equal((await app.api.get(`/api/v1/enrollments/${next.body.enrollmentId}`, { token: app.admin.token })).body.status, 'approved');
    assert.equal((await app.api.get(`/api/v1/nominations/${n2}`, { token: app.admin.token })).body.status, 'alternate');
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}`)).body.seatsTaken, 1);
    const audit = await app.api.get(`/api/v1/audit?entity=enrollment&entityId=${enrollmentId}`, { token: app.admin.token });
    assert.ok(audit.body.items.some((e: { action: string; after: { nominationId?: string } }) => e.action === 'enrollment.withdrawn' && e.after.nominationId === n1));

    const twiceWithdrawn = await app.api.post(`/api/v1/nominations/${n1}/withdraw`, { token: app.admin.token });
    assert.equal(twiceWithdrawn.status, 409);
    assert.equal(twiceWithdrawn.body.code, 'NOMINATION_NOT_STANDING');
  });

  it('kept every offering’s waitlist length true through nominations: selections, withdrawals, alternates', () => assertWaitlistCounts(app.db));
});
