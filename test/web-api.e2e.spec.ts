// What the web application's instructor and admin pages need from the API (issue 12, "API gaps").
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { finalisedClass, taughtClass } from './support/classroom.js';
import { createCourse, createOffering } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { uniqueEmail } from './support/harness.js';
import { assertWaitlistCounts } from './support/waitlist.js';

describe('API for the web pages: my offerings, attendance register, assessment edits, roster, nomination preview', () => {
  const app = useApp({ users: { instructor: 'instructor', otherInstructor: 'instructor' } });

  const del = (path: string, token: string) => app.api.request('DELETE', path, { token });

  /** An offering taught by `instructor`, with approved trainees. */
  const classroom = (trainees: number, offering: Record<string, unknown> = {}) => taughtClass(app.api, app.admin, { instructor: app.users.instructor, trainees, offering });

  it('lists the offerings an instructor teaches, drafts included, by status and page; others are refused', async () => {
    const teacher = (await app.api.quickUsers(1, 'instructor'))[0]!;
    const { id: published } = await createCourse(app.api, app.admin);
    const { id: draft } = await createCourse(app.api, app.admin, {}, false);
    const open = await createOffering(app.api, app.admin, published, { instructorIds: [teacher.id] });
    const later = await createOffering(app.api, app.admin, draft, { instructorIds: [teacher.id, app.users.otherInstructor.id] }, 60);
    await createOffering(app.api, app.admin, published, { instructorIds: [app.users.otherInstructor.id] });

    const mine = await app.api.get('/api/v1/me/offerings', { token: teacher.token });
    assert.equal(mine.status, 200);
    assert.equal(mine.body.total, 2);
    assert.deepEqual(mine.body.items.map((o: { id: string }) => o.id), [open.id, later.id], 'by start date');
    assert.ok(mine.body.items.every((o: { instructorIds: string[] }) => o.instructorIds.includes(teacher.id)));

    const scheduled = await app.api.get('/api/v1/me/offerings?status=scheduled', { token: teacher.token });
    assert.deepEqual(scheduled.body.items.map((o: { id: string }) => o.id), [later.id]);
    const paged = await app.api.get('/api/v1/me/offerings?limit=1&page=2', { token: teacher.token });
    assert.deepEqual([paged.body.total, paged.body.page, paged.body.limit, paged.body.items[0].id], [2, 2, 1, later.id]);

    assert.equal((await app.api.get('/api/v1/me/offerings?status=nonsense', { token: teacher.token })).status, 400);
    const [trainee] = await app.api.quickUsers(1);
    assert.equal((await app.api.get('/api/v1/me/offerings', { token: trainee!.token })).status, 403);
    assert.equal((await app.api.get('/api/v1/me/offerings', { token: app.admin.token })).status, 403);
    assert.equal((await app.api.get('/api/v1/me/offerings')).status, 401);
  });

  it('reads back the attendance register, every recorded day with who was present and absent', async () => {
    const { offeringId, startsOn, enrollments } = await classroom(3);
    const [a, b, c] = enrollments as [string, string, string];
    const day2 = new Date(Date.parse(startsOn) + 86_400_000).toISOString().slice(0, 10);
    const empty = await app.api.get(`/api/v1/offerings/${offeringId}/attendance`, { token: app.users.instructor.token });
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body, []);

    assert.equal((await app.api.request('PUT', `/api/v1/offerings/${offeringId}/attendance/${day2}`, { token: app.users.instructor.token, body: { present: [a] } })).status, 200);
    assert.equal((await app.api.request('PUT', `/api/v1/offerings/${offeringId}/attendance/${startsOn}`, { token: app.users.instructor.token, body: { present: [a, b] } })).status, 200);
    // Recording a day again replaces it.
    assert.equal((await app.api.request('PUT', `/api/v1/offerings/${offeringId}/attendance/${day2}`, { token: app.admin.token, body: { present: [b, c] } })).status, 200);

    const register = await app.api.get(`/api/v1/offerings/${offeringId}/attendance`, { token: app.users.instructor.token });
    assert.equal(register.status, 200);
    assert.deepEqual(register.body, [
      { date: startsOn, present: [a, b].sort(), absent: [c] },
      { date: day2, present: [b, c].sort(), absent: [a] },
    ]);
    assert.deepEqual((await app.api.get(`/api/v1/offerings/${offeringId}/attendance`, { token: app.admin.token })).body, register.body);

    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/attendance`, { token: app.users.otherInstructor.token })).body.code, 'ASSESSMENT_NOT_STAFF');
    const [trainee] = await app.api.quickUsers(1);
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/attendance`, { token: trainee!.token })).status, 403);
    assert.equal((await app.api.get(`/api/v1/offerings/${randomUUID()}/attendance`, { token: app.users.instructor.token })).status, 404);
    assert.equal((await app.api.get('/api/v1/offerings/not-a-uuid/attendance', { token: app.users.instructor.token })).status, 400);
  });

  it('edits an assessment freely until it has results, then only what leaves results alone; each change audited', async () => {
    const { offeringId, people } = await classroom(1);
    const quiz = (
      await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, {
        token: app.users.instructor.token,
        body: { title: 'Quiz 1', kind: 'quiz', weight: 30, attemptPolicy: 'best', questions: [{ prompt: '2 + 2?', choices: ['3', '4'], correct: [1], points: 2 }] },
      })
    ).body;

    // Before any result: the questions, kind and policy may change; the quiz's maxScore follows its points.
    const reworked = await app.api.patch(`/api/v1/assessments/${quiz.id}`, {
      token: app.users.instructor.token,
      body: { title: 'Quiz 1 (revised)', attemptPolicy: 'last', questions: [{ prompt: '2 + 3?', choices: ['5', '6'], correct: [0], points: 4 }, { prompt: '1 + 1?', choices: ['2', '3'], correct: [0], points: 1 }] },
    });
    assert.equal(reworked.status, 200, JSON.stringify(reworked.body));
    assert.deepEqual([reworked.body.title, reworked.body.attemptPolicy, reworked.body.maxScore, reworked.body.questions.length], ['Quiz 1 (revised)', 'last', 5, 2]);
    assert.equal((await app.api.patch(`/api/v1/assessments/${quiz.id}`, { token: app.users.instructor.token, body: { maxScore: 9 } })).body.code, 'ASSESSMENT_MAX_SCORE_MISMATCH');
    assert.equal((await app.api.patch(`/api/v1/assessments/${quiz.id}`, { token: app.users.instructor.token, body: { kind: 'exam' } })).status, 200, 'an exam keeps the quiz’s maxScore');
    const backToQuiz = await app.api.patch(`/api/v1/assessments/${quiz.id}`, { token: app.users.instructor.token, body: { kind: 'quiz' } });
    assert.equal(backToQuiz.body.code, 'ASSESSMENT_QUESTIONS_REQUIRED', 'a quiz needs questions');
    const requiz = await app.api.patch(`/api/v1/assessments/${quiz.id}`, {
      token: app.users.instructor.token,
      body: { kind: 'quiz', questions: [{ prompt: '2 + 2?', choices: ['3', '4'], correct: [1], points: 2 }] },
    });
    assert.equal(requiz.status, 200);

    // A trainee submits: from now on only title, dueAt, maxAttempts and weight change.
    const questionId = requiz.body.questions[0].id;
    assert.equal((await app.api.post(`/api/v1/assessments/${quiz.id}/submissions`, { token: people[0]!.token, body: { answers: { [questionId]: [1] } } })).status, 201);
    for (const body of [{ maxScore: 10 }, { attemptPolicy: 'best' }, { kind: 'exam' }, { questions: requiz.body.questions.map(({ prompt, choices, correct, points }: Record<string, unknown>) => ({ prompt, choices, correct, points })) }]) {
      const refused = await app.api.patch(`/api/v1/assessments/${quiz.id}`, { token: app.users.instructor.token, body });
      assert.equal(refused.status, 409, JSON.stringify(body));
      assert.equal(refused.body.code, 'ASSESSMENT_HAS_RESULTS');
    }
    const unchangedPolicy = await app.api.patch(`/api/v1/assessments/${quiz.id}`, { token: app.users.instructor.token, body: { attemptPolicy: 'last' } });
    assert.equal(unchangedPolicy.status, 200, 'the value it already has is no change');
    const dueAt = '2031-05-01T17:00:00.000Z';
    const retitled = await app.api.patch(`/api/v1/assessments/${quiz.id}`, { token: app.admin.token, body: { title: 'Quiz one', dueAt, maxAttempts: 3, weight: 40 } });
    assert.equal(retitled.status, 200);
    assert.deepEqual([retitled.body.title, retitled.body.dueAt, retitled.body.maxAttempts, retitled.body.weight, retitled.body.maxScore], ['Quiz one', dueAt, 3, 40, 2]);
    const cleared = await app.api.patch(`/api/v1/assessments/${quiz.id}`, { token: app.users.instructor.token, body: { dueAt: null, maxAttempts: null } });
    assert.deepEqual([cleared.body.dueAt, cleared.body.maxAttempts], [undefined, undefined]);
    const grades = await app.api.get(`/api/v1/offerings/${offeringId}/gradebook`, { token: app.users.instructor.token });
    assert.equal(grades.body.rows[0].scores[quiz.id], 2, 'the result stands');
    const list = await app.api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token });
    assert.equal(list.body.items[0].title, 'Quiz one');

    const audit: Array<{ actor_id: string; before: Record<string, unknown>; after: Record<string, unknown> }> = await app.db.query(
      `SELECT actor_id, before, after FROM audit_log WHERE action = 'assessment.updated' AND entity_id = $1 ORDER BY id`,
      [quiz.id],
    );
    assert.ok(audit.length >= 5);
    const last = audit.at(-2)!;
    assert.equal(last.actor_id, app.admin.id);
    assert.deepEqual(last.before, { title: 'Quiz 1 (revised)', weight: 30, maxAttempts: 1, dueAt: null }, 'a quiz allows one attempt unless told otherwise');
    assert.deepEqual(last.after, { title: 'Quiz one', weight: 40, maxAttempts: 3, dueAt });
  });

  it('refuses a bad edit of an assessment with 400, and anyone else’s with 403 or 404, changing nothing', async () => {
    const { offeringId, people } = await classroom(1);
    const exam = await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, {
      token: app.users.instructor.token,
      body: { title: 'Final exam', kind: 'exam', weight: 60, maxScore: 100 },
    });
    assert.equal(exam.status, 201, JSON.stringify(exam.body));
    const listed = () => app.api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token }).then((r) => r.body.items);
    const before = await listed();
    for (const body of [{ title: null }, { weight: 101 }, { kind: 'essay' }, { dueAt: 'tomorrow' }, { offeringId }, { title: '' }]) {
      assert.equal((await app.api.patch(`/api/v1/assessments/${exam.body.id}`, { token: app.users.instructor.token, body })).status, 400, JSON.stringify(body));
    }
    assert.equal((await app.api.patch(`/api/v1/assessments/${exam.body.id}`, { token: app.users.otherInstructor.token, body: { title: 'Mine now' } })).status, 404, 'not their offering');
    assert.equal((await app.api.patch(`/api/v1/assessments/${exam.body.id}`, { token: people[0]!.token, body: { title: 'Easy' } })).status, 403);
    assert.equal((await app.api.patch(`/api/v1/assessments/${randomUUID()}`, { token: app.admin.token, body: { title: 'Ghost' } })).status, 404);
    assert.deepEqual(await listed(), before);
  });

  it('never scores an attempt against questions that an edit replaced at the same moment', async () => {
    const { offeringId, people } = await classroom(8);
    const question = { prompt: 'Capital of Rwanda?', choices: ['Kigali', 'Huye'], correct: [0], points: 1 };
    for (const trainee of people) {
      const quiz = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: { title: 'Race', kind: 'quiz', weight: 1, questions: [question] } })).body;
      const [edit, attempt] = await Promise.all([
        app.api.patch(`/api/v1/assessments/${quiz.id}`, { token: app.users.instructor.token, body: { questions: [{ ...question, correct: [1] }] } }),
        app.api.post(`/api/v1/assessments/${quiz.id}/submissions`, { token: trainee.token, body: { answers: { [quiz.questions[0].id]: [0] } } }),
      ]);
      // Either the attempt came first (the edit is refused) or the edit did (the old question no longer exists).
      const outcome = [edit.status, attempt.status].join(' ');
      assert.ok(outcome === '409 201' || outcome === '200 400', outcome);
    }
  });

  it('never keeps a grade above a maxScore that an edit lowered at the same moment', async () => {
    const { offeringId, enrollments } = await classroom(8);
    for (const enrollmentId of enrollments) {
      const exam = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: { title: 'Race', kind: 'exam', weight: 1, maxScore: 100 } })).body;
      const [edit, grade] = await Promise.all([
        app.api.patch(`/api/v1/assessments/${exam.id}`, { token: app.users.instructor.token, body: { maxScore: 10 } }),
        app.api.request('PUT', `/api/v1/assessments/${exam.id}/grades/${enrollmentId}`, { token: app.users.instructor.token, body: { score: 50 } }),
      ]);
      const outcome = [edit.status, grade.status].join(' ');
      assert.ok(outcome === '409 200' || outcome === '200 400', outcome);
    }
  });

  it('deletes an assessment without results; refuses once submitted or graded', async () => {
    const { offeringId, enrollments } = await classroom(1);
    const create = async (title: string) =>
      (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: { title, kind: 'exam', weight: 50, maxScore: 100 } })).body.id as string;
    const spare = await create('Spare');
    const graded = await create('Graded');
    assert.equal((await del(`/api/v1/assessments/${spare}`, app.users.otherInstructor.token)).status, 404);
    const gone = await del(`/api/v1/assessments/${spare}`, app.users.instructor.token);
    assert.equal(gone.status, 204);
    assert.equal((await del(`/api/v1/assessments/${spare}`, app.users.instructor.token)).status, 404);
    const remaining = await app.api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token });
    assert.deepEqual(remaining.body.items.map((a: { id: string }) => a.id), [graded]);

    await app.api.request('PUT', `/api/v1/assessments/${graded}/grades/${enrollments[0]}`, { token: app.users.instructor.token, body: { score: 70 } });
    const refused = await del(`/api/v1/assessments/${graded}`, app.admin.token);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'ASSESSMENT_HAS_RESULTS');
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token })).body.items.length, 1);

    const [row] = await app.db.query(`SELECT actor_id, before FROM audit_log WHERE action = 'assessment.deleted' AND entity_id = $1`, [spare]);
    assert.equal(row.actor_id, app.users.instructor.id);
    assert.equal(row.before.title, 'Spare');
    assert.equal(row.before.offeringId, offeringId);
    const trail = await app.api.get('/api/v1/audit?entity=assessment&limit=100', { token: app.admin.token });
    assert.equal(trail.status, 200);
    assert.ok(trail.body.items.some((r: { action: string; entityId: string }) => r.action === 'assessment.deleted' && r.entityId === spare), 'admins find it in the audit trail');
  });

  it('changes no assessment of a finalised offering', async () => {
    const { offeringId } = await finalisedClass(app.api, app.admin, 1);
    const [exam] = (await app.api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: app.admin.token })).body.items;
    const retitle = await app.api.patch(`/api/v1/assessments/${exam.id}`, { token: app.admin.token, body: { title: 'Renamed after the fact' } });
    assert.deepEqual([retitle.status, retitle.body.code], [409, 'OFFERING_FINALIZED']);
    const remove = await del(`/api/v1/assessments/${exam.id}`, app.admin.token);
    assert.deepEqual([remove.status, remove.body.code], [409, 'OFFERING_FINALIZED']);
  });

  it('shows the trainees’ profile on the roster', async () => {
    const { offeringId } = await classroom(0);
    const email = uniqueEmail('roster');
    const registered = await app.api.post('/api/v1/auth/register', {
      body: { email, password: 'correct-horse-battery', fullName: 'Aïcha Traoré', gender: 'female', nationality: 'MLI', category: 'police', rank: 'Commissaire', organization: 'Police nationale du Mali' },
    });
    assert.equal(registered.status, 201);
    const login = await app.api.login(email, 'correct-horse-battery');
    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/enrollments`, { token: login.body.accessToken })).status, 201);

    for (const token of [app.users.instructor.token, app.admin.token]) {
      const roster = await app.api.get(`/api/v1/offerings/${offeringId}/enrollments`, { token });
      assert.equal(roster.status, 200);
      assert.deepEqual(roster.body.items[0].user, {
        id: registered.body.id,
        email,
        fullName: 'Aïcha Traoré',
        gender: 'female',
        nationality: 'MLI',
        category: 'police',
        rank: 'Commissaire',
        organization: 'Police nationale du Mali',
      });
    }
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/enrollments`, { token: app.users.otherInstructor.token })).status, 403);
  });

  it('previews a bulk nomination row by row, seats and waitlist included, and writes nothing', async () => {
    const { offeringId } = await classroom(1, { capacity: 3 });
    const [existing] = await app.api.quickUsers(1);
    const newcomer = uniqueEmail('nominee');
    const csv = [
      'email,fullName,gender,nationality,category,rank,organization',
      `${existing!.email},,,,,,`,
      `${newcomer},Jean Habimana,male,RWA,military,Major,Rwanda Defence Force`,
      `${uniqueEmail('late')},Late Comer,,,,,`,
      `not-an-email,Broken Row,,,,,`,
      `${existing!.email},,,,,,`,
    ].join('\n');
    const count = async () => (await app.db.query(`SELECT (SELECT count(*) FROM enrollments)::int AS e, (SELECT count(*) FROM users)::int AS u, (SELECT count(*) FROM audit_log)::int AS a`))[0];
    const seatsBefore = (await app.api.get(`/api/v1/offerings/${offeringId}`)).body;
    const countsBefore = await count();

    const preview = await app.api.post(`/api/v1/offerings/${offeringId}/enrollments/bulk?dryRun=true`, { token: app.admin.token, raw: csv, headers: { 'content-type': 'text/csv' } });
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.dryRun, true);
    assert.deepEqual(
      preview.body.results.map((r: { row: number; outcome: string; code?: string; userCreated?: boolean; enrollment?: { status: string } }) => [r.row, r.outcome, r.enrollment?.status ?? r.code, r.userCreated ?? false]),
      [
        [1, 'enrolled', 'approved', false],
        [2, 'enrolled', 'approved', true],
        [3, 'enrolled', 'waitlisted', true],
        [4, 'error', 'ENROLLMENT_BULK_INVALID_ROW', false],
        [5, 'error', 'ENROLLMENT_BULK_DUPLICATE_ROW', false],
      ],
    );
    assert.equal(preview.body.results[1].enrollment.user.organization, 'Rwanda Defence Force');
    assert.deepEqual(preview.body.summary, { rows: 5, enrolled: 3, waitlisted: 1, failed: 2, usersCreated: 2 });

    assert.deepEqual(await count(), countsBefore, 'no enrolment, user or audit record written');
    const seatsAfter = (await app.api.get(`/api/v1/offerings/${offeringId}`)).body;
    assert.deepEqual([seatsAfter.seatsTaken, seatsAfter.waitlistLength], [seatsBefore.seatsTaken, seatsBefore.waitlistLength]);
    assert.equal((await app.db.query('SELECT 1 FROM users WHERE email = $1', [newcomer])).length, 0);

    // The real run does what the preview said.
    const real = await app.api.post(`/api/v1/offerings/${offeringId}/enrollments/bulk`, { token: app.admin.token, raw: csv, headers: { 'content-type': 'text/csv' } });
    assert.equal(real.body.dryRun, false);
    assert.deepEqual(
      real.body.results.map((r: { outcome: string; enrollment?: { status: string } }) => [r.outcome, r.enrollment?.status]),
      preview.body.results.map((r: { outcome: string; enrollment?: { status: string } }) => [r.outcome, r.enrollment?.status]),
    );
    assert.deepEqual(real.body.summary, preview.body.summary);

    const json = await app.api.post(`/api/v1/offerings/${offeringId}/enrollments/bulk?dryRun=true`, { token: app.admin.token, body: { emails: [uniqueEmail('json')] } });
    assert.deepEqual([json.status, json.body.dryRun, json.body.results[0].enrollment.status], [200, true, 'waitlisted']);
    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/enrollments/bulk?dryRun=maybe`, { token: app.admin.token, body: { emails: [newcomer] } })).status, 400);
    assert.equal((await app.api.post(`/api/v1/offerings/${randomUUID()}/enrollments/bulk?dryRun=true`, { token: app.admin.token, body: { emails: [newcomer] } })).status, 404);
  });

  it('kept every offering’s waitlist length true through a bulk preview rolled back', () => assertWaitlistCounts(app.db));
});
