// The pages the account e-mails link to, in Chromium against the real API and worker, with real mail: the worker
// sends over SMTP to a server in this process (smtp-server), the test reads each link from the message
// (mailparser) and opens it as the recipient would.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventually } from '../support/classroom.js';
import { createCourse, createOffering } from '../support/factories.js';
import { useApp } from '../support/fixture.js';
import { uniqueEmail } from '../support/harness.js';
import { linkIn } from '../support/mailbox.js';
import { journey } from './browser.js';

describe('web application: invitations, password reset, e-mail verification, settings', () => {
  // A database of its own like every spec's: no other worker (without a mail server) takes these e-mails.
  const app = useApp({ mail: true, adminName: 'Accounts Admin' });
  /** Where the e-mails' links point: the API itself. */
  const base = () => app.api.config.publicBaseUrl;

  it('a trainee nominated by CSV sets a password from the invitation, signs in for the first time and sets what they receive and their calendar', async () => {
    const course = await createCourse(app.api, app.admin, { title: 'Protection of Civilians' });
    const offering = await createOffering(app.api, app.admin, course.id);
    const email = uniqueEmail('invited');
    const nominated = await app.api.post(`/api/v1/offerings/${offering.id}/enrollments/bulk`, {
      token: app.admin.token,
      raw: `email,fullName\n${email},Nadia Habimana\n`,
      headers: { 'content-type': 'text/csv' },
    });
    assert.equal(nominated.body.results[0].outcome, 'enrolled', JSON.stringify(nominated.body));
    const invitation = await app.mailbox.waitFor(email, 'account.invite');
    const link = linkIn(invitation, `${base()}/set-password?token=`);

    await journey(app.api.baseUrl, 'invited', { width: 390, height: 844 }, async ({ page, check }) => {
      await page.goto(link);
      await page.getByRole('heading', { name: 'Set your password', level: 1 }).waitFor();
      await check('set-password');
      await page.getByRole('button', { name: 'Save my password' }).click();
      await page.getByText('The password needs at least 12 characters.').waitFor();
      await page.getByLabel('Password', { exact: true }).fill('nadia-chooses-this-one');
      await page.getByLabel('Type the password again').fill('nadia-chooses-another');
      await page.getByRole('button', { name: 'Save my password' }).click();
      await page.getByText('The two passwords are not the same.').waitFor();
      await check('set-password-errors');
      await page.getByLabel('Type the password again').fill('nadia-chooses-this-one');
      await page.getByRole('button', { name: 'Save my password' }).click();
      await page.getByText('Your password is set. You can now sign in with it.').waitFor();
      await check('password-set');
      assert.equal(new URL(page.url()).search, '', 'the spent token left the address bar');

      await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Password').fill('nadia-chooses-this-one');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'My enrolments', level: 1 }).waitFor();
      await page.getByRole('row', { name: /Protection of Civilians/ }).waitFor();
      // The invitation proved the address: nothing asks to verify it.
      assert.equal(await page.getByRole('button', { name: 'Send the verification link again' }).count(), 0);
      await check('first-sign-in');

      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      const reminders = page.getByRole('checkbox', { name: 'a course starts in 7 days and in 1 day' });
      await reminders.waitFor();
      assert.equal(await reminders.isChecked(), true, 'every switch is on by default');
      assert.equal(await page.getByRole('checkbox', { name: /password resets/ }).isDisabled(), true, 'security mails always go');
      await reminders.uncheck();
      await page.getByRole('button', { name: 'Save my choices' }).click();
      await page.getByText('Your choices are saved.').waitFor();
      // The private calendar feed: its address lists the offering; replacing it kills the old one.
      const feedUrl = page.getByRole('textbox', { name: 'Address of my calendar' });
      const first = await feedUrl.inputValue();
      const feed = await fetch(first);
      assert.equal(feed.status, 200);
      assert.match(await feed.text(), new RegExp(`UID:offering-${offering.id}@`));
      await check('settings');
      await page.getByRole('button', { name: 'Replace the address (the old one stops working)' }).click();
      await page.getByText('A new address is ready; the old one no longer works.').waitFor();
      assert.notEqual(await feedUrl.inputValue(), first);
      assert.equal((await fetch(first)).status, 404);
      await page.getByRole('radio', { name: 'Français' }).check();
      await page.getByRole('heading', { name: 'Paramètres', level: 1 }).waitFor();
      await check('settings-fr');

      // The link worked once.
      await page.goto(link);
      await page.getByLabel('Mot de passe', { exact: true }).fill('someone-else-tries-this');
      await page.getByLabel('Saisissez à nouveau le mot de passe').fill('someone-else-tries-this');
      await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
      await page.getByRole('alert').filter({ hasText: 'Ce lien est inconnu, déjà utilisé ou expiré' }).waitFor();
    });

    const login = await app.api.login(email, 'nadia-chooses-this-one');
    assert.equal(login.body.user.preferredLanguage, 'fr', 'the language chosen in the settings is kept');
    const settings = await app.api.get('/api/v1/me/notifications/settings', { token: login.body.accessToken });
    assert.deepEqual(settings.body, { enrolment: true, offerings: true, reminders: false, certificates: true, security: true });
  });

  it('a trainee who forgot the password asks for a link, chooses a new password and signs in; the old password and logins are dead', async () => {
    const trainee = await app.api.signUp('trainee', { fullName: 'Forgetful Trainee', password: 'the-old-password-1' });

    await journey(app.api.baseUrl, 'forgot', { width: 1280, height: 900 }, async ({ page, check }) => {
      await page.goto('/sign-in');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await page.getByRole('heading', { name: 'Forgotten password', level: 1 }).waitFor();
      await check('forgot');
      await page.getByLabel('Email address').fill(trainee.email);
      await page.getByRole('button', { name: 'Send me a link' }).click();
      await page.getByText(`If an account uses ${trainee.email}, a link to choose a new password is on its way.`, { exact: false }).waitFor();
      await check('forgot-sent');

      const mail = await app.mailbox.waitFor(trainee.email, 'account.reset');
      await page.goto(linkIn(mail, `${base()}/reset-password?token=`));
      await page.getByRole('heading', { name: 'Choose a new password', level: 1 }).waitFor();
      await check('reset-password');
      await page.getByLabel('Password', { exact: true }).fill('the-new-password-2');
      await page.getByLabel('Type the password again').fill('the-new-password-2');
      await page.getByRole('button', { name: 'Save my password' }).click();
      await page.getByText('Your password is set. You can now sign in with it.').waitFor();

      await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
      await page.getByLabel('Email address').fill(trainee.email);
      await page.getByLabel('Password').fill('the-old-password-1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'The email address or the password is wrong.' }).waitFor();
      await page.getByLabel('Password').fill('the-new-password-2');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'My enrolments', level: 1 }).waitFor();
      await check('signed-in');
    });
    // The reset ended the login made with the old password.
    assert.equal((await app.api.post('/api/v1/auth/refresh', { body: { refreshToken: trainee.refreshToken } })).status, 401);
  });

  it('a trainee who registers in French is asked to verify the address, has the link sent again and verifies it', async () => {
    const email = uniqueEmail('registered');

    await journey(app.api.baseUrl, 'verify', { width: 390, height: 844 }, async ({ page, check }) => {
      await page.goto('/register');
      await page.getByRole('combobox', { name: 'Interface language' }).selectOption('fr');
      await page.getByRole('heading', { name: 'S’inscrire', level: 1 }).waitFor();
      await page.getByLabel('Nom complet').fill('Aïcha Diallo');
      await page.getByLabel('Adresse e-mail').fill(email);
      await page.getByLabel('Mot de passe').fill('aicha-password-123');
      await page.getByRole('button', { name: 'Créer mon compte' }).click();
      await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
      const notice = page.getByRole('complementary', { name: 'Adresse e-mail à vérifier' });
      await notice.getByText(`Votre adresse e-mail ${email} n’est pas encore vérifiée`, { exact: false }).waitFor();
      await check('unverified');

      const first = await app.mailbox.waitFor(email, 'account.verify');
      assert.equal(first.language, 'fr', 'the interface language at registration is the language of the e-mails');
      await notice.getByRole('button', { name: 'Renvoyer le lien de vérification' }).click();
      await notice.getByRole('status').filter({ hasText: 'Un nouveau lien est en route.' }).waitFor();
      const both = await eventually(
        async () => app.mailbox.to(email).filter((m) => m.kind === 'account.verify'),
        (list) => list.length === 2,
        20_000,
      );
      const [older, newer] = [linkIn(both[0]!, `${base()}/verify-email?token=`), linkIn(both[1]!, `${base()}/verify-email?token=`)];
      assert.notEqual(older, newer);

      // The first link stopped working when the second was sent.
      await page.goto(older);
      await page.getByRole('button', { name: 'Vérifier mon adresse e-mail' }).click();
      await page.getByRole('alert').filter({ hasText: 'Ce lien est inconnu, déjà utilisé ou expiré' }).waitFor();

      await page.goto(newer);
      await page.getByRole('heading', { name: 'Vérifier votre adresse e-mail', level: 1 }).waitFor();
      await check('verify-email');
      await page.getByRole('button', { name: 'Vérifier mon adresse e-mail' }).click();
      await page.getByText('Votre adresse e-mail est vérifiée. Merci.').waitFor();
      assert.equal(new URL(page.url()).search, '', 'the spent token left the address bar');
      assert.equal(await page.getByRole('complementary', { name: 'Adresse e-mail à vérifier' }).count(), 0, 'the notice is gone');
      await check('verified');
    });
  });
});
