// The admin's journey in Chromium, against the real API, worker, PostgreSQL and Redis: a course and a session made
// in the pages, nominations imported through their preview, certificates issued and watched to completion, one
// revoked; then the reports, the audit trail and the users. Elements are found by role and accessible name.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { createCourse, createOffering, day } from '../support/factories.js';
import { useApp } from '../support/fixture.js';
import { journey } from './browser.js';

const tag = randomUUID().slice(0, 6);
const email = (name: string) => `${name}-${tag}@nominees.example.org`;

describe('web application: administration', () => {
  const app = useApp({ worker: true, adminName: 'Nadia Admin' });
  before(async () => {
    await app.api.signUp('instructor', { fullName: `Mariam Kaboré ${tag}` });
  });

  it('an admin creates a course and a session, imports nominations through their preview, issues certificates and revokes one', async () => {
    const code = `WPS-${tag.toUpperCase()}`;
    const title = `Women in Peace Operations ${tag}`;

    await journey(app.api.baseUrl, 'admin', { width: 1280, height: 900 }, async ({ page, check }) => {
      await page.goto('/sign-in?next=/manage');
      await page.getByLabel('Email address').fill(app.admin.email);
      await page.getByLabel('Password').fill(app.admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.goto('/manage');
      await page.getByRole('heading', { name: 'Courses', level: 1 }).waitFor();

      // A course: the form says what is wrong, by the field, before anything is sent.
      await page.getByLabel('Title').fill(title);
      await page.getByRole('button', { name: 'Create the course' }).click();
      const codeField = page.getByLabel('Code', { exact: true });
      assert.equal(await codeField.getAttribute('aria-invalid'), 'true');
      await page.getByText('Please enter a code of letters, digits and hyphens').waitFor();
      await check('course-form-errors');
      await codeField.fill(code);
      await page.getByLabel('Category').selectOption('gender_peace_security');
      await page.getByLabel('Pass mark (%)').fill('60');
      await page.getByRole('button', { name: 'Create the course' }).click();
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Publish the course' }).click();
      await page.getByText('Published', { exact: true }).waitFor();

      // A session that has ended (academies record past ones), three seats, its instructor found by name.
      await page.getByLabel('First day').fill(day(-5));
      await page.getByLabel('Last day').fill(day(-1));
      await page.getByLabel('Place').fill('Bamako, Mali');
      await page.getByLabel('Seats').fill('3');
      await page.getByLabel('Find an instructor by name').fill('kabor');
      await page.getByRole('checkbox', { name: new RegExp(`Mariam Kaboré ${tag}`) }).check();
      await check('course');
      await page.getByRole('button', { name: 'Schedule the session' }).click();
      await page.getByRole('heading', { name: `Approvals and waiting list — ${title}`, level: 1 }).waitFor();
      const offeringId = /\/manage\/offerings\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
      const offering = await app.api.get(`/api/v1/offerings/${offeringId}`);
      assert.deepEqual(offering.body.instructors.map((i: { fullName: string }) => i.fullName), [`Mariam Kaboré ${tag}`]);

      // Nominations: a file with five rows, one of them broken; the preview shows every row and writes nothing.
      await page.getByRole('link', { name: 'Nominations', exact: true }).click();
      const csv = [
        'email,fullName,gender,nationality,category',
        `${email('awa')},Awa Diallo,female,SEN,police`,
        `${email('jean')},Jean Habimana,male,RWA,military`,
        `${email('grace')},Grace Akello,female,UGA,civilian`,
        `${email('pedro')},Pedro Santos,male,BRA,military`,
        'not-an-email,Broken Row,female,XX,police',
      ].join('\n');
      await page.getByLabel('CSV file', { exact: true }).setInputFiles({ name: 'nominees.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}\n`) });
      await page.getByText('Read from nominees.csv').waitFor();
      await page.getByRole('button', { name: 'Preview the import' }).click();
      const preview = page.getByRole('table', { name: /What each row would do/ });
      await preview.waitFor();
      assert.equal(await preview.getByRole('row').count(), 6, 'a header and every one of the five rows');
      await preview.getByRole('row', { name: new RegExp(email('pedro')) }).getByText('Would go on the waiting list').waitFor();
      await preview.getByRole('row', { name: /not-an-email/ }).getByText(/Refused/).waitFor();
      await page.getByText('5 rows: 3 would be enrolled, 1 would go on the waiting list, 1 refused').waitFor();
      await check('nominations-preview');
      const untouched = await app.api.get(`/api/v1/offerings/${offeringId}/enrollments`, { token: app.admin.token });
      assert.equal(untouched.body.total, 0, 'the preview wrote nothing');

      await page.getByRole('button', { name: 'Import 4 nominations' }).click();
      await page.getByRole('heading', { name: 'Imported' }).waitFor();
      await page.getByText('5 rows: 3 enrolled, 1 on the waiting list, 1 refused; 4 new accounts.').waitFor();
      await check('nominations-imported');

      await page.getByRole('link', { name: 'Approvals and waiting list', exact: true }).click();
      await page.getByRole('table', { name: /1 person waiting/ }).getByRole('row', { name: /Pedro Santos/ }).waitFor();
      await check('enrolments');

      // The instructor's part, through the API: an exam, grades (two pass, one fails), finalising.
      const roster = await app.api.get(`/api/v1/offerings/${offeringId}/enrollments`, { token: app.admin.token });
      const byName = new Map<string, string>(roster.body.items.map((e: { user: { fullName: string }; id: string }) => [e.user.fullName, e.id]));
      const exam = await app.api.post(`/api/v1/offerings/${offeringId}/assessments`, { token: app.admin.token, body: { title: 'Final exam', kind: 'exam', weight: 100, maxScore: 100 } });
      const scores = { 'Awa Diallo': 85, 'Jean Habimana': 40, 'Grace Akello': 90 };
      const graded = await app.api.post(`/api/v1/assessments/${exam.body.id}/grades`, {
        token: app.admin.token,
        body: { grades: Object.entries(scores).map(([name, score]) => ({ enrollmentId: byName.get(name), score })) },
      });
      assert.equal(graded.status, 200, JSON.stringify(graded.body));
      assert.equal((await app.api.post(`/api/v1/offerings/${offeringId}/finalize`, { token: app.admin.token })).status, 200);

      // Certificates: issued by the worker while the page watches the counts.
      await page.reload();
      await page.getByRole('link', { name: 'Certificates', exact: true }).click();
      await page.getByRole('heading', { name: `Certificates — ${title}`, level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Issue the certificates' }).click();
      await page.getByText('2 certificates are being prepared').waitFor();
      await page.getByText('Done: 2 issued, 0 not yet issued, 0 revoked.').waitFor({ timeout: 60_000 });
      assert.equal(await page.getByRole('progressbar', { name: 'Certificates completed' }).getAttribute('value'), '2');
      await check('certificates-issued');

      // Revoke one: a reason is required, and then shown.
      await page.getByRole('button', { name: 'Revoke — Awa Diallo' }).click();
      const dialog = page.getByRole('dialog', { name: 'Revoke the certificate of Awa Diallo' });
      await dialog.getByRole('button', { name: 'Revoke' }).click();
      await dialog.getByText('Please give a reason.').waitFor();
      assert.equal(await dialog.getByLabel('Reason').getAttribute('aria-invalid'), 'true');
      await check('revoke-dialog');
      await dialog.getByLabel('Reason').fill('Issued in error: attendance was misrecorded');
      await dialog.getByRole('button', { name: 'Revoke' }).click();
      await page.getByRole('row', { name: /Awa Diallo/ }).getByText('Issued in error: attendance was misrecorded').waitFor();
      await page.getByText('Done: 1 issued, 0 not yet issued, 1 revoked.').waitFor();
      await check('certificate-revoked');
      const certificates = await app.api.get(`/api/v1/offerings/${offeringId}/certificates`, { token: app.admin.token });
      const revoked = certificates.body.items.find((c: { holderName: string }) => c.holderName === 'Awa Diallo');
      const verification = await app.api.get(`/api/v1/verify/${revoked.serial}`);
      assert.equal(verification.body.valid, false);
      assert.equal(verification.body.revocationReason, 'Issued in error: attendance was misrecorded');

      // Re-issue another: the old one is revoked with the reason, a new one is made and watched to completion.
      await page.getByRole('button', { name: 'Re-issue — Grace Akello' }).click();
      const reissue = page.getByRole('dialog', { name: 'Re-issue the certificate of Grace Akello' });
      await reissue.getByLabel('Reason').fill('Name misspelt on the first one');
      await reissue.getByRole('button', { name: 'Re-issue' }).click();
      await page.getByText('Done: 1 issued, 0 not yet issued, 2 revoked.').waitFor({ timeout: 60_000 });
      await page.getByRole('row', { name: /Grace Akello/ }).getByText('Name misspelt on the first one').waitFor();
      assert.equal(await page.getByRole('row', { name: /Grace Akello/ }).count(), 2);

      // The session's report, the academy's, in English then French.
      await page.getByRole('link', { name: 'Report', exact: true }).click();
      await page.getByRole('img', { name: 'Participants by category: women and others' }).waitFor();
      await check('offering-report');
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
      await page.getByRole('img', { name: 'Participants by nationality: women and others' }).waitFor();
      await check('reports');
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download as CSV' }).click()]);
      assert.match(download.suggestedFilename(), /\.csv$/);
      const report = await readFile((await download.path())!, 'utf8');
      assert.ok(report.startsWith('\uFEFF'), 'a byte-order mark, so a spreadsheet reads accents');
      assert.match(report, new RegExp(code));
      await page.getByRole('combobox', { name: 'Interface language' }).selectOption('fr');
      await page.getByRole('heading', { name: 'Rapports', level: 1 }).waitFor();
      await page.getByRole('img', { name: 'Participants par nationalité : femmes et autres' }).waitFor();
      await check('reports-fr');
      await page.getByRole('combobox', { name: 'Langue de l’interface' }).selectOption('en');

      // The audit trail, filtered to certificates: the revocation is there.
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit trail' }).click();
      await page.getByRole('heading', { name: 'Audit trail', level: 1 }).waitFor();
      await page.getByLabel('Concerning').selectOption('certificate');
      await page.getByLabel('Action').selectOption('certificate.revoked');
      await page.getByRole('row', { name: /Certificate revoked/ }).getByText('Issued in error: attendance was misrecorded').waitFor();
      await check('audit');

      // Users: an instructor account made, turned into an admin, then deactivated.
      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
      await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
      const newcomer = `Samuel Mensah ${tag}`;
      await page.getByLabel('Full name').fill(newcomer);
      await page.getByLabel('Email address').fill(app.admin.email);
      await page.getByRole('button', { name: 'Create the account' }).click();
      await page.getByText('An account already uses this email address.').waitFor();
      await page.getByLabel('Email address').fill(email('samuel'));
      await page.getByRole('button', { name: 'Create the account' }).click();
      await page.getByText(`The account of ${newcomer} is created.`).waitFor();
      await page.getByLabel('Search by name or email').fill(tag);
      const row = page.getByRole('row', { name: new RegExp(newcomer) });
      await row.getByRole('combobox', { name: `Role of ${newcomer}` }).selectOption('admin');
      await row.getByRole('button', { name: `Change the role — ${newcomer}` }).click();
      await page.getByText(`${newcomer} is now: Administrator.`).waitFor();
      await row.getByRole('button', { name: `Deactivate — ${newcomer}` }).click();
      await page.getByText(`${newcomer} can no longer sign in.`).waitFor();
      await check('users');
      const listed = await app.api.get(`/api/v1/users?q=${encodeURIComponent(newcomer)}`, { token: app.admin.token });
      assert.deepEqual(
        listed.body.items.map((u: { role: string; active: boolean }) => [u.role, u.active]),
        [['admin', false]],
      );
    });
  });

  it('an admin approves a request and declines another, by keyboard; the waiting list moves up', async () => {
    const course = await createCourse(app.api, app.admin, { title: `Civil-Military Coordination ${tag}` });
    const offering = await createOffering(app.api, app.admin, course.id, { capacity: 2, approvalMode: 'manual' });
    const people = await app.api.quickUsers(3);
    const names = ['Fatou Camara', 'Olivier Nkurunziza', 'Leila Haddad'];
    for (const [index, person] of people.entries()) {
      await app.api.patch('/api/v1/me', { token: person.token, body: { fullName: names[index] } });
      assert.equal((await app.api.post(`/api/v1/offerings/${offering.id}/enrollments`, { token: person.token })).status, 201);
    }
    await journey(app.api.baseUrl, 'admin-approvals', { width: 1280, height: 900 }, async ({ page, check }) => {
      await page.goto(`/sign-in?next=${encodeURIComponent(`/manage/offerings/${offering.id}/enrolments`)}`);
      await page.getByLabel('Email address').fill(app.admin.email);
      await page.getByLabel('Password').fill(app.admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      await page.goto(`/manage/offerings/${offering.id}/enrolments`);
      const pending = page.getByRole('table', { name: /requests?$/ });
      await pending.getByRole('row', { name: /Fatou Camara/ }).waitFor();
      await page.getByRole('table', { name: '1 person waiting, in order' }).getByRole('row', { name: /^1 Leila Haddad/ }).waitFor();
      await check('pending');
      await page.getByRole('button', { name: 'Approve — Fatou Camara' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('Fatou Camara is enrolled.').waitFor();
      await page.getByRole('button', { name: 'Decline — Olivier Nkurunziza' }).focus();
      await page.keyboard.press('Enter');
      await page.getByText('The request of Olivier Nkurunziza is declined.').waitFor();
      // The freed seat goes to the first on the waiting list, whose request now awaits approval.
      await pending.getByRole('row', { name: /Leila Haddad/ }).waitFor();
      await page.getByText('Nobody is on the waiting list.').waitFor();
      await check('decided');
      const roster = await app.api.get(`/api/v1/offerings/${offering.id}/enrollments`, { token: app.admin.token });
      const status = Object.fromEntries(roster.body.items.map((e: { user: { fullName: string }; status: string }) => [e.user.fullName, e.status]));
      assert.equal(status['Fatou Camara'], 'approved');
      assert.equal(status['Olivier Nkurunziza'], 'rejected');

      // The session's details: a capacity below the seats taken is refused in words; then the session is cancelled.
      await page.getByRole('link', { name: 'Details', exact: true }).click();
      await page.getByLabel('Seats').fill('1');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('alert').filter({ hasText: 'The capacity cannot be lower than the seats already taken.' }).waitFor();
      assert.equal(await page.getByLabel('Seats').getAttribute('aria-invalid'), 'true', 'the refusal is tied to its field');
      await check('details-refused');
      await page.getByLabel('Seats').fill('30');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('30 seats', { exact: false }).first().waitFor();
      await page.getByRole('button', { name: 'Cancel the session' }).click();
      await page.getByRole('button', { name: 'Yes, cancel it' }).click();
      await page.getByText('This session is finalised or cancelled and can no longer change.').waitFor();
      assert.equal((await app.api.get(`/api/v1/offerings/${offering.id}`)).body.status, 'cancelled');
      await check('cancelled');
    });
  });

  it('the admin pages are usable at 360 px', async () => {
    const offerings = await app.api.get('/api/v1/offerings?status=completed&limit=1');
    const offeringId = offerings.body.items[0].id as string;
    await journey(app.api.baseUrl, 'admin-phone', { width: 360, height: 800 }, async ({ page, check }) => {
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill(app.admin.email);
      await page.getByLabel('Password').fill(app.admin.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      for (const [path, heading] of [
        ['/manage', 'Courses'],
        [`/manage/offerings/${offeringId}/nominations`, /^Nominations — /],
        [`/manage/offerings/${offeringId}/certificates`, /^Certificates — /],
        ['/manage/reports', 'Reports'],
        ['/manage/users', 'Users'],
      ] as const) {
        await page.goto(path);
        await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
        // check() also fails when the page scrolls sideways.
        await check(path.split('/').pop()!);
      }
    });
  });
});
