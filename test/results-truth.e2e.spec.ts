// Results and certificates that stay true (issue 9): finalise only after the end, settle the loose ends,
// revoke what a re-assessment took away, show the re-issue trail, count a bulk issue truthfully.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getQueueToken } from '@nestjs/bullmq';
import { type Queue, Worker } from 'bullmq';
import { eventually, finalisedClass } from './support/classroom.js';
import { createCourse, createOffering, pastDates } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { assertWaitlistCounts } from './support/waitlist.js';

describe('results and certificates that stay true', () => {
  const app = useApp({ worker: true });

  const certificates = (offeringId: string) => app.api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token }).then((r) => r.body);

  it('finalises an offering only once it has ended: 409 OFFERING_NOT_ENDED before, nothing changed', async () => {
    const course = await createCourse(app.api, app.admin);
    const future = await createOffering(app.api, app.admin, course.id);
    const [trainee] = await app.api.quickUsers(1);
    const enrolment = (await app.api.post(`/api/v1/offerings/${future.id}/enrollments`, { token: trainee!.token })).body;
    await app.api.post(`/api/v1/offerings/${future.id}/assessments`, { token: app.admin.token, body: { title: 'Exam', kind: 'exam', weight: 100, maxScore: 100 } });
    const early = await app.api.post(`/api/v1/offerings/${future.id}/finalize`, { token: app.admin.token });
    assert.equal(early.status, 409);
    assert.equal(early.body.code, 'OFFERING_NOT_ENDED');
    assert.equal((await app.api.get(`/api/v1/enrollments/${enrolment.id}`, { token: app.admin.token })).body.status, 'approved');
    assert.equal((await app.api.get(`/api/v1/offerings/${future.id}`)).body.status, 'open');

    const today = new Date().toISOString().slice(0, 10);
    const endsToday = await createOffering(app.api, app.admin, course.id, { startsOn: pastDates().startsOn, endsOn: today });
    await app.api.post(`/api/v1/offerings/${endsToday.id}/assessments`, { token: app.admin.token, body: { title: 'Exam', kind: 'exam', weight: 100, maxScore: 100 } });
    assert.equal((await app.api.post(`/api/v1/offerings/${endsToday.id}/finalize`, { token: app.admin.token })).status, 200, 'its last day counts as ended');
  });

  it('settles the pending and waitlisted as not_admitted, and says why each failed', async () => {
    const course = await createCourse(app.api, app.admin, { passMark: 60 });
    const offering = await createOffering(app.api, app.admin, course.id, { ...pastDates(1, 3), capacity: 3, minAttendancePercent: 50 });
    const people = await app.api.quickUsers(4);
    const ids: string[] = [];
    for (const person of people) ids.push((await app.api.post(`/api/v1/offerings/${offering.id}/enrollments`, { token: person.token })).body.id);
    const [good, lowScore, absent] = ids;
    assert.equal((await app.api.get(`/api/v1/enrollments/${ids[3]}`, { token: app.admin.token })).body.status, 'waitlisted');
    const exam = (await app.api.post(`/api/v1/offerings/${offering.id}/assessments`, { token: app.admin.token, body: { title: 'Exam', kind: 'exam', weight: 100, maxScore: 100 } })).body;
    await app.api.post(`/api/v1/assessments/${exam.id}/grades`, {
      token: app.admin.token,
      body: { grades: [{ enrollmentId: good, score: 80 }, { enrollmentId: lowScore, score: 30 }, { enrollmentId: absent, score: 90 }] },
    });
    const day = offering.startsOn;
    assert.equal((await app.api.request('PUT', `/api/v1/offerings/${offering.id}/attendance/${day}`, { token: app.admin.token, body: { present: [good, lowScore] } })).status, 200);

    const final = await app.api.post(`/api/v1/offerings/${offering.id}/finalize`, { token: app.admin.token });
    assert.equal(final.status, 200, JSON.stringify(final.body));
    assert.deepEqual([final.body.completed, final.body.failed, final.body.notAdmitted], [1, 2, 1]);
    const failedOn = Object.fromEntries(final.body.results.map((r: { enrollmentId: string; failedOn?: string }) => [r.enrollmentId, r.failedOn]));
    assert.deepEqual([failedOn[good!], failedOn[lowScore!], failedOn[absent!]], [undefined, 'score', 'attendance']);
    const status = async (id: string) => (await app.api.get(`/api/v1/enrollments/${id}`, { token: app.admin.token })).body;
    assert.deepEqual([(await status(ids[3]!)).status, (await status(absent!)).failedOn], ['not_admitted', 'attendance']);
    const book = (await app.api.get(`/api/v1/offerings/${offering.id}/gradebook`, { token: app.admin.token })).body;
    assert.equal(book.rows.find((r: { enrollmentId: string }) => r.enrollmentId === lowScore).failedOn, 'score');
    const spec = (await app.api.get('/docs-json')).body;
    assert.ok(spec.components.schemas.EnrollmentResponse.properties.status.enum.includes('not_admitted'));
    assert.deepEqual(spec.components.schemas.EnrollmentResponse.properties.failedOn.enum, ['score', 'attendance', 'both']);
  });

  it('revokes, when finalising again, the certificate of a trainee who no longer passes; keeps it while reopened', async () => {
    const { offeringId, passed } = await finalisedClass(app.api, app.admin, 2);
    await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
    const issued = await eventually(() => certificates(offeringId), (body) => body.counts.issued === 2);
    const loser = passed[0]!;
    const certificate = issued.items.find((c: { enrollmentId: string }) => c.enrollmentId === loser.enrollmentId);
    const credential = String((await app.api.get(`/api/v1/certificates/${certificate.id}/credential`, { token: app.admin.token })).body);

    assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/reopen`, { token: app.admin.token })).status, 204);
    const exam = (await app.api.get(`/api/v1/offerings/${offeringId}/assessments`, { token: app.admin.token })).body.items[0];
    await app.api.request('PUT', `/api/v1/assessments/${exam.id}/grades/${loser.enrollmentId}`, { token: app.admin.token, body: { score: 20, reason: 'Marking error' } });
    assert.equal((await app.api.get(`/api/v1/verify/${certificate.serial}`)).body.valid, true, 'reopened: the certificate stays as it is');

    const again = await app.api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: app.admin.token });
    assert.deepEqual([again.body.completed, again.body.failed, again.body.certificatesRevoked], [1, 1, 1]);
    const verification = (await app.api.get(`/api/v1/verify/${certificate.serial}`)).body;
    assert.deepEqual([verification.valid, verification.status, verification.revocationReason], [false, 'revoked', 'Result changed after re-assessment']);
    const checked = (await app.api.post('/api/v1/verify/credential', { body: { credential } })).body;
    assert.equal(checked.verified, false);
    assert.equal(checked.checks.find((c: { check: string }) => c.check === 'revocation').passed, false, 'its status-list bit is set');
    const trail = (await app.api.get(`/api/v1/audit?entityId=${certificate.id}&limit=100`, { token: app.admin.token })).body.items;
    assert.ok(trail.some((r: { action: string; after: { reason?: string } }) => r.action === 'certificate.revoked' && r.after.reason === 'Result changed after re-assessment'));
    assert.deepEqual((await certificates(offeringId)).counts, { queued: 0, issued: 1, failed: 0, revoked: 1 });
  });

  it('shows on a certificate a re-issue replaced the serial that replaced it, in JSON and on its page', async () => {
    const { offeringId, passed } = await finalisedClass(app.api, app.admin, 1);
    const queued = (await app.api.post(`/api/v1/enrollments/${passed[0]!.enrollmentId}/certificate`, { token: app.admin.token })).body;
    await eventually(() => certificates(offeringId), (body) => body.counts.issued === 1);
    const reissued = (await app.api.post(`/api/v1/certificates/${queued.id}/reissue`, { token: app.admin.token, body: { reason: 'Name misspelt' } })).body;
    const old = (await app.api.get(`/api/v1/verify/${queued.serial}`)).body;
    assert.equal(old.replacedBy, reissued.serial);
    assert.match(String((await app.api.get(`/verify/${queued.serial}`)).body), new RegExp(`<a href="${reissued.serial}"><code>${reissued.serial}</code></a>`));
    assert.equal((await app.api.get(`/api/v1/verify/${reissued.serial}`)).body.replacedBy, undefined);
  });

  it('counts a bulk issue truthfully: queued now, already issued, still in progress, not eligible', async () => {
    const { offeringId } = await finalisedClass(app.api, app.admin, 4, 1);
    await app.stopWorker(); // nothing issues while we look
    try {
      const first = (await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token })).body;
      assert.deepEqual(first, { queued: 4, alreadyIssued: 0, inProgress: 0, notEligible: 1 });
      const second = (await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token })).body;
      assert.deepEqual(second, { queued: 0, alreadyIssued: 0, inProgress: 4, notEligible: 1 }, 'queued is not issued');
      const [one] = (await certificates(offeringId)).items;
      await app.db.query(`UPDATE certificates SET status = 'failed', failure_reason = 'disk full' WHERE id = $1`, [one.id]);
      const third = (await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token })).body;
      assert.deepEqual(third, { queued: 1, alreadyIssued: 0, inProgress: 3, notEligible: 1 }, 'a failed one is queued again');
    } finally {
      await app.startWorker();
    }
    await eventually(() => certificates(offeringId), (body) => body.counts.issued === 4);
    const done = (await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token })).body;
    assert.deepEqual(done, { queued: 0, alreadyIssued: 4, inProgress: 0, notEligible: 1 });
  });

  it('heals by itself a certificate left queued with no live job: lost, or failed while a dependency was down', async () => {
    const { offeringId } = await finalisedClass(app.api, app.admin, 3);
    const queue = app.api.app.get<Queue>(getQueueToken('certificates'));
    await app.stopWorker();
    try {
      await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
      const [lost, failed] = (await certificates(offeringId)).items as Array<{ id: string }>;
      // The three went to one job. One certificate's job is gone (a Redis that kept nothing: here its job id is the
      // one of its own, which no job has); the others' job failed for good while PostgreSQL was down, their
      // certificates still queued: its job id is taken by the failed job, so sending it again would do nothing.
      const [{ job_id: jobId }] = await app.db.query(`SELECT job_id FROM certificates WHERE id = $1`, [failed!.id]);
      await app.db.query(`UPDATE certificates SET job_id = NULL WHERE id = $1`, [lost!.id]);
      assert.equal(await queue.remove(jobId), 1);
      await queue.add('issue', { certificateIds: [failed!.id] }, { jobId, attempts: 1 });
      const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      const broken = new Worker(
        'certificates',
        async () => {
          throw unreachable;
        },
        { connection: { url: app.api.config.redisUrl }, prefix: `${app.api.config.redisPrefix}:bull` },
      );
      broken.on('error', () => undefined);
      await eventually(() => queue.getJobState(jobId), (state) => state === 'failed');
      await broken.close();
    } finally {
      await app.startWorker({ CERTIFICATE_RECONCILE_INTERVAL_MS: '1000' });
    }
    const done = await eventually(() => certificates(offeringId), (body) => body.counts.issued === 3, 30_000);
    assert.deepEqual(done.counts, { queued: 0, issued: 3, failed: 0, revoked: 0 });
  });

  it('kept every offering’s waitlist length true through finalising (the waitlisted settled as not_admitted) and reopening', () => assertWaitlistCounts(app.db));
});
