import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { createCourse, createOffering } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { type TestUser, uniqueEmail } from './support/harness.js';
import { queriesSentDuring, untilTokensAnswer } from './support/sent-queries.js';
import { assertWaitlistCounts } from './support/waitlist.js';
import { untilWaitingOnLock, withHeldTransaction } from './support/locks.js';

describe('enrolments: seats, waitlist and approvals', () => {
  const app = useApp();
  let course: { id: string; code: string };
  before(async () => {
    course = await createCourse(app.api, app.admin);
  });

  const enrol = (offeringId: string, user: TestUser, body?: unknown) =>
    app.api.post(`/api/v1/offerings/${offeringId}/enrollments`, { token: user.token, body });
  const offering = async (id: string) => (await app.api.get(`/api/v1/offerings/${id}`)).body;

  /** The offering's enrolments in arrival order (`seq`, which the API does not show), with their place in line. */
  const line = async (offeringId: string) =>
    (await app.db.query(
      `SELECT id, status, seq::int, CASE WHEN status = 'waitlisted' THEN row_number() OVER (PARTITION BY status = 'waitlisted' ORDER BY seq)::int END AS place
         FROM enrollments WHERE offering_id = $1 ORDER BY seq`,
      [offeringId],
    )) as Array<{ id: string; status: string; seq: number; place: number | null }>;
  const placesShown = async (offeringId: string, count: number) => {
    const shown: Array<{ id: string; waitlistPosition: number }> = [];
    for (let page = 1; shown.length < count; page++) {
      const reply = await app.api.get(`/api/v1/offerings/${offeringId}/enrollments?status=waitlisted&limit=100&page=${page}`, { token: app.admin.token });
      shown.push(...reply.body.items);
    }
    return shown;
  };

  it('never overbooks: 200 trainees at once into 30 seats → 30 approved, 170 waitlisted in arrival order', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id, { capacity: 30 });
    const trainees = await app.api.quickUsers(200);
    const replies = await Promise.all(trainees.map((trainee) => enrol(id, trainee)));

    assert.deepEqual(replies.filter((r) => r.status !== 201).map((r) => [r.status, r.body]), [], 'every request answered 201');
    const approved = replies.filter((r) => r.body.status === 'approved');
    const waitlisted = replies.filter((r) => r.body.status === 'waitlisted');
    assert.equal(approved.length, 30);
    assert.equal(waitlisted.length, 170);
    // Each answer's place is the place it got: told under the offering's lock, not from a stale look.
    assert.deepEqual(waitlisted.map((r) => r.body.waitlistPosition).sort((a, b) => a - b), Array.from({ length: 170 }, (_, i) => i + 1));

    const roster = await app.api.get(`/api/v1/offerings/${id}/enrollments?status=waitlisted&limit=100&page=1`, { token: app.admin.token });
    const roster2 = await app.api.get(`/api/v1/offerings/${id}/enrollments?status=waitlisted&limit=100&page=2`, { token: app.admin.token });
    const line = [...roster.body.items, ...roster2.body.items];
    assert.deepEqual(line.map((e: { waitlistPosition: number }) => e.waitlistPosition), Array.from({ length: 170 }, (_, i) => i + 1));
    const arrivals = line.map((e: { createdAt: string }) => Date.parse(e.createdAt));
    assert.deepEqual(arrivals, [...arrivals].sort((a, b) => a - b), 'positions follow the order they got in line');
    const lastApproved = Math.max(...approved.map((r) => Date.parse(r.body.createdAt)));
    assert.ok(lastApproved <= arrivals[0]!, 'every seat went to someone who arrived before the first waitlisted');

    const state = await offering(id);
    assert.equal(state.seatsTaken, 30);
    assert.equal(state.seatsLeft, 0);
    assert.equal(state.waitlistLength, 170);
  });

  for (const approvalMode of ['auto', 'manual'] as const) {
    it(`keeps seats exact and the line in order while seats are freed and added during a rush (${approvalMode})`, async () => {
      const { id } = await createOffering(app.api, app.admin, course.id, { capacity: 10, approvalMode });
      const holding = approvalMode === 'auto' ? 'approved' : 'pending';
      const [first, ...rest] = await app.api.quickUsers(80);
      const seated = await Promise.all(rest.slice(0, 10).map((trainee) => enrol(id, trainee)));
      const waiting = await enrol(id, first!);
      assert.deepEqual([...new Set(seated.map((r) => r.body.status)), waiting.body.status], [holding, 'waitlisted']);

      // 69 enrol while the 10 seated leave (withdrawn, or rejected in manual mode) and 5 seats are added.
      const leave = (r: (typeof seated)[number], i: number) =>
        approvalMode === 'auto'
          ? app.api.post(`/api/v1/enrollments/${r.body.id}/withdraw`, { token: rest[i]!.token })
          : app.api.post(`/api/v1/enrollments/${r.body.id}/reject`, { token: app.admin.token });
      const [enrolled, left, grown] = await Promise.all([
        Promise.all(rest.slice(10).map((trainee) => enrol(id, trainee))),
        Promise.all(seated.map(leave)),
        app.api.patch(`/api/v1/offerings/${id}`, { token: app.admin.token, body: { capacity: 15 } }),
      ]);
      assert.deepEqual([...enrolled, ...left, grown].filter((r) => r.status >= 300).map((r) => [r.status, r.body]), []);

      // 70 came for 15 seats: the 15 first in line hold them (the first waitlisted among them), 55 wait, 1..55.
      const inLine = (await line(id)).filter((e) => e.status !== 'withdrawn' && e.status !== 'rejected');
      assert.equal(inLine.length, 70);
      assert.deepEqual(inLine.map((e) => e.status), [...Array(15).fill(holding), ...Array(55).fill('waitlisted')], 'seats to the first in line');
      assert.equal(inLine[0]!.id, waiting.body.id);
      const shown = await placesShown(id, 55);
      assert.deepEqual(shown.map((e) => e.waitlistPosition), Array.from({ length: 55 }, (_, i) => i + 1));
      assert.deepEqual(shown.map((e) => e.id), inLine.slice(15).map((e) => e.id));
      const state = await offering(id);
      assert.deepEqual([state.seatsTaken, state.seatsLeft, state.waitlistLength], [15, 0, 55]);
    });
  }

  it('tells 60 trainees racing for 5 seats their places 1..55, each once, and keeps the line’s length as it changes', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id, { capacity: 5 });
    const [newcomer, ...trainees] = await app.api.quickUsers(61);
    const replies = await Promise.all(trainees.map((trainee) => enrol(id, trainee)));
    assert.deepEqual(replies.filter((r) => r.status !== 201).map((r) => [r.status, r.body]), []);
    const waiting = replies.filter((r) => r.body.status === 'waitlisted');
    assert.deepEqual(waiting.map((r) => r.body.waitlistPosition).sort((a, b) => a - b), Array.from({ length: 55 }, (_, i) => i + 1));
    const placeInLine = new Map((await line(id)).map((e) => [e.id, e.place]));
    assert.deepEqual(waiting.map((r) => r.body.waitlistPosition), waiting.map((r) => placeInLine.get(r.body.id)), 'each told the place it holds');
    const lengthIs = async (n: number) => {
      assert.equal((await offering(id)).waitlistLength, n);
      await assertWaitlistCounts(app.db);
    };
    await lengthIs(55);

    // At once: the last 10 in line withdraw, the 3 before them are rejected, 2 seated withdraw (the first 2 in line promoted).
    const ownerOf = (r: (typeof replies)[number]) => trainees[replies.indexOf(r)]!;
    const seated = replies.filter((r) => r.body.status === 'approved');
    const lastFirst = [...waiting].sort((a, b) => b.body.waitlistPosition - a.body.waitlistPosition);
    const left = await Promise.all([
      ...lastFirst.slice(0, 10).map((r) => app.api.post(`/api/v1/enrollments/${r.body.id}/withdraw`, { token: ownerOf(r).token })),
      ...lastFirst.slice(10, 13).map((r) => app.api.post(`/api/v1/enrollments/${r.body.id}/reject`, { token: app.admin.token })),
      ...seated.slice(0, 2).map((r) => app.api.post(`/api/v1/enrollments/${r.body.id}/withdraw`, { token: ownerOf(r).token })),
    ]);
    assert.deepEqual(left.filter((r) => r.status !== 200).map((r) => [r.status, r.body]), []);
    await lengthIs(40);
    // Seats added go to the line.
    assert.equal((await app.api.patch(`/api/v1/offerings/${id}`, { token: app.admin.token, body: { capacity: 10 } })).status, 200);
    await lengthIs(35);
    const last = await enrol(id, newcomer!);
    assert.deepEqual([last.body.status, last.body.waitlistPosition], ['waitlisted', 36]);
    assert.equal((await line(id)).find((e) => e.id === last.body.id)!.place, 36);
    // Cancelling leaves the enrolments as they are.
    assert.equal((await app.api.post(`/api/v1/offerings/${id}/cancel`, { token: app.admin.token })).status, 200);
    await lengthIs(36);
  });

  it('keeps the line’s length through statements that insert, move and delete many enrolments at once', async () => {
    const [a, b] = await Promise.all([createOffering(app.api, app.admin, course.id), createOffering(app.api, app.admin, course.id)]);
    const people = (await app.api.quickUsers(4)).map((p) => p.id);
    const kept = async () =>
      ((await app.db.query('SELECT offering_waitlisted($1) AS a, offering_waitlisted($2) AS b', [a.id, b.id])) as Array<{ a: number; b: number }>).map((r) => [r.a, r.b])[0];
    await app.db.query(`INSERT INTO enrollments (offering_id, user_id, status) SELECT $1, unnest($2::uuid[]), 'waitlisted'`, [a.id, people]);
    assert.deepEqual(await kept(), [4, 0]);
    await app.db.query('UPDATE enrollments SET offering_id = $2 WHERE offering_id = $1 AND user_id = ANY($3::uuid[])', [a.id, b.id, people.slice(0, 3)]);
    assert.deepEqual(await kept(), [1, 3]);
    await app.db.query(`UPDATE enrollments SET status = CASE WHEN user_id = $2 THEN 'approved' ELSE 'waitlisted' END WHERE offering_id = $1`, [b.id, people[0]]);
    assert.deepEqual(await kept(), [1, 2]);
    await app.db.query('DELETE FROM enrollments WHERE offering_id = ANY($1::uuid[]) AND user_id <> $2', [[a.id, b.id], people[1]]);
    assert.deepEqual(await kept(), [0, 1]);
    await assertWaitlistCounts(app.db);
    await assert.rejects(app.db.query('UPDATE offering_waitlists SET waitlisted = -1 WHERE offering_id = $1', [a.id]), /offering_waitlists_not_negative/);
    await app.db.query('DELETE FROM offerings WHERE id = $1', [b.id]);
    assert.deepEqual(await kept(), [0, 0], 'an offering deleted takes its enrolments and its count along');
    assert.deepEqual(await app.db.query('SELECT 1 FROM offering_waitlists WHERE offering_id = $1', [b.id]), []);
  });

  it('enrols in one statement to PostgreSQL, the token answering for its caller', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id, { capacity: 1 });
    await untilTokensAnswer(app.api.app);
    const trainees = await app.api.quickUsers(3);
    let sent: string[] = [];
    const counted = async (trainee: TestUser) => {
      const { result: reply, sent: queries } = await queriesSentDuring(() => enrol(id, trainee));
      sent = queries;
      assert.equal(reply.status, 201, JSON.stringify(reply.body));
      return reply.body;
    };
    const seated = await counted(trainees[0]!);
    assert.equal(seated.status, 'approved');
    assert.equal(sent.length, 1, `the enrolment alone, no token check:\n${sent.join('\n---\n')}`);
    assert.deepEqual([seated.user.id, seated.offering.id, seated.offering.course.code], [trainees[0]!.id, id, course.code], 'the answer is the whole view');
    for (const [i, trainee] of trainees.slice(1).entries()) {
      assert.equal((await app.api.get('/api/v1/me/enrollments', { token: trainee.token })).status, 200);
      const waiting = await counted(trainee);
      assert.deepEqual([waiting.status, waiting.waitlistPosition], ['waitlisted', i + 1]);
      assert.equal(sent.length, 1, sent.join('\n---\n'));
    }
  });

  it('keeps one enrolment when the same trainee enrols ten times at once', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id);
    const [trainee] = await app.api.quickUsers(1);
    const replies = await Promise.all(Array.from({ length: 10 }, () => enrol(id, trainee!)));
    assert.deepEqual(replies.map((r) => r.status).sort(), [201, ...Array(9).fill(409)]);
    assert.ok(replies.filter((r) => r.status === 409).every((r) => r.body.code === 'ENROLLMENT_ALREADY_EXISTS'));
    assert.equal((await offering(id)).seatsTaken, 1);
  });

  it('gives a withdrawn seat to the first on the waitlist, and moves the line up', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id, { capacity: 2 });
    const [a, b, c, d] = await app.api.quickUsers(4);
    const first = await enrol(id, a!);
    await enrol(id, b!);
    const third = await enrol(id, c!);
    const fourth = await enrol(id, d!);
    assert.equal(third.body.status, 'waitlisted');
    assert.equal(third.body.waitlistPosition, 1);
    assert.equal(fourth.body.waitlistPosition, 2);

    const withdrawn = await app.api.post(`/api/v1/enrollments/${first.body.id}/withdraw`, { token: a!.token });
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.status, 'withdrawn');
    assert.equal((await app.api.get(`/api/v1/enrollments/${third.body.id}`, { token: c!.token })).body.status, 'approved');
    const stillWaiting = (await app.api.get(`/api/v1/enrollments/${fourth.body.id}`, { token: d!.token })).body;
    assert.equal(stillWaiting.waitlistPosition, 1);
    const state = await offering(id);
    assert.deepEqual([state.seatsTaken, state.waitlistLength], [2, 1]);

    const again = await app.api.post(`/api/v1/enrollments/${first.body.id}/withdraw`, { token: a!.token });
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'ENROLLMENT_INVALID_TRANSITION');
    // After withdrawing, a trainee may enrol again: at the end of the line.
    const back = await enrol(id, a!);
    assert.equal(back.status, 201);
    assert.equal(back.body.waitlistPosition, 2);
  });

  it('holds a seat while pending in manual mode; approve, reject, and the waitlist', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id, { capacity: 1, approvalMode: 'manual' });
    const [a, b, c] = await app.api.quickUsers(3);
    const pending = await enrol(id, a!);
    assert.equal(pending.body.status, 'pending');
    const waiting = await enrol(id, b!);
    assert.equal(waiting.body.status, 'waitlisted');

    const full = await app.api.post(`/api/v1/enrollments/${waiting.body.id}/approve`, { token: app.admin.token });
    assert.equal(full.status, 409);
    assert.equal(full.body.code, 'ENROLLMENT_OFFERING_FULL');

    const rejected = await app.api.post(`/api/v1/enrollments/${pending.body.id}/reject`, { token: app.admin.token });
    assert.equal(rejected.body.status, 'rejected');
    const promoted = (await app.api.get(`/api/v1/enrollments/${waiting.body.id}`, { token: app.admin.token })).body;
    assert.equal(promoted.status, 'pending', 'in manual mode the freed seat is offered for approval');
    const approved = await app.api.post(`/api/v1/enrollments/${waiting.body.id}/approve`, { token: app.admin.token });
    assert.equal(approved.status, 200);
    assert.equal(approved.body.status, 'approved');
    assert.equal((await app.api.post(`/api/v1/enrollments/${waiting.body.id}/approve`, { token: app.admin.token })).status, 409);

    const byTrainee = await app.api.post(`/api/v1/enrollments/${waiting.body.id}/approve`, { token: c!.token });
    assert.equal(byTrainee.status, 403);
    assert.equal((await offering(id)).seatsTaken, 1);
  });

  it('enrols only while the window is open, unless an admin nominates', async () => {
    const future = await createOffering(app.api, app.admin, course.id, {}, 60);
    const past = await createOffering(app.api, app.admin, course.id, {}, -60);
    const [trainee] = await app.api.quickUsers(1);
    for (const { id } of [future, past]) {
      const refused = await enrol(id, trainee!);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'ENROLLMENT_WINDOW_CLOSED');
    }
    const nominated = await enrol(future.id, app.admin, { userId: trainee!.id });
    assert.equal(nominated.status, 201);
    assert.equal(nominated.body.userId, trainee!.id);
  });

  it('refuses a cancelled offering', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id);
    assert.equal((await app.api.post(`/api/v1/offerings/${id}/cancel`, { token: app.admin.token })).status, 200);
    const [trainee] = await app.api.quickUsers(1);
    const reply = await enrol(id, trainee!);
    assert.equal(reply.status, 409);
    assert.equal(reply.body.code, 'ENROLLMENT_OFFERING_CLOSED');
    const nominated = await enrol(id, app.admin, { userId: trainee!.id });
    assert.deepEqual([nominated.status, nominated.body.code], [409, 'ENROLLMENT_OFFERING_CLOSED'], 'not even an admin');
  });

  it('requires completed prerequisites, naming the missing ones', async () => {
    const basics = await createCourse(app.api, app.admin, { title: 'UN Core Pre-Deployment Training' });
    const advanced = await createCourse(app.api, app.admin, { title: 'UN Staff Officers', prerequisiteCourseIds: [basics.id] });
    const basicsOffering = await createOffering(app.api, app.admin, basics.id);
    const advancedOffering = await createOffering(app.api, app.admin, advanced.id);
    const [trainee] = await app.api.quickUsers(1);

    const refused = await enrol(advancedOffering.id, trainee!);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'ENROLLMENT_PREREQUISITES_MISSING');
    assert.match(refused.body.message, new RegExp(basics.code));

    const done = await enrol(basicsOffering.id, trainee!);
    // Finalising offerings comes with grading; mark this one completed as finalising will.
    await app.db.query(`UPDATE enrollments SET status = 'completed' WHERE id = $1`, [done.body.id]);
    assert.equal((await enrol(advancedOffering.id, trainee!)).status, 201);
  });

  it('checks who may enrol whom', async () => {
    const { id } = await createOffering(app.api, app.admin, course.id);
    const [trainee, other] = await app.api.quickUsers(2);
    const [instructor] = await app.api.quickUsers(1, 'instructor');

    assert.equal((await enrol(id, instructor!)).status, 403);
    const forOther = await enrol(id, trainee!, { userId: other!.id });
    assert.equal(forOther.status, 403);
    assert.equal((await enrol(id, trainee!, { userId: trainee!.id })).status, 201);

    const noUser = await enrol(id, app.admin, {});
    assert.equal(noUser.status, 400);
    assert.equal(noUser.body.code, 'ENROLLMENT_USER_REQUIRED');
    assert.equal((await enrol(id, app.admin, { userId: randomUUID() })).status, 404);
    const notTrainee = await enrol(id, app.admin, { userId: instructor!.id });
    assert.equal(notTrainee.status, 409);
    assert.equal(notTrainee.body.code, 'ENROLLMENT_NOT_A_TRAINEE');
    assert.equal((await enrol(id, app.admin, { userId: 'not-a-uuid' })).status, 400);
    assert.equal((await enrol(id, app.admin, { userId: other!.id, extra: true })).status, 400);
    assert.equal((await enrol(randomUUID(), trainee!)).status, 404);
    assert.equal((await app.api.post(`/api/v1/offerings/${id}/enrollments`)).status, 401);
  });

  it('shows an enrolment only to its trainee, admins and the offering’s instructors', async () => {
    const [teacher, outsider] = await app.api.quickUsers(2, 'instructor');
    const { id } = await createOffering(app.api, app.admin, course.id, { instructorIds: [teacher!.id] });
    const [mine, theirs] = await app.api.quickUsers(2);
    const enrolment = (await enrol(id, mine!)).body;
    await enrol(id, theirs!);

    assert.equal((await app.api.get(`/api/v1/enrollments/${enrolment.id}`, { token: mine!.token })).status, 200);
    assert.equal((await app.api.get(`/api/v1/enrollments/${enrolment.id}`, { token: theirs!.token })).status, 404);
    assert.equal((await app.api.post(`/api/v1/enrollments/${enrolment.id}/withdraw`, { token: theirs!.token })).status, 404);
    assert.equal((await app.api.get(`/api/v1/enrollments/${enrolment.id}`, { token: teacher!.token })).status, 200);
    assert.equal((await app.api.get(`/api/v1/enrollments/${enrolment.id}`, { token: outsider!.token })).status, 404);
    assert.equal((await app.api.get(`/api/v1/enrollments/${randomUUID()}`, { token: app.admin.token })).status, 404);

    const own = await app.api.get('/api/v1/me/enrollments', { token: mine!.token });
    assert.equal(own.status, 200);
    assert.deepEqual(own.body.items.map((e: { id: string }) => e.id), [enrolment.id]);
    assert.equal(own.body.items[0].offering.course.code, course.code);
    assert.equal((await app.api.get('/api/v1/me/enrollments', { token: teacher!.token })).status, 403);

    const roster = await app.api.get(`/api/v1/offerings/${id}/enrollments`, { token: teacher!.token });
    assert.equal(roster.status, 200);
    assert.equal(roster.body.total, 2);
    assert.deepEqual(Object.keys(roster.body.items[0].user).sort(), ['email', 'fullName', 'id']);
    assert.equal((await app.api.get(`/api/v1/offerings/${id}/enrollments`, { token: outsider!.token })).status, 403);
    assert.equal((await app.api.get(`/api/v1/offerings/${id}/enrollments`, { token: mine!.token })).status, 403);
  });

  it('an enrolment that waits on its trainee\'s row while holding the offering lets rows that refer to the offering in', async () => {
    const { id: offeringId } = await createOffering(app.api, app.admin, course.id, { capacity: 5 });
    const [trainee] = await app.api.quickUsers(1);
    // An admin's edit of the trainee, held open: it has the user's row (UsersRepository.findForUpdate).
    await withHeldTransaction(app.db, async (edit) => {
      await edit.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [trainee!.id]);
      // The enrolment locks the offering, then its insert's foreign-key check waits for the user's row.
      const enrolled = enrol(offeringId, trainee!);
      await untilWaitingOnLock(app.db, '%WITH target AS%', 'the enrolment waits for the user');
      // Meanwhile a row that refers to the offering (a nomination, an assessment) is checked by PostgreSQL with
      // FOR KEY SHARE on its row: under the enrolment's FOR UPDATE it waited for the admin's edit too.
      await withHeldTransaction(app.db, async (other) => {
        await other.query(`SET LOCAL lock_timeout = '2s'`);
        await other.query('SELECT id FROM offerings WHERE id = $1 FOR KEY SHARE', [offeringId]);
        await other.commitTransaction();
      });
      await edit.commitTransaction();
      assert.equal((await enrolled).status, 201);
    });
  });

  it('kept every offering’s waitlist length true through all of the above', () => assertWaitlistCounts(app.db));
});

