// Nominations in Chromium, against the real API, PostgreSQL and Redis: an admin sets up a call for nominations;
// a focal point, on a 360 px phone, nominates from a CSV file previewed row by row; the admin decides on the
// selection board and the balance panel follows. Elements are found by role and accessible name.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { hashPassword } from '../../apps/api/src/auth/password.js';
import { createCourse, createOffering } from '../support/factories.js';
import { useApp } from '../support/fixture.js';
import { uniqueEmail } from '../support/harness.js';
import { journey } from './browser.js';

const tag = randomUUID().slice(0, 6);
const email = (name: string) => `${name}-${tag}@nominees.example.org`;
// What an <input type="datetime-local"> holds: the browser's local time (the same machine's zone as here).
const local = (offsetHours: number) => {
  const d = new Date(Date.now() + offsetHours * 3_600_000);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

describe('web application: nominations', () => {
  const app = useApp({ adminName: 'Nadia Admin' });
  let offeringId: string;
  const title = `Protection of Civilians ${tag}`;
  const organisation = `Kenya Police Service ${tag}`;
  const focal = { email: uniqueEmail('focal'), password: 'focal-point-secret' };

  before(async () => {
    const course = await createCourse(app.api, app.admin, { title, passMark: 60 });
    offeringId = (await createOffering(app.api, app.admin, course.id, { capacity: 10 })).id;
    const org = await app.api.post('/api/v1/organisations', { token: app.admin.token, body: { name: organisation, country: 'KEN', kind: 'police' } });
    assert.equal(org.status, 201);
    const made = await app.api.post(`/api/v1/organisations/${org.body.id}/focal-points`, { token: app.admin.token, body: { email: focal.email, fullName: 'Wanjiru Kamau' } });
    assert.equal(made.status, 201);
    // The invitation e-mail's link is the accounts' part (tested there): the password is set directly.
    await app.db.query('UPDATE users SET password_hash = $2, email_verified = true WHERE id = $1', [made.body.id, await hashPassword(focal.password)]);
  });

  const signIn = async (page: import('playwright-core').Page, who: { email: string; password: string }, next: string) => {
    await page.goto(`/sign-in?next=${next}`);
    await page.getByLabel('Email address').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  };

  it('an admin sets up the call: window, places, parity rule, eligibility', async () => {
    await journey(app.api.baseUrl, 'nominations-call', { width: 1280, height: 900 }, async ({ page, check }) => {
      await signIn(page, app.admin, '/manage');
      await page.goto(`/manage/offerings/${offeringId}/call`);
      await page.getByRole('heading', { name: 'Call for nominations', level: 2 }).waitFor();
      await page.getByLabel('Opens').fill(local(2));
      await page.getByLabel('Closes').fill(local(1));
      await page.getByRole('button', { name: 'Save the call' }).click();
      await page.getByText('The call must close after it opens.').waitFor();
      assert.equal(await page.getByLabel('Closes').getAttribute('aria-invalid'), 'true');
      await page.getByLabel('Opens').fill(local(-1));
      await page.getByLabel('Closes').fill(local(72));
      await page.getByLabel(`Places for ${organisation}`).fill('4');
      await page.getByLabel('Parity rule').selectOption('women_at_least_men');
      await page.getByLabel('Target share of women (%)').fill('50');
      await page.getByRole('checkbox', { name: 'Police' }).check();
      await page.getByRole('checkbox', { name: 'Military' }).check();
      await check('call-form');
      await page.getByRole('button', { name: 'Save the call' }).click();
      await page.getByText('The call for nominations is saved.').waitFor();
      const call = await app.api.get(`/api/v1/offerings/${offeringId}/nomination-call`, { token: app.admin.token });
      assert.equal(call.body.open, true);
      assert.deepEqual(call.body.allocations.map((a: { seats: number }) => a.seats), [4]);
      assert.deepEqual([...call.body.eligibility.categories].sort(), ['military', 'police']);
    });
  });

  it('a focal point on a phone nominates from a CSV file, each row previewed before sending', async () => {
    await journey(app.api.baseUrl, 'nominations-focal', { width: 360, height: 780 }, async ({ page, check }) => {
      await signIn(page, focal, '/nominations');
      await page.getByRole('heading', { name: 'Open calls for nominations', level: 1 }).waitFor();
      await check('open-calls');
      await page.getByRole('link', { name: title }).click();
      await page.getByRole('heading', { name: title, level: 1 }).waitFor();
      await page.getByText('No nominations yet.').waitFor();

      const csv = [
        'name,email,gender,nationality,category,rank',
        `Achieng Otieno,${email('achieng')},female,KEN,police,Inspector`,
        `Brian Mwangi,${email('brian')},male,KEN,police,Sergeant`,
        `Chebet Ruto,${email('chebet')},female,KEN,civilian,`,
        `David Kiprop,${email('david')},male,KEN,military,Major`,
      ].join('\n');
      await page.getByLabel('CSV file of candidates').setInputFiles({ name: 'kenya.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}\n`) });
      const preview = page.getByRole('table', { name: 'Check the 4 candidates before sending' });
      await preview.waitFor();
      assert.equal(await preview.getByRole('row').count(), 5, 'a header and every one of the four rows');
      await preview.getByRole('row', { name: /Chebet Ruto/ }).getByText('Civilian').waitFor();
      await check('csv-preview');
      const untouched = await app.api.get(`/api/v1/offerings/${offeringId}/nominations`, { token: app.admin.token });
      assert.equal(untouched.body.total, 0, 'the preview sent nothing');

      await page.getByRole('button', { name: 'Nominate these 4 candidates' }).click();
      await page.getByText('4 rows: 3 nominated, 1 with eligibility problems, 0 refused.').waitFor();
      const results = page.getByRole('table', { name: 'Result of each row' });
      await results.getByRole('row', { name: new RegExp(email('chebet')) }).getByText(/does not meet every eligibility rule/).waitFor();
      const mine = page.getByRole('table', { name: 'My nominations' });
      await mine.getByRole('row', { name: /David Kiprop/ }).getByText('Nominated').waitFor();
      await check('csv-sent');

      // A withdrawal while the call is open.
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Withdraw — David Kiprop' }).click();
      await page.getByText('The nomination of David Kiprop was withdrawn.').waitFor();
      await mine.getByRole('row', { name: /David Kiprop/ }).getByText('Withdrawn').waitFor();
      await check('withdrawn');
    });
  });

  it('an admin selects on the board and the balance follows each decision', async () => {
    await journey(app.api.baseUrl, 'nominations-board', { width: 1280, height: 900 }, async ({ page, check }) => {
      await signIn(page, app.admin, '/manage');
      await page.goto(`/manage/offerings/${offeringId}/selection`);
      await page.getByRole('heading', { name: 'Balance of the cohort', level: 2 }).waitFor();
      const gender = page.getByRole('table', { name: 'Gender' });
      await gender.getByRole('row', { name: 'Woman 2 0' }).waitFor();
      await page.getByRole('row', { name: /Chebet Ruto/ }).getByText(/category/i).waitFor();
      await check('board');

      const achieng = page.getByRole('row', { name: /Achieng Otieno/ });
      await achieng.getByRole('textbox', { name: 'Note for Achieng Otieno' }).fill('Gender advisor track');
      await achieng.getByRole('button', { name: 'Record the decision — Achieng Otieno' }).click();
      await page.getByText('Achieng Otieno: Selected.').waitFor();
      await gender.getByRole('row', { name: 'Woman 2 1' }).waitFor();
      await page.getByRole('table', { name: 'Allocations used' }).getByRole('row', { name: `${organisation} 4 3 1` }).waitFor();

      const brian = page.getByRole('row', { name: /Brian Mwangi/ });
      await brian.getByRole('combobox', { name: 'Decision for Brian Mwangi' }).selectOption('alternate');
      await brian.getByRole('button', { name: 'Record the decision — Brian Mwangi' }).click();
      await page.getByText('Brian Mwangi: Alternate.').waitFor();
      await check('board-decided');

      const list = await app.api.get(`/api/v1/offerings/${offeringId}/nominations`, { token: app.admin.token });
      const status = Object.fromEntries(list.body.items.map((n: { candidate: { fullName: string }; status: string }) => [n.candidate.fullName, n.status]));
      assert.deepEqual(status, { 'Achieng Otieno': 'selected', 'Brian Mwangi': 'alternate', 'Chebet Ruto': 'nominated', 'David Kiprop': 'withdrawn' });
    });
  });
});
