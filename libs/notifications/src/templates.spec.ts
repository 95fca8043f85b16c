import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LANGUAGES, NOTIFICATION_KINDS } from '@amahoro/domain/notifications/notification.rules.js';
import { renderMessage } from './templates.js';

const context = { recipientName: 'Amina <Uwase> & co', academyName: 'Académie de la paix', publicBaseUrl: 'https://academy.example.org', accountLink: 'https://academy.example.org/set-password?token=abc' };
const data = { courseTitle: 'Droits & <devoirs>', startsOn: '2030-03-10', endsOn: '2030-03-14', offeringId: 'o-1', serial: 'AMH-1', position: 2, daysBefore: 7, candidateName: 'Fatuma Hassan', organisationName: 'Kenya Police Service', closesAt: '2030-02-01T12:00:00Z' };

describe('e-mail templates', () => {
  it('has every kind in every language, with a subject naming the academy and both parts', () => {
    for (const language of LANGUAGES) {
      for (const kind of NOTIFICATION_KINDS) {
        const message = renderMessage(kind, data, { ...context, language });
        assert.match(message.subject, / · Académie de la paix$/, `${language} ${kind}`);
        assert.ok(message.text.length > 40 && message.html.includes(`<html lang="${language}">`), `${language} ${kind}`);
        assert.doesNotMatch(message.text, /undefined|NaN/, `${language} ${kind}`);
      }
    }
  });

  it('escapes every value in the HTML part and keeps the text part as written', () => {
    const message = renderMessage('enrollment.approved', data, { ...context, language: 'en' });
    assert.match(message.html, /Hello Amina &lt;Uwase&gt; &amp; co,/);
    assert.match(message.html, /Droits &amp; &lt;devoirs&gt;/);
    assert.doesNotMatch(message.html, /<devoirs>|<Uwase>/);
    assert.match(message.text, /^Hello Amina <Uwase> & co,/);
  });

  it('writes dates in the reader’s language and links to the public address', () => {
    const fr = renderMessage('offering.reminder', data, { ...context, language: 'fr' });
    assert.match(fr.text, /10 mars 2030 – 14 mars 2030/);
    assert.match(fr.subject, /^Dans 7 jours/);
    const en = renderMessage('certificate.issued', data, { ...context, language: 'en' });
    assert.match(en.text, /https:\/\/academy\.example\.org\/verify\/AMH-1/);
    assert.match(renderMessage('enrollment.waitlisted', data, { ...context, language: 'en' }).text, /number 2 on the waiting list/);
    assert.match(renderMessage('account.invite', {}, { ...context, language: 'fr' }).text, /set-password\?token=abc/);
  });
});
