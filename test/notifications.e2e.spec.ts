import assert from 'node:assert/strict';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { describe, it } from 'node:test';
import { QUEUES, reminderJobId } from '@amahoro/queue/jobs.js';
import { eventually, finalisedClass, pause } from './support/classroom.js';
import { createCourse, createOffering, DAY, day, pastDates } from './support/factories.js';
import { useApp } from './support/fixture.js';
import { type TestUser, uniqueEmail } from './support/harness.js';
import { linkIn } from './support/mailbox.js';
import { runEntryPoint } from './support/processes.js';
import { assertWaitlistCounts } from './support/waitlist.js';

describe('notifications: real mail over SMTP', () => {
  const app = useApp({
    mail: true,
    env: {
      // Long enough that a send held by the mail server is still in flight when the test kills its worker
      // under load; the claim of a killed worker then lasts 4 × this.
      MAIL_SEND_TIMEOUT_MS: '2500',
      WORKER_STALLED_INTERVAL_MS: '1000',
    },
  });
  const queue = () => app.api.app.get<Queue>(getQueueToken(QUEUES.notifications));

  /** A trainee with a name and a language, logged in. */
  async function trainee(fullName: string, preferredLanguage: 'en' | 'fr' = 'en'): Promise<TestUser> {
    const user = await app.api.signUp('trainee', { fullName });
    await app.api.patch('/api/v1/me', { token: user.token, body: { preferredLanguage } });
    return user;
  }

  /** Waits until the listed kinds arrived, lets the sweep run a few more times, then says what each got. */
  async function settle(expected: Record<string, string[]>): Promise<Record<string, string[]>> {
    const total = Object.values(expected).flat().length;
    const emails = Object.keys(expected);
    await eventually(async () => emails.flatMap((e) => app.mailbox.to(e)).length, (n) => n >= total);
    await pause(800);
    return Object.fromEntries(emails.map((e) => [e, app.mailbox.to(e).map((m) => m.kind).sort()]));
  }

  it('tells each trainee of every enrolment and offering event once, in their language, with working links', async () => {
    const course = await createCourse(app.api, app.admin, { title: 'Protection des civils & <droits>' });
    const small = await createOffering(app.api, app.admin, course.id, { capacity: 1 });
    const manual = await createOffering(app.api, app.admin, course.id, { approvalMode: 'manual' });
    const amina = await trainee('أمينة أوواسي', 'fr');
    const boris = await trainee('Борис <script>alert(1)</script>');
    const chen = await trainee('陈伟');
    const dara = await trainee('Dara Ouédraogo', 'fr');

    const a = await app.api.post(`/api/v1/offerings/${small.id}/enrollments`, { token: amina.token });
    const b = await app.api.post(`/api/v1/offerings/${small.id}/enrollments`, { token: boris.token });
    assert.equal(b.body.status, 'waitlisted');
    await app.api.post(`/api/v1/enrollments/${a.body.id}/withdraw`, { token: amina.token }); // her own: no e-mail
    await app.api.post(`/api/v1/enrollments/${b.body.id}/withdraw`, { token: app.admin.token });
    const c = await app.api.post(`/api/v1/offerings/${manual.id}/enrollments`, { token: chen.token });
    const d = await app.api.post(`/api/v1/offerings/${manual.id}/enrollments`, { token: dara.token });
    await app.api.post(`/api/v1/enrollments/${c.body.id}/approve`, { token: app.admin.token });
    await app.api.post(`/api/v1/enrollments/${d.body.id}/reject`, { token: app.admin.token });
    assert.equal((await app.api.patch(`/api/v1/offerings/${manual.id}`, { token: app.admin.token, body: { startsOn: day(31), endsOn: day(42) } })).status, 200);
    assert.equal((await app.api.post(`/api/v1/offerings/${manual.id}/cancel`, { token: app.admin.token })).status, 200);

    const got = await settle({
      [amina.email]: ['enrollment.approved'],
      [boris.email]: ['enrollment.waitlisted', 'enrollment.promoted', 'enrollment.withdrawn'],
      [chen.email]: ['enrollment.pending', 'enrollment.approved', 'offering.rescheduled', 'offering.cancelled'],
      [dara.email]: ['enrollment.pending', 'enrollment.rejected'],
    });
    assert.deepEqual(got, {
      [amina.email]: ['enrollment.approved'],
      [boris.email]: ['enrollment.promoted', 'enrollment.waitlisted', 'enrollment.withdrawn'],
      [chen.email]: ['enrollment.approved', 'enrollment.pending', 'offering.cancelled', 'offering.rescheduled'],
      [dara.email]: ['enrollment.pending', 'enrollment.rejected'],
    });

    const approved = app.mailbox.to(amina.email)[0]!;
    assert.equal(approved.language, 'fr');
    assert.match(approved.subject, /^Votre place est confirmée : Protection des civils & <droits> · Amahoro Peace Academy$/);
    assert.match(approved.text, /^Bonjour أمينة أوواسي,/);
    assert.match(approved.html, /Bonjour أمينة أوواسي,/);
    assert.match(approved.html, /Protection des civils &amp; &lt;droits&gt;/, 'HTML-escaped');
    const calendar = await fetch(linkIn(approved, `${app.api.config.publicBaseUrl}/api/v1/offerings/`));
    assert.equal(calendar.status, 200);
    assert.match(calendar.headers.get('content-type') ?? '', /text\/calendar/);

    const waitlisted = app.mailbox.to(boris.email).find((m) => m.kind === 'enrollment.waitlisted')!;
    assert.equal(waitlisted.language, 'en');
    assert.match(waitlisted.text, /You are number 1 on the waiting list/);
    assert.match(waitlisted.html, /Борис &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(waitlisted.html, /<script>/);
    assert.match(app.mailbox.to(chen.email).find((m) => m.kind === 'offering.rescheduled')!.text, new RegExp(`was .*${new Date(`${day(30)}T00:00:00Z`).getUTCFullYear()}`));
    assert.match(app.mailbox.to(dara.email).find((m) => m.kind === 'enrollment.rejected')!.subject, /^Inscription non retenue/);
  });

  it('e-mails the holder when a certificate is issued (with a working verification link) and when it is revoked', async () => {
    const { offeringId, passed } = await finalisedClass(app.api, app.admin, 1);
    const holder = passed[0]!;
    await app.api.post(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
    const issued = await app.mailbox.waitFor(holder.email, 'certificate.issued');
    const verify = linkIn(issued, `${app.api.config.publicBaseUrl}/verify/`);
    const page = await fetch(verify);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Protection of Civilians/);

    const [certificate] = (await app.api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token })).body.items;
    await app.api.post(`/api/v1/certificates/${certificate.id}/revoke`, { token: app.admin.token, body: { reason: 'Issued in error' } });
    const revoked = await app.mailbox.waitFor(holder.email, 'certificate.revoked');
    assert.match(revoked.text, /Reason: Issued in error/);
    await pause(500);
    assert.equal(app.mailbox.to(holder.email).filter((m) => m.kind.startsWith('certificate.')).length, 2);
  });

  it('tells a trainee still on the waitlist at finalising that they were not admitted', async () => {
    const course = await createCourse(app.api, app.admin, { title: 'DDR and SSR' });
    const offering = await createOffering(app.api, app.admin, course.id, { capacity: 1, ...pastDates() });
    const [seated, waiting] = [await trainee('Seated Trainee'), await trainee('Waiting Trainee', 'fr')];
    const first = await app.api.post(`/api/v1/offerings/${offering.id}/enrollments`, { token: app.admin.token, body: { userId: seated.id } });
    const second = await app.api.post(`/api/v1/offerings/${offering.id}/enrollments`, { token: app.admin.token, body: { userId: waiting.id } });
    assert.deepEqual([first.body.status, second.body.status], ['approved', 'waitlisted']);
    const exam = await app.api.post(`/api/v1/offerings/${offering.id}/assessments`, { token: app.admin.token, body: { title: 'Exam', kind: 'exam', weight: 100, maxScore: 100 } });
    await app.api.request('PUT', `/api/v1/assessments/${exam.body.id}/grades/${first.body.id}`, { token: app.admin.token, body: { score: 90 } });
    assert.equal((await app.api.post(`/api/v1/offerings/${offering.id}/finalize`, { token: app.admin.token })).status, 200);
    const mail = await app.mailbox.waitFor(waiting.email, 'enrollment.not_admitted');
    assert.match(mail.subject, /^Non admis : DDR and SSR/);
    await pause(500);
    assert.deepEqual(app.mailbox.to(seated.email).map((m) => m.kind), ['enrollment.approved']);
  });

  it('schedules reminders 7 and 1 days ahead as delayed jobs, moves them with the dates and drops them on cancel', async () => {
    const course = await createCourse(app.api, app.admin, { title: 'Gender, Peace and Security' });
    const offering = await createOffering(app.api, app.admin, course.id, { startsOn: day(10), endsOn: day(12), enrollmentClosesAt: new Date(Date.now() + 5 * DAY).toISOString() });
    const erin = await trainee('Erin Mukamana', 'fr');
    await app.api.post(`/api/v1/offerings/${offering.id}/enrollments`, { token: erin.token });
    const state = (startsOn: string, days: number) => queue().getJobState(reminderJobId(offering.id, startsOn, days));
    assert.equal(await state(day(10), 7), 'delayed');
    assert.equal(await state(day(10), 1), 'delayed');

    await app.api.patch(`/api/v1/offerings/${offering.id}`, { token: app.admin.token, body: { startsOn: day(11), endsOn: day(13) } });
    assert.equal(await state(day(10), 7), 'unknown');
    assert.equal(await state(day(11), 7), 'delayed');

    // Seven days before: fire the delayed job now instead of waiting for it.
    await (await queue().getJob(reminderJobId(offering.id, day(11), 7)))!.promote();
    const reminder = await app.mailbox.waitFor(erin.email, 'offering.reminder');
    assert.match(reminder.subject, /^Dans 7 jours : Gender, Peace and Security/);

    await app.api.post(`/api/v1/offerings/${offering.id}/cancel`, { token: app.admin.token });
    assert.equal(await state(day(11), 1), 'unknown');
  });

  it('loses no message while the mail server is down, and sends each once when it is back', async () => {
    await app.mailbox.stop();
    const emails = [uniqueEmail('outage'), uniqueEmail('outage'), uniqueEmail('outage')];
    for (const email of emails) {
      const created = await app.api.post('/api/v1/users', { token: app.admin.token, body: { email, fullName: 'Outage Trainee', role: 'trainee' } });
      assert.equal(created.status, 201);
    }
    await pause(2500);
    const [retrying] = await app.db.query(
      `SELECT count(*)::int AS n, min(attempts)::int AS attempts FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = ANY($1) AND n.status = 'pending'`,
      [emails],
    );
    assert.equal(retrying.n, 3, 'all still waiting');
    assert.ok(retrying.attempts >= 2, `retried while down (${retrying.attempts} attempts)`);
    await app.mailbox.listen();
    for (const email of emails) await app.mailbox.waitFor(email, 'account.invite', 30_000);
    await pause(800);
    for (const email of emails) assert.equal(app.mailbox.to(email).length, 1, email);
  });

  it('sends no duplicate when the worker is killed mid-send: another worker sends it once', async () => {
    await app.stopWorker();
    const child = runEntryPoint('dist/apps/worker/src/main.js', { ...(process.env as Record<string, string>), ...app.env });
    try {
      app.mailbox.hold();
      const email = uniqueEmail('killed');
      await app.api.post('/api/v1/users', { token: app.admin.token, body: { email, fullName: 'Killed Mid-Send', role: 'trainee' } });
      // Generous waits: the machine running the tests may be busy.
      // Killed only once the whole message is held: killed while still streaming it, the server would hold nothing.
      await eventually(async () => app.mailbox.heldMessages, (n) => n > 0, 60_000);
      child.child.kill('SIGKILL');
      await child.exited;
      await eventually(async () => app.mailbox.heldClientsAllGone, (gone) => gone);
      app.mailbox.release();
      assert.equal(app.mailbox.to(email).length, 0, 'the server never accepted it from the dead worker');

      await app.startWorker();
      const mail = await app.mailbox.waitFor(email, 'account.invite', 60_000);
      await pause(1500);
      assert.equal(app.mailbox.to(email).length, 1);
      const [row] = await app.db.query(`SELECT status, attempts FROM notifications WHERE id = $1`, [mail.messageId.replace(/^<|@.*$/g, '')]);
      assert.equal(row.status, 'sent');
      assert.ok(row.attempts >= 2, 'the dead worker had claimed it, another sent it');
    } finally {
      if (child.child.exitCode === null) child.child.kill('SIGKILL');
    }
  });

  it('sends each e-mail of a batch once when the worker is killed midway through it', async () => {
    await app.stopWorker();
    // Queued while no worker runs: the next one's first sweep hands the three to one job.
    const emails = [uniqueEmail('batch'), uniqueEmail('batch'), uniqueEmail('batch')];
    for (const email of emails) {
      assert.equal((await app.api.post('/api/v1/users', { token: app.admin.token, body: { email, fullName: 'Batch Trainee', role: 'trainee' } })).status, 201);
    }
    app.mailbox.hold();
    const child = runEntryPoint('dist/apps/worker/src/main.js', { ...(process.env as Record<string, string>), ...app.env });
    try {
      await eventually(async () => app.mailbox.heldMessages, (n) => n > 0, 60_000);
      child.child.kill('SIGKILL');
      await child.exited;
      await eventually(async () => app.mailbox.heldClientsAllGone, (gone) => gone);
      app.mailbox.release();
      const rows = await app.db.query(`SELECT n.job_id, n.status FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = ANY($1)`, [emails]);
      assert.equal(new Set(rows.map((row: { job_id: string }) => row.job_id)).size, 1, 'one job for the three');
      assert.ok(rows.every((row: { status: string }) => row.status === 'sending'), 'the dead worker had claimed all three');

      await app.startWorker();
      // The rows are leased one after another (4 × 2.5 s each): the last is free 30 s after the claim.
      for (const email of emails) await app.mailbox.waitFor(email, 'account.invite', 90_000);
      await pause(1500);
      for (const email of emails) assert.equal(app.mailbox.to(email).length, 1, email);
    } finally {
      if (child.child.exitCode === null) child.child.kill('SIGKILL');
    }
  });

  it('kept every offering’s waitlist length true through the enrolment events above', () => assertWaitlistCounts(app.db));
});