describe('enrolments: bulk nominations', () => {
  const app = useApp();
  let offeringId: string;
  before(async () => {
    const course = await createCourse(app.api, app.admin);
    offeringId = (await createOffering(app.api, app.admin, course.id, { capacity: 2 })).id;
  });

  const csv = (text: string) =>
    app.api.post(`/api/v1/offerings/${offeringId}/enrollments/bulk`, { token: app.admin.token, raw: text, headers: { 'content-type': 'text/csv' } });
  const rosterSize = async () => (await app.api.get(`/api/v1/offerings/${offeringId}/enrollments`, { token: app.admin.token })).body.total;

  it('reports each row of a CSV with good, duplicate and malformed rows', async () => {
    const [existing] = await app.api.quickUsers(1);
    const [instructor] = await app.api.quickUsers(1, 'instructor');
    const fresh1 = uniqueEmail('nominee');
    const fresh2 = uniqueEmail('nominee');
    const file = [
      'Email,Full name,Gender,Nationality,Category,Rank,Organization',
      `${fresh1},Marie Kabongo,female,cod,police,Major,Police Nationale Congolaise`,
      `${existing!.email.toUpperCase()},,,,,,`,
      'not-an-email,Somebody,,,,,',
      `${fresh1},Again,,,,,`,
      `${fresh2},"Ngozi, Okafor",female,XXX,military,,`,
      `${instructor!.email},Teacher,,,,,`,
      `${uniqueEmail('nominee')},Third Seat,male,KEN,pirate,,`,
      `${uniqueEmail('nominee')},"Tomás Ferreira",male,MOZ,military,Captain,FADM`,
    ].join('\r\n');
    const reply = await csv(file);
    assert.equal(reply.status, 200);
    const summary = reply.body.results.map((r: { row: number; outcome: string; code?: string; enrollment?: { status: string } }) => [
      r.row,
      r.outcome,
      r.code ?? r.enrollment?.status,
    ]);
    assert.deepEqual(summary, [
      [1, 'enrolled', 'approved'],
      [2, 'enrolled', 'approved'],
      [3, 'error', 'ENROLLMENT_BULK_INVALID_ROW'],
      [4, 'error', 'ENROLLMENT_BULK_DUPLICATE_ROW'],
      [5, 'error', 'ENROLLMENT_BULK_INVALID_ROW'],
      [6, 'error', 'ENROLLMENT_NOT_A_TRAINEE'],
      [7, 'error', 'ENROLLMENT_BULK_INVALID_ROW'],
      [8, 'enrolled', 'waitlisted'],
    ]);
    assert.deepEqual(reply.body.summary, { rows: 8, enrolled: 3, waitlisted: 1, failed: 5, usersCreated: 2 });
    assert.equal(reply.body.results[0].userCreated, true);
    assert.equal(reply.body.results[1].userCreated, false);
    assert.match(reply.body.results[4].message, /nationality/);

    const users = await app.api.get(`/api/v1/users?q=${encodeURIComponent(fresh1)}`, { token: app.admin.token });
    assert.deepEqual(
      (({ fullName, role, gender, nationality, category, rank, organization }) => ({ fullName, role, gender, nationality, category, rank, organization }))(users.body.items[0]),
      { fullName: 'Marie Kabongo', role: 'trainee', gender: 'female', nationality: 'COD', category: 'police', rank: 'Major', organization: 'Police Nationale Congolaise' },
    );

    const again = await csv(`email\n${fresh1}\n`);
    assert.equal(again.body.results[0].code, 'ENROLLMENT_ALREADY_EXISTS');
  });

  it('refuses a malformed file whole, changing nothing', async () => {
    const before = await rosterSize();
    const files = [
      `email,fullName\n${uniqueEmail()},"unclosed quote\n`,
      `fullName,rank\nSomebody,Major\n`,
      '',
      'email\n',
      `email,fullName\n${uniqueEmail()},One,extra-cell\n`,
    ];
    for (const file of files) {
      const reply = await csv(file);
      assert.equal(reply.status, 400, JSON.stringify(file));
      assert.equal(reply.body.code, 'ENROLLMENT_BULK_MALFORMED');
    }
    assert.equal(await rosterSize(), before);
  });

  it('takes a JSON list of emails, creating the missing trainees', async () => {
    const email = uniqueEmail('amina.uwase');
    const reply = await app.api.post(`/api/v1/offerings/${offeringId}/enrollments/bulk`, { token: app.admin.token, body: { emails: [email, 'nope'] } });
    assert.equal(reply.status, 200);
    assert.equal(reply.body.results[0].outcome, 'enrolled');
    assert.equal(reply.body.results[0].userCreated, true);
    assert.equal(reply.body.results[1].code, 'ENROLLMENT_BULK_INVALID_ROW');
    for (const body of [{}, { emails: [] }, { emails: 'a@b.org' }, { emails: [1] }, { emails: ['a@b.org'], more: 1 }]) {
      assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/enrollments/bulk`, { token: app.admin.token, body })).status, 400, JSON.stringify(body));
    }
  });

  it('is for admins only, on an offering that exists', async () => {
    const [trainee] = await app.api.quickUsers(1);
    const before = await rosterSize();
    const email = uniqueEmail();
    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/enrollments/bulk`, { token: trainee!.token, body: { emails: [email] } })).status, 403);
    assert.equal(await rosterSize(), before, 'a refused list enrols nobody');
    assert.equal((await app.api.get(`/api/v1/users?q=${encodeURIComponent(email)}`, { token: app.admin.token })).body.total, 0, 'and makes no account');
    assert.equal((await app.api.post(`/api/v1/offerings/${randomUUID()}/enrollments/bulk`, { token: app.admin.token, body: { emails: [uniqueEmail()] } })).status, 404);
  });

  it('kept every offering’s waitlist length true through bulk enrolment', () => assertWaitlistCounts(app.db));
});
