// The web application in Chromium, against the real API, worker, PostgreSQL and Redis: each persona's journey,
// found on the page by role and accessible name as a screen reader user would.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, it } from 'node:test';
import { DEMO_ACADEMY, type DemoAcademy } from '@amahoro/demo/demo-academy.js';
import { eventually } from '../support/classroom.js';
import { createCourse, createOffering, day } from '../support/factories.js';
import { useApp } from '../support/fixture.js';
import { uniqueEmail } from '../support/harness.js';
import { journey } from './browser.js';


describe('web application', () => {
  const app = useApp({ worker: true, adminName: 'Web Admin' });
  before(async () => {
    await app.api.app.get<DemoAcademy>(DEMO_ACADEMY).load();
  });

  it('is served at / without shadowing the API, its docs, the verification pages or the queue board', async () => {
    const page = await app.api.get('/courses/any-client-route');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.body as string)![1]!;
    const asset = await app.api.get(script, { headers: { 'accept-encoding': 'br' } });
    assert.equal(asset.status, 200);
    assert.equal(asset.headers.get('content-encoding'), 'br');
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal((await app.api.get('/assets/missing.js')).status, 404);
    // The rendered catalog goes compressed to a browser that accepts it, and says it varies by that.
    const catalog = await app.api.get('/', { headers: { 'accept-encoding': 'br' } });
    assert.equal(catalog.headers.get('content-encoding'), 'br');
    assert.match(catalog.headers.get('vary') ?? '', /Accept-Encoding/);
    assert.match(String(catalog.body), /<div id="root"><[a-z]/, 'the courses come in the page');
    for (const path of ['/api/v1/nothing-here', '/verify/AMH-00000-00000-00000-00000-00000', '/.well-known/nothing', '/admin/queues', '/docs-json']) {
      const reply = await app.api.get(path);
      assert.ok(!String(reply.body).includes('<div id="root">'), `${path} answered the web app`);
    }
  });

  it('a visitor finds the French course and verifies a serial', async () => {
    // The demo academy's finalised cohort: its certificates were queued at seeding, the worker issues them.
    const finalised = await app.api.get('/api/v1/offerings?status=completed&limit=100');
    const serial = await eventually(
      async () => {
        for (const offering of finalised.body.items) {
          const list = await app.api.get(`/api/v1/offerings/${offering.id}/certificates`, { token: app.admin.token });
          const issued = list.body.items?.find((c: { status: string }) => c.status === 'issued');
          if (issued) return issued.serial as string;
        }
        return null;
      },
      (found) => found !== null,
      60_000,
    );

    await journey(app.api.baseUrl, 'visitor', { width: 360, height: 800 }, async ({ page, check }) => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Courses', level: 1 }).waitFor();
      await check('catalog');
      // Keyboard first: the first Tab reaches the skip link, which leads to the content.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate('document.activeElement.textContent'), 'Skip to content');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate('document.activeElement.id'), 'main');
      await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('fr');
      await page.getByRole('status').filter({ hasText: /^1 course$/ }).waitFor();
      assert.equal(await page.getByRole('heading', { level: 2 }).count(), 1, 'only the French course is listed');
      const french = page.getByRole('link', { name: 'Protection de l’enfance dans les opérations de paix' });
      await french.click();
      await page.getByRole('heading', { name: 'Protection de l’enfance dans les opérations de paix', level: 1 }).waitFor();
      await page.getByRole('heading', { name: 'Upcoming sessions' }).waitFor();
      await check('course');

      await page.getByRole('combobox', { name: 'Interface language' }).selectOption('fr');
      await page.getByRole('link', { name: 'Vérifier un certificat' }).click();
      await page.getByRole('heading', { name: 'Vérifier un certificat', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Vérifier' }).click();
      await page.getByText('Veuillez remplir ce champ.').waitFor();
      assert.equal(await page.getByLabel('Numéro du certificat').getAttribute('aria-invalid'), 'true');
      await page.getByLabel('Numéro du certificat').fill(serial!.toLowerCase());
      await page.getByRole('button', { name: 'Vérifier' }).click();
      await page.getByRole('heading', { name: 'Ce certificat est valide' }).waitFor();
      await check('verified');
      await page.getByLabel('Numéro du certificat').fill('AMH-00000-00000-00000-00000-00000');
      await page.getByRole('button', { name: 'Vérifier' }).click();
      await page.getByRole('alert').filter({ hasText: 'Introuvable' }).waitFor();
    });
  });

  it('a trainee registers, enrols, takes a quiz, sees the grade and downloads the certificate', async () => {
    const course = await createCourse(app.api, app.admin, { title: 'Human Rights Monitoring', passMark: 50 });
    const offering = await createOffering(app.api, app.admin, course.id, { startsOn: day(-3), endsOn: day(0), location: 'Kigali, Rwanda' });
    const quiz = await app.api.post(`/api/v1/offerings/${offering.id}/assessments`, {
      token: app.admin.token,
      body: {
        title: 'Check your knowledge',
        kind: 'quiz',
        weight: 100,
        questions: [
          { prompt: 'Which body authorises a UN peacekeeping mission?', choices: ['The Security Council', 'The General Assembly'], correct: [0], points: 1 },
          { prompt: 'Who is protected under a POC mandate?', choices: ['Only armed forces', 'Civilians under threat of physical violence'], correct: [1], points: 1 },
        ],
      },
    });
    assert.equal(quiz.status, 201, JSON.stringify(quiz.body));
    const email = uniqueEmail('browser-trainee');

    await journey(app.api.baseUrl, 'trainee', { width: 390, height: 844 }, async ({ page, check }) => {
      await page.goto('/register');
      await page.getByRole('heading', { name: 'Register', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Create my account' }).click();
      await page.getByText('Please fill in this field.').first().waitFor();
      await check('register-errors');
      await page.getByLabel('Full name').fill('Aline Uwimana');
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill('a-long-enough-password');
      await page.getByLabel('Gender').selectOption('female');
      await page.getByLabel('Nationality').fill('rwa');
      await page.getByLabel('Category', { exact: true }).selectOption('police');
      await page.getByRole('button', { name: 'Create my account' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();

      await page.getByRole('searchbox', { name: 'Search' }).fill('Human Rights');
      await page.getByRole('link', { name: 'Human Rights Monitoring' }).click();
      await page.getByRole('heading', { name: 'Human Rights Monitoring', level: 1 }).waitFor();
      await check('course');
      await page.getByRole('button', { name: /^Enrol/ }).click();
      await page.getByText('Enrolled', { exact: true }).waitFor();

      await page.getByRole('link', { name: 'My enrolments' }).first().click();
      await page.getByRole('heading', { name: 'My enrolments', level: 1 }).waitFor();
      await page.getByRole('row', { name: /Human Rights Monitoring/ }).getByText('Enrolled').waitFor();
      await check('enrolments');
      await page.getByRole('link', { name: 'Assessments — Human Rights Monitoring' }).click();
      await page.getByRole('link', { name: 'Take the quiz — Check your knowledge' }).click();

      await page.getByText('Question 1 of 2').waitFor();
      await page.getByRole('checkbox', { name: 'The Security Council' }).check();
      await check('quiz');
      await page.getByRole('button', { name: 'Next question' }).click();
      // A reload (a dropped connection) keeps the answers given so far.
      await page.reload();
      await page.getByRole('checkbox', { name: 'The Security Council' }).waitFor();
      assert.equal(await page.getByRole('checkbox', { name: 'The Security Council' }).isChecked(), true);
      await page.getByRole('button', { name: 'Next question' }).click();
      await page.getByRole('checkbox', { name: 'Civilians under threat of physical violence' }).check();
      // The connection drops as the answers go: the trainee is told, the answers stay, and a retry sends them.
      await page.context().setOffline(true);
      await page.getByRole('button', { name: 'Submit my answers' }).click();
      await page.getByRole('alert').filter({ hasText: 'The connection to the academy is lost.' }).waitFor();
      await page.context().setOffline(false);
      assert.equal(await page.getByRole('checkbox', { name: 'Civilians under threat of physical violence' }).isChecked(), true);
      await page.getByRole('button', { name: 'Submit my answers' }).click();
      await page.getByText('Submitted. Your score: 2 out of 2.').waitFor();

      await page.getByRole('link', { name: 'My grades' }).first().click();
      await page.getByRole('row', { name: /Check your knowledge/ }).getByText('2 / 2').waitFor();
      await check('grades');

      // The academy finalises and issues; the worker renders the certificate.
      const final = await app.api.post(`/api/v1/offerings/${offering.id}/finalize`, { token: app.admin.token });
      assert.equal(final.status, 200, JSON.stringify(final.body));
      assert.equal((await app.api.post(`/api/v1/offerings/${offering.id}/certificates`, { token: app.admin.token })).status, 202);
      await eventually(
        () => app.api.get(`/api/v1/offerings/${offering.id}/certificates`, { token: app.admin.token }),
        (reply) => reply.body.counts?.issued === 1,
        60_000,
      );

      await page.getByRole('link', { name: 'My certificates' }).first().click();
      await page.getByRole('heading', { name: 'Human Rights Monitoring', level: 2 }).waitFor();
      await check('certificates');
      const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the PDF' }).click()]);
      assert.match(pdf.suggestedFilename(), /^AMH-.*\.pdf$/);
      assert.equal((await readFile((await pdf.path())!)).subarray(0, 5).toString(), '%PDF-');
      const [credential] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the signed credential' }).click()]);
      assert.match((await readFile((await credential.path())!, 'utf8')).trim(), /^[\w-]+\.[\w-]+\.[\w-]+$/);
      const linkedIn = await page.getByRole('link', { name: /Add to LinkedIn/ }).getAttribute('href');
      assert.match(linkedIn!, /^https:\/\/www\.linkedin\.com\/profile\/add\?startTask=CERTIFICATION_NAME&name=Human\+Rights\+Monitoring/);
    });
  });

  it('an instructor records attendance, grades in the grid with a pasted column, corrects a grade with a reason and finalises', async () => {
    const instructor = await app.api.signUp('instructor', { fullName: 'Ibrahima Sow' });
    const course = await createCourse(app.api, app.admin, { title: 'Mission Logistics', passMark: 50 });
    const offering = await createOffering(app.api, app.admin, course.id, { startsOn: day(-2), endsOn: day(0), instructorIds: [instructor.id] });
    const trainees = await app.api.quickUsers(3);
    const names = ['Awa Ndiaye', 'Brian Otieno', 'Chantal Mugisha'];
    for (const [index, trainee] of trainees.entries()) {
      await app.api.patch('/api/v1/me', { token: trainee.token, body: { fullName: names[index] } });
      assert.equal((await app.api.post(`/api/v1/offerings/${offering.id}/enrollments`, { token: trainee.token })).status, 201);
    }

    await journey(app.api.baseUrl, 'instructor', { width: 1280, height: 900 }, async ({ page, check }) => {
      page.on('dialog', (dialog) => void dialog.accept());
      await page.goto('/sign-in');
      await page.getByLabel('Email address').fill(instructor.email);
      await page.getByLabel('Password').fill(instructor.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Offerings I teach', level: 1 }).waitFor();
      await check('teaching');

      await page.getByRole('link', { name: 'Attendance — Mission Logistics' }).click();
      await page.getByRole('checkbox', { name: 'Awa Ndiaye' }).check();
      await page.getByRole('checkbox', { name: 'Brian Otieno' }).check();
      await page.getByRole('button', { name: 'Save the register' }).click();
      await page.getByText(/2 present, 1 absent/).waitFor();
      await check('attendance');

      await page.getByRole('link', { name: 'Assessments', exact: true }).click();
      await page.getByRole('button', { name: 'New assessment' }).click();
      await page.getByLabel('Title').fill('Final exam');
      await page.getByLabel('Kind').selectOption('exam');
      await page.getByLabel('Weight (%)').fill('100');
      await page.getByLabel('Maximum score').fill('20');
      await check('assessment-form');
      await page.getByRole('button', { name: 'Create the assessment' }).click();
      await page.getByText('The assessment is created.').waitFor();

      await page.getByRole('link', { name: 'Gradebook', exact: true }).click();
      const first = page.getByRole('textbox', { name: 'Final exam score for Awa Ndiaye' });
      await first.click();
      // A column copied from a spreadsheet, with a French decimal comma and the trailing line break.
      await page.evaluate(`{
        const data = new DataTransfer();
        data.setData('text/plain', '15\\r\\n8,5\\r\\n25\\r\\n');
        document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }`);
      await page.getByText('3 scores pasted.').waitFor();
      const third = page.getByRole('textbox', { name: 'Final exam score for Chantal Mugisha' });
      assert.equal(await third.getAttribute('aria-invalid'), 'true', '25 is above the maximum of 20');
      await check('gradebook-invalid');
      // Keyboard: from the second cell, arrow down reaches the third.
      await page.getByRole('textbox', { name: 'Final exam score for Brian Otieno' }).focus();
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(`document.activeElement.getAttribute('aria-label')`), 'Final exam score for Chantal Mugisha');
      await third.fill('12');
      await page.getByRole('button', { name: 'Save grades' }).click();
      await page.getByText('3 grades saved.').waitFor();

      await page.getByRole('textbox', { name: 'Final exam score for Brian Otieno' }).fill('10');
      await page.getByLabel('Reason for changing existing grades').fill('Re-marked question 4');
      await page.getByRole('button', { name: 'Save grades' }).click();
      await page.getByText('1 grade saved.').waitFor();
      await page.getByRole('button', { name: /^History\W+Final exam, Brian Otieno$/ }).click();
      const history = page.getByRole('dialog', { name: /Grade history: Final exam, Brian Otieno/ });
      await history.getByRole('cell', { name: 'Re-marked question 4' }).waitFor();
      await check('grade-history');
      await history.getByRole('button', { name: 'Close' }).click();

      await page.getByRole('link', { name: 'Finalise', exact: true }).click();
      await page.getByRole('row', { name: /Awa Ndiaye/ }).getByText('Passes').waitFor();
      await page.getByRole('row', { name: /Brian Otieno/ }).getByText('Passes').waitFor();
      await check('finalise-preview');
      await page.getByRole('button', { name: 'Finalise the offering' }).click();
      await page.getByText(/^Finalised: 3 passed/).waitFor();
      const roster = await app.api.get(`/api/v1/offerings/${offering.id}/enrollments`, { token: app.admin.token });
      assert.deepEqual(roster.body.items.map((e: { status: string }) => e.status).sort(), ['completed', 'completed', 'completed']);
    });
  });
});
