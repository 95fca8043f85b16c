import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { AdvisoryLock } from '@amahoro/database/advisory-locks.js';
import { taughtClass } from './support/classroom.js';
import { createCourse, createOffering, day } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { untilWaitingOnAdvisoryLock, untilWaitingOnLock, withHeldTransaction } from './support/locks.js';

describe('assessments, grading, attendance and final results', () => {
  const app = useApp({ users: { instructor: 'instructor', stranger: 'instructor' } });

  /** A course (pass mark 70) with one offering (75% attendance to pass) taught by `instructor`, and enrolled trainees. */
  const classroom = (trainees: number, offering: Record<string, unknown> = {}, course: Record<string, unknown> = {}) =>
    taughtClass(app.api, app.admin, { instructor: app.users.instructor, trainees, offering: { minAttendancePercent: 75, ...offering }, course: { passMark: 70, ...course } });

  const quizBody = (overrides: Record<string, unknown> = {}) => ({
    title: 'Grave violations against children',
    kind: 'quiz',
    weight: 40,
    maxAttempts: 2,
    attemptPolicy: 'best',
    questions: [
      { prompt: 'Which are grave violations?', choices: ['Killing and maiming', 'Recruitment and use', 'School feeding', 'Abduction'], correct: [0, 1, 3], points: 3, scoring: 'partial' },
      { prompt: 'The Security Council resolution on children and armed conflict (2005)?', choices: ['1325', '1612', '2250'], correct: [1], points: 2 },
      { prompt: 'Peacekeepers may detain children as combatants indefinitely.', choices: ['True', 'False'], correct: [1], points: 1 },
    ],
    ...overrides,
  });

  it('auto-grades a quiz with partial credit, hides answer keys and limits attempts', async () => {
    const { offeringId, people } = await classroom(1);
    const [trainee] = people;
    const created = await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: quizBody() });
    assert.equal(created.status, 201);
    assert.equal(created.body.maxScore, 6);
    const [q1, q2, q3] = created.body.questions.map((q: { id: string }) => q.id);
    assert.deepEqual(created.body.questions[0].correct, [0, 1, 3], 'staff see the key');

    const seen = await app.api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: trainee!.token });
    assert.equal(seen.status, 200);
    assert.ok(seen.body.items[0].questions.every((q: object) => !('correct' in q)), 'trainees never see the key');
    assert.ok(!JSON.stringify(seen.body).includes('"correct"'));

    const first = await app.api.post(`/api/v1/assessments/${created.body.id}/submissions`, {
      token: trainee!.token,
      body: { answers: { [q1]: [0, 1, 2], [q2]: [1], [q3]: [0] } },
    });
    assert.equal(first.status, 201);
    assert.equal(first.body.score, 3, 'q1: (2 right − 1 wrong)/3 × 3 = 1, q2: 2, q3: 0');
    assert.equal(first.body.attempt, 1);
    assert.equal(first.body.review, undefined, 'no per-question results while an attempt is left');
    const listed = await app.api.get(`/api/v1/assessments/${created.body.id}/submissions`, { token: trainee!.token });
    assert.ok(listed.body.every((s: object) => !('review' in s)));

    const partial = await app.api.post(`/api/v1/assessments/${created.body.id}/submissions`, { token: trainee!.token, body: { answers: { [q1]: [0] } } });
    assert.equal(partial.status, 400, 'every question must be answered');
    assert.equal(partial.body.code, 'SUBMISSION_INVALID_ANSWERS');
    const empty = await app.api.post(`/api/v1/assessments/${created.body.id}/submissions`, { token: trainee!.token, body: { answers: { [q1]: [0], [q2]: [], [q3]: [1] } } });
    assert.equal(empty.status, 400, 'an empty pick is no answer');

    const second = await app.api.post(`/api/v1/assessments/${created.body.id}/submissions`, {
      token: trainee!.token,
      body: { answers: { [q1]: [0], [q2]: [0], [q3]: [0] } },
    });
    assert.equal(second.body.score, 1);
    assert.equal(second.body.gradeScore, 3, 'the best attempt counts');
    // No attempt left: now the trainee sees which questions were right.
    assert.deepEqual(second.body.review.map((r: { correct: boolean; points: number }) => [r.correct, r.points]), [[false, 1], [false, 0], [false, 0]]);
    const reviewed = await app.api.get(`/api/v1/assessments/${created.body.id}/submissions`, { token: trainee!.token });
    assert.deepEqual(reviewed.body[0].review.map((r: { correct: boolean }) => r.correct), [false, true, false]);

    const third = await app.api.post(`/api/v1/assessments/${created.body.id}/submissions`, { token: trainee!.token, body: { answers: {} } });
    assert.equal(third.status, 409);
    assert.equal(third.body.code, 'SUBMISSION_NO_ATTEMPTS_LEFT');

    const mine = await app.api.get('/api/v1/me/grades', { token: trainee!.token });
    assert.deepEqual(mine.body.items.map((g: { score: number }) => g.score), [3]);
  });

  it('gives a quiz one attempt unless the instructor allows more, and shows per-question results after the due date', async () => {
    const { offeringId, people } = await classroom(2);
    const quiz = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: quizBody({ maxAttempts: undefined }) })).body;
    assert.equal(quiz.maxAttempts, 1);
    const answers = Object.fromEntries(quiz.questions.map((q: { id: string }) => [q.id, [1]]));
    const only = await app.api.post(`/api/v1/assessments/${quiz.id}/submissions`, { token: people[0]!.token, body: { answers } });
    assert.equal(only.status, 201);
    assert.equal(only.body.review.length, 3);
    const again = await app.api.post(`/api/v1/assessments/${quiz.id}/submissions`, { token: people[0]!.token, body: { answers } });
    assert.equal(again.body.code, 'SUBMISSION_NO_ATTEMPTS_LEFT');

    const pastDue = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, {
      token: app.users.instructor.token,
      body: quizBody({ maxAttempts: 5, dueAt: new Date(Date.now() - 60_000).toISOString() }),
    })).body;
    const late = await app.api.post(`/api/v1/assessments/${pastDue.id}/submissions`, {
      token: people[1]!.token,
      body: { answers: Object.fromEntries(pastDue.questions.map((q: { id: string }) => [q.id, [1]])) },
    });
    assert.equal(late.body.late, true);
    assert.equal(late.body.review.length, 3, 'after the due date the results are shown');
  });

  it('refuses malformed quiz answers and the wrong kind of submission', async () => {
    const { offeringId, people } = await classroom(1);
    const quiz = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: quizBody({ maxAttempts: 10 }) })).body;
    const q1 = quiz.questions[0].id;
    const bad = [
      { answers: { [randomUUID()]: [0] } },
      { answers: { [q1]: [7] } },
      { answers: { [q1]: 0 } },
      { answers: { [q1]: [0, 0] } },
      { text: 'an essay' },
      { answers: 'all of them' },
      {},
    ];
    for (const body of bad) {
      const reply = await app.api.post(`/api/v1/assessments/${quiz.id}/submissions`, { token: people[0]!.token, body });
      assert.equal(reply.status, 400, JSON.stringify(body));
    }
    assert.deepEqual((await app.api.get(`/api/v1/assessments/${quiz.id}/submissions`, { token: people[0]!.token })).body, [], 'nothing refused was recorded');
    const answers = Object.fromEntries(quiz.questions.map((q: { id: string }) => [q.id, [1]]));
    const good = await app.api.post(`/api/v1/assessments/${quiz.id}/submissions`, { token: people[0]!.token, body: { answers } });
    assert.deepEqual([good.status, good.body.attempt], [201, 1], 'no refused submission took an attempt');
  });

  it('validates assessments: quiz shape, weights, maxScore, staff only', async () => {
    const { offeringId, people } = await classroom(1);
    const post = (token: string, body: unknown) => app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token, body });
    assert.equal((await post(app.users.instructor.token, quizBody({ questions: [] }))).status, 400);
    assert.equal((await post(app.users.instructor.token, quizBody({ maxScore: 99 }))).body.code, 'ASSESSMENT_MAX_SCORE_MISMATCH');
    assert.equal((await post(app.users.instructor.token, { title: 'Essay', kind: 'assignment', weight: 20 })).body.code, 'ASSESSMENT_MAX_SCORE_REQUIRED');
    assert.equal((await post(app.users.instructor.token, { title: 'Essay', kind: 'assignment', weight: 120, maxScore: 10 })).status, 400);
    assert.equal((await post(app.users.instructor.token, quizBody({ questions: [{ prompt: 'x', choices: ['a', 'b'], correct: [2], points: 1 }] }))).status, 400);
    assert.equal((await post(app.users.instructor.token, { title: 'Essay', kind: 'assignment', weight: 20, maxScore: 10, questions: quizBody().questions })).status, 400);
    assert.equal((await post(app.users.stranger.token, { title: 'Essay', kind: 'assignment', weight: 20, maxScore: 10 })).status, 403);
    assert.equal((await post(people[0]!.token, { title: 'Essay', kind: 'assignment', weight: 20, maxScore: 10 })).status, 403);
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.stranger.token })).status, 403);
    assert.deepEqual((await app.api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token })).body.items, [], 'nothing refused was created');
  });

  it('grades an assignment, regrades with history, and shows each trainee only their own grades', async () => {
    const { offeringId, people, enrollments } = await classroom(2);
    const essay = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, {
      token: app.users.instructor.token,
      body: { title: 'Protection plan for a village', kind: 'assignment', weight: 60, maxScore: 100, dueAt: new Date(Date.now() - 60_000).toISOString() },
    })).body;
    const handedIn = await app.api.post(`/api/v1/assessments/${essay.id}/submissions`, { token: people[0]!.token, body: { text: 'My plan…' } });
    assert.equal(handedIn.status, 201);
    assert.equal(handedIn.body.late, true, 'after the due date it is flagged late');

    const url = `/api/v1/assessments/${essay.id}/grades/${enrollments[0]}`;
    const first = await app.api.request('PUT', url, { token: app.users.instructor.token, body: { score: 62, feedback: 'Good analysis; the plan lacks early warning.' } });
    assert.equal(first.status, 200);
    assert.equal(first.body.version, 1);
    const second = await app.api.request('PUT', url, { token: app.admin.token, body: { score: 71.5, reason: 'Re-marked after appeal' } });
    assert.equal(second.body.version, 2);
    assert.equal(second.body.feedback, 'Good analysis; the plan lacks early warning.', 'feedback kept when not sent');
    const same = await app.api.request('PUT', url, { token: app.admin.token, body: { score: 71.5 } });
    assert.equal(same.body.version, 2, 'an unchanged grade makes no version');

    const history = await app.api.get(`${url}/history`, { token: people[0]!.token });
    assert.equal(history.status, 200);
    assert.deepEqual(
      history.body.map((v: { version: number; score: number; previousScore?: number; reason?: string; changedBy: { id: string } }) => [v.version, v.score, v.previousScore, v.reason, v.changedBy.id]),
      [
        [1, 62, undefined, undefined, app.users.instructor.id],
        [2, 71.5, 62, 'Re-marked after appeal', app.admin.id],
      ],
    );
    assert.equal((await app.api.get(`${url}/history`, { token: people[1]!.token })).status, 404, 'another trainee');
    assert.equal((await app.api.get(`${url}/history`, { token: app.users.stranger.token })).status, 404, 'an instructor of another offering');

    assert.equal((await app.api.request('PUT', url, { token: app.users.stranger.token, body: { score: 100 } })).status, 404);
    assert.equal((await app.api.request('PUT', url, { token: people[0]!.token, body: { score: 100 } })).status, 403);
    assert.equal((await app.api.request('PUT', url, { token: app.users.instructor.token, body: { score: 101 } })).body.code, 'GRADE_SCORE_OUT_OF_RANGE');
    assert.equal((await app.api.request('PUT', url, { token: app.users.instructor.token, body: { score: 'ten' } })).status, 400);
    assert.equal((await app.api.request('PUT', `/api/v1/assessments/${essay.id}/grades/${randomUUID()}`, { token: app.users.instructor.token, body: { score: 1 } })).status, 404);

    const theirs = await app.api.get('/api/v1/me/grades', { token: people[1]!.token });
    assert.deepEqual(theirs.body.items, []);
    const submissions = await app.api.get(`/api/v1/assessments/${essay.id}/submissions`, { token: people[1]!.token });
    assert.deepEqual(submissions.body, [], 'a trainee sees only their own submissions');
    const [outsider] = await app.api.quickUsers(1);
    assert.equal((await app.api.get(`/api/v1/assessments/${essay.id}/submissions`, { token: outsider!.token })).status, 404, 'a trainee outside the offering');
    assert.equal((await app.api.get(`/api/v1/assessments/${essay.id}/submissions`, { token: app.users.instructor.token })).body.length, 1);
    assert.equal((await app.api.get(`/api/v1/assessments/${essay.id}/submissions`, { token: app.users.stranger.token })).status, 404);
  });

  it('takes an offering away from an instructor demoted to trainee at once: role and assignment both count', async () => {
    const [teacher] = await app.api.quickUsers(1, 'instructor');
    const { id: courseId } = await createCourse(app.api, app.admin, {}, false);
    const { id: offeringId } = await createOffering(app.api, app.admin, courseId, { instructorIds: [teacher!.id] });
    const enrolment = await app.api.post(`/api/v1/offerings/${offeringId}/enrollments`, { token: app.admin.token, body: { userId: (await app.api.quickUsers(1))[0]!.id } });
    assert.equal(enrolment.status, 201);
    const reads = async () => [
      (await app.api.get(`/api/v1/offerings/${offeringId}/enrollments`, { token: teacher!.token })).status,
      (await app.api.get(`/api/v1/enrollments/${enrolment.body.id}`, { token: teacher!.token })).status,
      (await app.api.get(`/api/v1/offerings/${offeringId}`, { token: teacher!.token })).status,
      (await app.api.get(`/api/v1/offerings/${offeringId}/gradebook`, { token: teacher!.token })).status,
    ];
    assert.deepEqual(await reads(), [200, 200, 200, 200]);
    assert.equal((await app.api.patch(`/api/v1/users/${teacher!.id}`, { token: app.admin.token, body: { role: 'trainee' } })).status, 200);
    assert.deepEqual(await reads(), [403, 404, 404, 403]);
  });

  it('grades in bulk: one bad row is reported, the good ones written', async () => {
    const { offeringId, enrollments } = await classroom(3);
    const exam = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, {
      token: app.users.instructor.token,
      body: { title: 'Final exam', kind: 'exam', weight: 100, maxScore: 50 },
    })).body;
    const reply = await app.api.post(`/api/v1/assessments/${exam.id}/grades`, {
      token: app.users.instructor.token,
      body: {
        grades: [
          { enrollmentId: enrollments[0], score: 45, feedback: 'Excellent' },
          { enrollmentId: enrollments[1], score: 55 },
          { enrollmentId: randomUUID(), score: 10 },
          { enrollmentId: enrollments[2], score: 30 },
          { enrollmentId: enrollments[0], score: 40 },
        ],
      },
    });
    assert.equal(reply.status, 200);
    assert.deepEqual(
      reply.body.results.map((r: { row: number; outcome: string; code?: string }) => [r.row, r.outcome, r.code]),
      [
        [1, 'graded', undefined],
        [2, 'error', 'GRADE_SCORE_OUT_OF_RANGE'],
        [3, 'error', 'GRADE_ENROLLMENT_NOT_FOUND'],
        [4, 'graded', undefined],
        [5, 'error', 'GRADE_DUPLICATE_ROW'],
      ],
    );
    assert.equal(reply.body.graded, 2);
    assert.equal(reply.body.failed, 3);
    const book = (await app.api.get(`/api/v1/offerings/${offeringId}/gradebook`, { token: app.users.instructor.token })).body;
    const scores = book.rows.map((r: { enrollmentId: string; scores: Record<string, number | null> }) => [r.enrollmentId, r.scores[exam.id]]);
    assert.deepEqual(new Map(scores), new Map([[enrollments[0], 45], [enrollments[1], null], [enrollments[2], 30]]));
    assert.equal((await app.api.post(`/api/v1/assessments/${exam.id}/grades`, { token: app.users.instructor.token, body: { grades: [] } })).status, 400);
  });

  it('checks the enrolments of a bulk grading in its write: every refused row named, status before score, feedback kept or removed', async () => {
    const { offeringId, enrollments } = await classroom(3);
    const [kept, left, cleared] = enrollments as [string, string, string];
    assert.equal((await app.api.post(`/api/v1/enrollments/${left}/withdraw`, { token: app.admin.token, body: {} })).status, 200);
    const exam = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: { title: 'Exam', kind: 'exam', weight: 100, maxScore: 50 } })).body;
    const grade = (grades: unknown[]) => app.api.post(`/api/v1/assessments/${exam.id}/grades`, { token: app.users.instructor.token, body: { grades } });
    assert.equal((await grade([{ enrollmentId: kept, score: 30, feedback: 'Kept' }, { enrollmentId: cleared, score: 30, feedback: 'Gone' }])).status, 200);
    const stranger = randomUUID();
    const reply = await grade([
      { enrollmentId: left, score: 99 },
      { enrollmentId: stranger, score: 99 },
      { enrollmentId: left, score: 10 },
      { enrollmentId: kept, score: 40 },
      { enrollmentId: cleared, score: 30, feedback: '' },
      { enrollmentId: kept, score: 99 },
    ]);
    assert.deepEqual(
      reply.body.results.map((r: { outcome: string; code?: string; grade?: { score: number; feedback?: string; version: number } }) => [r.outcome, r.code, r.grade?.score, r.grade?.feedback, r.grade?.version]),
      [
        ['error', 'GRADE_ENROLLMENT_NOT_GRADABLE', undefined, undefined, undefined],
        ['error', 'GRADE_ENROLLMENT_NOT_FOUND', undefined, undefined, undefined],
        ['error', 'GRADE_ENROLLMENT_NOT_GRADABLE', undefined, undefined, undefined],
        ['graded', undefined, 40, 'Kept', 2],
        ['graded', undefined, 30, undefined, 2],
        ['error', 'GRADE_SCORE_OUT_OF_RANGE', undefined, undefined, undefined],
      ],
    );
    assert.deepEqual([reply.body.graded, reply.body.failed], [2, 4]);
    const shouted = await grade([{ enrollmentId: left.toUpperCase(), score: 1 }, { enrollmentId: cleared.toUpperCase(), score: 31 }, { enrollmentId: cleared, score: 32 }]);
    assert.deepEqual(
      shouted.body.results.map((r: { enrollmentId: string; code?: string }) => [r.enrollmentId, r.code]),
      [[left, 'GRADE_ENROLLMENT_NOT_GRADABLE'], [cleared, undefined], [cleared, 'GRADE_DUPLICATE_ROW']],
      'an id in capitals is the same enrolment',
    );
    const again = await grade([{ enrollmentId: kept, score: 40 }]);
    assert.deepEqual(
      again.body.results.map((r: { outcome: string; grade: { feedback?: string; version: number; gradedAt: string } }) => [r.outcome, r.grade.feedback, r.grade.version, r.grade.gradedAt]),
      [['unchanged', 'Kept', 2, reply.body.results[3].grade.gradedAt]],
    );
  });

  it('writes each changed grade of a bulk grading with its version and audit record, and nothing for an unchanged one', async () => {
    const { offeringId, enrollments } = await classroom(2);
    const exam = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: { title: 'Exam', kind: 'exam', weight: 100, maxScore: 100 } })).body;
    const grade = (grades: unknown[], reason?: string) => app.api.post(`/api/v1/assessments/${exam.id}/grades`, { token: app.users.instructor.token, body: { grades, reason } });
    await grade([{ enrollmentId: enrollments[0], score: 60, feedback: 'Good' }, { enrollmentId: enrollments[1], score: 70 }]);
    const again = await grade([{ enrollmentId: enrollments[0], score: 60 }, { enrollmentId: enrollments[1], score: 75, feedback: 'Better' }], 'Second marking');
    assert.deepEqual(
      again.body.results.map((r: { outcome: string; grade: { score: number; feedback?: string; version: number; gradedBy: string } }) => [r.outcome, r.grade.score, r.grade.feedback, r.grade.version, r.grade.gradedBy]),
      [
        ['unchanged', 60, 'Good', 1, app.users.instructor.id],
        ['graded', 75, 'Better', 2, app.users.instructor.id],
      ],
    );
    const history = (await app.api.get(`/api/v1/assessments/${exam.id}/grades/${enrollments[1]}/history`, { token: app.users.instructor.token })).body;
    assert.deepEqual(history.map((v: { version: number; score: number; previousScore?: number; reason?: string }) => [v.version, v.score, v.previousScore, v.reason]), [
      [1, 70, undefined, undefined],
      [2, 75, 70, 'Second marking'],
    ]);
    // Oldest first, whatever order the trail lists them in.
    const trail = async (enrollmentId: string) =>
      (await app.api.get(`/api/v1/audit?entityId=${encodeURIComponent(`${exam.id}:${enrollmentId}`)}&limit=100`, { token: app.admin.token })).body.items
        .sort((x: { after: { version: number } }, y: { after: { version: number } }) => x.after.version - y.after.version)
        .map((r: { action: string; actor: { id: string }; before: unknown; after: unknown }) => [r.action, r.actor.id, r.before, r.after]);
    assert.deepEqual(await trail(enrollments[0]!), [['grade.set', app.users.instructor.id, undefined, { score: 60, feedback: 'Good', version: 1, reason: null }]], 'an unchanged row is not audited again');
    assert.deepEqual(await trail(enrollments[1]!), [
      ['grade.set', app.users.instructor.id, undefined, { score: 70, feedback: null, version: 1, reason: null }],
      ['grade.changed', app.users.instructor.id, { score: 70, feedback: null }, { score: 75, feedback: 'Better', version: 2, reason: 'Second marking' }],
    ]);
    for (const body of [{ grades: [[]] }, { grades: [{ enrollmentId: enrollments[0], score: 1, extra: true }] }, { grades: [{ enrollmentId: enrollments[0], score: 1.005 }] }, { grades: [{ enrollmentId: 'nope', score: 1 }] }]) {
      const refused = await app.api.post(`/api/v1/assessments/${exam.id}/grades`, { token: app.users.instructor.token, body });
      assert.deepEqual([refused.status, refused.body.code], [400, 'VALIDATION_FAILED'], JSON.stringify(body));
    }
  });

  it('scores a quiz attempt while a bulk grading of the same trainee holds the grade writers\' turn: no deadlock', async () => {
    const { offeringId, people, enrollments } = await classroom(1);
    const quiz = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: quizBody() })).body;
    const answers = Object.fromEntries(quiz.questions.map((q: { id: string }) => [q.id, [1]]));
    // A bulk grading's transaction, held open: it has the assessment's turn, and its write is to come.
    await withHeldTransaction(app.db, async (grading) => {
      await grading.query('SELECT pg_advisory_xact_lock($1, hashtext($2::uuid::text))', [AdvisoryLock.Grades, quiz.id]);
      // The attempt locks its enrolment, records itself and then waits for the turn.
      const attempt = app.api.post(`/api/v1/assessments/${quiz.id}/submissions`, { token: people[0]!.token, body: { answers } });
      await untilWaitingOnAdvisoryLock(app.db, AdvisoryLock.Grades, 'the attempt waits for the turn');
      // The grading's write checks the foreign key to the enrolment: PostgreSQL takes FOR KEY SHARE on its row.
      // Under the attempt's FOR UPDATE this waited for the attempt, which waited for the turn: a deadlock.
      await grading.query(`SET LOCAL lock_timeout = '5s'`);
      await grading.query('SELECT id FROM enrollments WHERE id = $1 FOR KEY SHARE', [enrollments[0]]);
      await grading.commitTransaction();
      const scored = await attempt;
      assert.equal(scored.status, 201, JSON.stringify(scored.body));
    });
  });

  it('an assessment made while the offering is being finalised waits for it, then is refused: none lands on a final offering', async () => {
    const { offeringId } = await classroom(1);
    // A finalising, held open: it has the offering's lock and has marked it completed.
    await withHeldTransaction(app.db, async (finalising) => {
      await finalising.query('SELECT id FROM offerings WHERE id = $1 FOR NO KEY UPDATE', [offeringId]);
      await finalising.query('UPDATE offerings SET completed_at = now(), updated_at = now() WHERE id = $1', [offeringId]);
      let answered = false;
      const created = app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: { title: 'Late exam', kind: 'exam', weight: 10, maxScore: 100 } });
      void created.then(() => (answered = true));
      // Without a lock of its own the assessment read the offering open and went in at once (its foreign-key
      // check does not conflict with the finalising's lock): on a final offering once that commits.
      await untilWaitingOnLock(app.db, '%"offerings"%FOR SHARE%', 'the assessment waits for the finalising', () => answered);
      await finalising.commitTransaction();
      const reply = await created;
      assert.deepEqual([reply.status, reply.body.code], [409, 'OFFERING_FINALIZED'], JSON.stringify(reply.body));
    });
    assert.deepEqual(await app.db.query('SELECT title FROM assessments WHERE offering_id = $1', [offeringId]), []);
  });

  it('records attendance, computes the gradebook (JSON and CSV), finalises by score and attendance, locks and reopens', async () => {
    const { offeringId, people, enrollments } = await classroom(4, { startsOn: '2026-01-05', endsOn: '2026-01-09', minAttendancePercent: 75 });
    const [passes, failsScore, failsAttendance, nobody] = enrollments;
    const quiz = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: quizBody({ weight: 30 }) })).body;
    const exam = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: { title: 'Exam', kind: 'exam', weight: 50, maxScore: 100 } })).body;

    const early = await app.api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: app.users.instructor.token });
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'OFFERING_WEIGHTS_NOT_100');

    const practical = (await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.users.instructor.token, body: { title: 'Checkpoint drill', kind: 'practical', weight: 20, maxScore: 10 } })).body;
    const [q1, q2, q3] = quiz.questions.map((q: { id: string }) => q.id);
    await app.api.post(`/api/v1/assessments/${quiz.id}/submissions`, { token: people[0]!.token, body: { answers: { [q1]: [0, 1, 3], [q2]: [1], [q3]: [1] } } });
    await app.api.post(`/api/v1/assessments/${exam.id}/grades`, {
      token: app.users.instructor.token,
      body: { grades: [{ enrollmentId: passes, score: 80 }, { enrollmentId: failsScore, score: 40 }, { enrollmentId: failsAttendance, score: 95 }] },
    });
    await app.api.post(`/api/v1/assessments/${practical.id}/grades`, {
      token: app.users.instructor.token,
      body: { grades: [{ enrollmentId: passes, score: 7 }, { enrollmentId: failsScore, score: 10 }, { enrollmentId: failsAttendance, score: 10 }] },
    });
    await app.api.request('PUT', `/api/v1/assessments/${quiz.id}/grades/${failsAttendance}`, { token: app.users.instructor.token, body: { score: 6 } });

    const days = ['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08'];
    for (const day of days) {
      const present = day === '2026-01-05' ? [passes, failsScore, failsAttendance] : [passes, failsScore, nobody];
      const reply = await app.api.request('PUT', `/api/v1/offerings/${offeringId}/attendance/${day}`, { token: app.users.instructor.token, body: { present } });
      assert.equal(reply.status, 200);
    }
    assert.equal((await app.api.request('PUT', `/api/v1/offerings/${offeringId}/attendance/2026-02-30`, { token: app.users.instructor.token, body: { present: [] } })).status, 400);
    assert.equal((await app.api.request('PUT', `/api/v1/offerings/${offeringId}/attendance/2026-03-01`, { token: app.users.instructor.token, body: { present: [] } })).body.code, 'ATTENDANCE_OUTSIDE_DATES');
    assert.equal((await app.api.request('PUT', `/api/v1/offerings/${offeringId}/attendance/2026-01-05`, { token: app.users.instructor.token, body: { present: [randomUUID()] } })).body.code, 'ATTENDANCE_UNKNOWN_ENROLLMENTS');
    assert.equal((await app.api.request('PUT', `/api/v1/offerings/${offeringId}/attendance/2026-01-05`, { token: app.users.stranger.token, body: { present: [] } })).status, 403);

    const book = (await app.api.get(`/api/v1/offerings/${offeringId}/gradebook`, { token: app.users.instructor.token })).body;
    const row = (id: string) => book.rows.find((r: { enrollmentId: string }) => r.enrollmentId === id);
    assert.equal(book.weightsTotal, 100);
    // passes: quiz 6/6 × 30 + exam 80/100 × 50 + drill 7/10 × 20 = 30 + 40 + 14
    assert.equal(row(passes!).weightedTotal, 84);
    assert.equal(row(passes!).attendancePercent, 100);
    assert.equal(row(failsScore!).weightedTotal, 40, '0 + 20 + 20');
    assert.equal(row(failsAttendance!).weightedTotal, 97.5, '30 + 47.5 + 20');
    assert.equal(row(failsAttendance!).attendancePercent, 25);

    const csv = await app.api.get(`/api/v1/offerings/${offeringId}/gradebook`, { token: app.admin.token, headers: { accept: 'text/csv' } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type')!, /^text\/csv/);
    const lines = String(csv.body).trim().split('\r\n');
    assert.equal(lines.length, 5);
    assert.equal(
      lines[0],
      'email,fullName,status,"Grave violations against children (/6, 30%)","Exam (/100, 50%)","Checkpoint drill (/10, 20%)",attendancePercent,weightedTotal,finalScore',
    );
    const passLine = lines.find((l) => l.startsWith(people[0]!.email))!;
    assert.match(passLine, /,approved,6,80,7,100,84,$/);
    const byQuery = await app.api.get(`/api/v1/offerings/${offeringId}/gradebook?format=csv`, { token: app.admin.token });
    assert.match(byQuery.headers.get('content-type')!, /^text\/csv/);
    assert.equal(byQuery.body, csv.body, '?format=csv answers as Accept: text/csv does');

    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: app.users.stranger.token })).status, 403);
    const final = await app.api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: app.users.instructor.token });
    assert.equal(final.status, 200);
    assert.deepEqual([final.body.completed, final.body.failed], [1, 3]);
    const status = async (id: string) => (await app.api.get(`/api/v1/enrollments/${id}`, { token: app.admin.token })).body;
    assert.deepEqual([(await status(passes!)).status, (await status(passes!)).finalScore], ['completed', 84]);
    assert.equal((await status(failsScore!)).status, 'failed');
    assert.equal((await status(failsAttendance!)).status, 'failed', 'a high score does not make up for 25% attendance');
    assert.equal((await status(nobody!)).status, 'failed');
    assert.equal((await app.api.get(`/api/v1/offerings/${offeringId}`)).body.status, 'completed');

    const locked = await app.api.request('PUT', `/api/v1/assessments/${exam.id}/grades/${failsScore}`, { token: app.users.instructor.token, body: { score: 90 } });
    assert.equal(locked.status, 409);
    assert.equal(locked.body.code, 'OFFERING_FINALIZED');
    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: app.users.instructor.token })).status, 409);
    assert.equal((await app.api.post(`/api/v1/assessments/${quiz.id}/submissions`, { token: people[1]!.token, body: { answers: {} } })).status, 409);

    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/reopen`, { token: app.users.instructor.token })).status, 403, 'only admins reopen');
    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/reopen`, { token: app.admin.token })).status, 204);
    assert.equal((await status(passes!)).status, 'approved');
    assert.equal((await app.api.request('PUT', `/api/v1/assessments/${exam.id}/grades/${failsScore}`, { token: app.users.instructor.token, body: { score: 100, reason: 'Appeal upheld' } })).status, 200); // 0 + 50 + 20 = 70: the pass mark
    const again = await app.api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: app.admin.token });
    assert.deepEqual([again.body.completed, again.body.failed], [2, 2]);
    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/reopen`, { token: app.admin.token })).status, 204);
    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/reopen`, { token: app.admin.token })).status, 409);
  });

  it('does not record attendance for an online offering', async () => {
    const { offeringId, enrollments } = await classroom(1, {}, { deliveryMode: 'online' });
    const reply = await app.api.request('PUT', `/api/v1/offerings/${offeringId}/attendance/${day(31)}`, {
      token: app.users.instructor.token,
      body: { present: enrollments },
    });
    assert.equal(reply.status, 409);
    assert.equal(reply.body.code, 'ATTENDANCE_NOT_APPLICABLE');
  });
});
