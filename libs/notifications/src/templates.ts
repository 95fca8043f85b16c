// An e-mail from its text in the reader's language: dates written for the reader, a greeting, a footer, and an
// HTML part in which every value from the database is escaped, so any name in any script renders as written.
import type { NotificationKind } from '@amahoro/domain/notifications/notification.rules.js';
import type { MessageContext, MessageData, RenderedMessage } from './message.types.js';
import { EN } from './messages.en.js';
import { FR } from './messages.fr.js';

const CATALOG = { en: EN, fr: FR } as const;
const FRAME = {
  en: { greeting: (name: string) => `Hello ${name},`, footer: (academy: string) => `${academy} — you receive this e-mail because of your account with us. Choose which e-mails you receive in your notification settings.` },
  fr: { greeting: (name: string) => `Bonjour ${name},`, footer: (academy: string) => `${academy} — vous recevez ce message en raison de votre compte chez nous. Choisissez les messages que vous recevez dans vos préférences de notification.` },
} as const;

/**
 * Each language's date formats, built once: building a DateTimeFormat (ICU loads its patterns) was most of a message's
 * cost, 228 µs per e-mail in the worker thread's profile of `npm run bench -- email`; a loop of messages, 77 → 14 µs each.
 */
const DATE_FORMATS = Object.fromEntries(
  (Object.keys(CATALOG) as Array<keyof typeof CATALOG>).map((language) => [
    language,
    {
      day: new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }),
      moment: new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
    },
  ]),
) as Record<keyof typeof CATALOG, { day: Intl.DateTimeFormat; moment: Intl.DateTimeFormat }>;

export function renderMessage(kind: NotificationKind, data: MessageData, context: MessageContext): RenderedMessage {
  const language = context.language in CATALOG ? context.language : 'en';
  const format = DATE_FORMATS[language];
  const day = (date?: string) => (date ? format.day.format(new Date(`${date}T00:00:00Z`)) : '');
  const span = (from?: string, to?: string) => (from && to && from !== to ? `${day(from)} – ${day(to)}` : day(from));
  const offeringUrl = `${context.publicBaseUrl}/offerings/${data.offeringId ?? ''}`;
  const body = CATALOG[language][kind]({ courseTitle: '', ...data }, {
    ...context,
    dates: span(data.startsOn, data.endsOn),
    previousDates: span(data.previousStartsOn, data.previousEndsOn),
    closes: data.closesAt ? `${format.moment.format(new Date(data.closesAt))} UTC` : '',
    offeringUrl,
    calendarUrl: `${context.publicBaseUrl}/api/v1/offerings/${data.offeringId ?? ''}/calendar.ics`,
  });
  const frame = FRAME[language];
  const lines = body.lines.filter(Boolean);
  const subject = `${body.subject} · ${context.academyName}`;
  const text = [frame.greeting(context.recipientName), '', ...lines, ...(body.link ? ['', `${body.link.label}: ${body.link.url}`] : []), '', '—', frame.footer(context.academyName), ''].join('\n');
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;line-height:1.5;color:#1b1b1b;max-width:36rem;margin:0 auto;padding:1rem">
<p style="font-weight:600;color:#0b4f6c">${escapeHtml(context.academyName)}</p>
<p>${escapeHtml(frame.greeting(context.recipientName))}</p>
${lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('\n')}
${body.link ? `<p><a href="${escapeHtml(body.link.url)}" style="display:inline-block;padding:.6rem 1rem;background:#0b4f6c;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(body.link.label)}</a></p>` : ''}
<p style="font-size:.85rem;color:#555">${escapeHtml(frame.footer(context.academyName))}</p>
</body></html>
`;
  return { subject, text, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);
}
