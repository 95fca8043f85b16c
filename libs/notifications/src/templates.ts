// The e-mails, in English and French: a subject, one paragraph or two, and at most one button-like link.
// Every value from the database is escaped in the HTML part, so any name in any script renders as written.
import type { Language, NotificationKind } from '@amahoro/domain/notifications/notification.rules.js';

/** What the outbox row recorded at the event, plus what the worker adds when it sends (the link). */
export interface MessageData {
  courseTitle?: string;
  startsOn?: string;
  endsOn?: string;
  previousStartsOn?: string;
  previousEndsOn?: string;
  location?: string | null;
  position?: number;
  reason?: string | null;
  serial?: string;
  daysBefore?: number;
  offeringId?: string;
  /** Nominations: the candidate, the authority, the board's note, the call's closing time. */
  candidateName?: string;
  organisationName?: string;
  note?: string | null;
  closesAt?: string;
  /** A selection that filled the seat a withdrawn nominee freed. */
  freedSeat?: boolean;
}

export interface MessageContext {
  language: Language;
  recipientName: string;
  academyName: string;
  publicBaseUrl: string;
  /** The account link (invitation, reset, verification), derived by the worker from the token row. */
  accountLink?: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

interface Body {
  subject: string;
  lines: string[];
  link?: { label: string; url: string };
}

type Strings = (d: Required<Pick<MessageData, 'courseTitle'>> & MessageData, c: MessageContext & { dates: string; previousDates: string; closes: string; offeringUrl: string; calendarUrl: string }) => Body;

const EN: Record<NotificationKind, Strings> = {
  'enrollment.pending': (d, c) => ({
    subject: `Enrolment received: ${d.courseTitle}`,
    lines: [`We have received your enrolment in ${d.courseTitle} (${c.dates}). An administrator will review it; we will write again when it is decided.`],
    link: { label: 'See the course', url: c.offeringUrl },
  }),
  'enrollment.approved': (d, c) => ({
    subject: `You have a seat: ${d.courseTitle}`,
    lines: [`Your enrolment in ${d.courseTitle} (${c.dates}) is approved.`, d.location ? `Location: ${d.location}.` : ''],
    link: { label: 'Add it to your calendar', url: c.calendarUrl },
  }),
  'enrollment.waitlisted': (d, c) => ({
    subject: `On the waiting list: ${d.courseTitle}`,
    lines: [`${d.courseTitle} (${c.dates}) is full. You are number ${d.position ?? '?'} on the waiting list; we will write as soon as a seat is yours.`],
    link: { label: 'See the course', url: c.offeringUrl },
  }),
  'enrollment.promoted': (d, c) => ({
    subject: `A seat is now yours: ${d.courseTitle}`,
    lines: [`A seat became free in ${d.courseTitle} (${c.dates}) and it is now yours.`],
    link: { label: 'Add it to your calendar', url: c.calendarUrl },
  }),
  'enrollment.rejected': (d, c) => ({
    subject: `Enrolment not accepted: ${d.courseTitle}`,
    lines: [`Your enrolment in ${d.courseTitle} (${c.dates}) was not accepted.`, d.reason ? `Reason: ${d.reason}` : ''],
  }),
  'enrollment.withdrawn': (d, c) => ({
    subject: `Enrolment withdrawn: ${d.courseTitle}`,
    lines: [`An administrator withdrew your enrolment in ${d.courseTitle} (${c.dates}).`, d.reason ? `Reason: ${d.reason}` : ''],
  }),
  'enrollment.not_admitted': (d, c) => ({
    subject: `Not admitted: ${d.courseTitle}`,
    lines: [`${d.courseTitle} (${c.dates}) has ended and its results are final. Your enrolment was still awaiting a seat or a decision, so you were not admitted this time. You are welcome to enrol in a later session.`],
  }),
  'offering.cancelled': (d, c) => ({
    subject: `Cancelled: ${d.courseTitle}`,
    lines: [`${d.courseTitle} (${c.dates}) has been cancelled. We are sorry for the inconvenience.`],
  }),
  'offering.rescheduled': (d, c) => ({
    subject: `New dates: ${d.courseTitle}`,
    lines: [`${d.courseTitle} has new dates: ${c.dates} (was ${c.previousDates}).`],
    link: { label: 'Update your calendar', url: c.calendarUrl },
  }),
  'offering.reminder': (d, c) => ({
    subject: d.daysBefore === 1 ? `Tomorrow: ${d.courseTitle}` : `In ${d.daysBefore} days: ${d.courseTitle}`,
    lines: [`${d.courseTitle} starts ${d.daysBefore === 1 ? 'tomorrow' : `in ${d.daysBefore} days`} (${c.dates}).`, d.location ? `Location: ${d.location}.` : ''],
    link: { label: 'See the course', url: c.offeringUrl },
  }),
  'certificate.issued': (d, c) => ({
    subject: `Your certificate is ready: ${d.courseTitle}`,
    lines: [`Congratulations! Your certificate for ${d.courseTitle} is issued (serial ${d.serial}). Anyone can check it at the link below.`],
    link: { label: 'View and verify your certificate', url: `${c.publicBaseUrl}/verify/${d.serial}` },
  }),
  'certificate.revoked': (d, c) => ({
    subject: `Certificate revoked: ${d.courseTitle}`,
    lines: [`Your certificate for ${d.courseTitle} (serial ${d.serial}) has been revoked.`, d.reason ? `Reason: ${d.reason}` : ''],
    link: { label: 'See its status', url: `${c.publicBaseUrl}/verify/${d.serial}` },
  }),
  'account.invite': (_d, c) => ({
    subject: `Your account at ${c.academyName}`,
    lines: [`An account has been created for you at ${c.academyName}. Choose your password with the link below; it works once, for 7 days.`],
    link: { label: 'Set your password', url: c.accountLink ?? '' },
  }),
  'account.reset': (_d, c) => ({
    subject: `Reset your password`,
    lines: [`Someone asked to reset the password of your account at ${c.academyName}. If it was you, use the link below; it works once, for one hour. If not, ignore this e-mail: your password stays as it is.`],
    link: { label: 'Choose a new password', url: c.accountLink ?? '' },
  }),
  'account.verify': (_d, c) => ({
    subject: `Confirm your e-mail address`,
    lines: [`Welcome to ${c.academyName}. Please confirm that this address is yours.`],
    link: { label: 'Confirm my address', url: c.accountLink ?? '' },
  }),
  'nomination.call_opened': (d, c) => ({
    subject: `Call for nominations: ${d.courseTitle}`,
    lines: [`${d.organisationName ?? 'Your organisation'} is invited to nominate candidates for ${d.courseTitle} (${c.dates}). Nominations close on ${c.closes}.`],
    link: { label: 'See the call', url: c.offeringUrl },
  }),
  'nomination.selected': (d, c) => ({
    subject: `Selected: ${d.candidateName} for ${d.courseTitle}`,
    lines: [
      d.freedSeat
        ? `A seat freed up in ${d.courseTitle} (${c.dates}) and went to your alternate ${d.candidateName}, who is now selected and enrolled.`
        : `The selection board selected ${d.candidateName} for ${d.courseTitle} (${c.dates}). The seat is theirs.`,
      d.note ? `Note: ${d.note}` : '',
    ],
    link: { label: 'See the course', url: c.offeringUrl },
  }),
  'nomination.alternate': (d, c) => ({
    subject: `Alternate: ${d.candidateName} for ${d.courseTitle}`,
    lines: [`The selection board made ${d.candidateName} an alternate for ${d.courseTitle} (${c.dates}): if a selected candidate of your organisation withdraws, the seat goes to your first alternate.`, d.note ? `Note: ${d.note}` : ''],
  }),
  'nomination.not_selected': (d, c) => ({
    subject: `Not selected: ${d.candidateName} for ${d.courseTitle}`,
    lines: [`The selection board did not select ${d.candidateName} for ${d.courseTitle} (${c.dates}).`, d.note ? `Note: ${d.note}` : ''],
  }),
};

const FR: Record<NotificationKind, Strings> = {
  'enrollment.pending': (d, c) => ({
    subject: `Inscription reçue : ${d.courseTitle}`,
    lines: [`Nous avons bien reçu votre inscription à ${d.courseTitle} (${c.dates}). Un administrateur va l’examiner ; nous vous écrirons dès qu’elle sera décidée.`],
    link: { label: 'Voir la formation', url: c.offeringUrl },
  }),
  'enrollment.approved': (d, c) => ({
    subject: `Votre place est confirmée : ${d.courseTitle}`,
    lines: [`Votre inscription à ${d.courseTitle} (${c.dates}) est acceptée.`, d.location ? `Lieu : ${d.location}.` : ''],
    link: { label: 'Ajouter à votre agenda', url: c.calendarUrl },
  }),
  'enrollment.waitlisted': (d, c) => ({
    subject: `Sur la liste d’attente : ${d.courseTitle}`,
    lines: [`${d.courseTitle} (${c.dates}) est complet. Vous êtes numéro ${d.position ?? '?'} sur la liste d’attente ; nous vous écrirons dès qu’une place vous revient.`],
    link: { label: 'Voir la formation', url: c.offeringUrl },
  }),
  'enrollment.promoted': (d, c) => ({
    subject: `Une place vous revient : ${d.courseTitle}`,
    lines: [`Une place s’est libérée dans ${d.courseTitle} (${c.dates}) : elle est à vous.`],
    link: { label: 'Ajouter à votre agenda', url: c.calendarUrl },
  }),
  'enrollment.rejected': (d, c) => ({
    subject: `Inscription non retenue : ${d.courseTitle}`,
    lines: [`Votre inscription à ${d.courseTitle} (${c.dates}) n’a pas été retenue.`, d.reason ? `Motif : ${d.reason}` : ''],
  }),
  'enrollment.withdrawn': (d, c) => ({
    subject: `Inscription retirée : ${d.courseTitle}`,
    lines: [`Un administrateur a retiré votre inscription à ${d.courseTitle} (${c.dates}).`, d.reason ? `Motif : ${d.reason}` : ''],
  }),
  'enrollment.not_admitted': (d, c) => ({
    subject: `Non admis : ${d.courseTitle}`,
    lines: [`La session ${d.courseTitle} (${c.dates}) est terminée et ses résultats sont définitifs. Votre inscription attendait encore une place ou une décision : vous n’avez pas été admis cette fois. Vous pouvez vous inscrire à une prochaine session.`],
  }),
  'offering.cancelled': (d, c) => ({
    subject: `Annulée : ${d.courseTitle}`,
    lines: [`La session ${d.courseTitle} (${c.dates}) est annulée. Nous vous prions de nous en excuser.`],
  }),
  'offering.rescheduled': (d, c) => ({
    subject: `Nouvelles dates : ${d.courseTitle}`,
    lines: [`${d.courseTitle} change de dates : ${c.dates} (au lieu de ${c.previousDates}).`],
    link: { label: 'Mettre à jour votre agenda', url: c.calendarUrl },
  }),
  'offering.reminder': (d, c) => ({
    subject: d.daysBefore === 1 ? `Demain : ${d.courseTitle}` : `Dans ${d.daysBefore} jours : ${d.courseTitle}`,
    lines: [`${d.courseTitle} commence ${d.daysBefore === 1 ? 'demain' : `dans ${d.daysBefore} jours`} (${c.dates}).`, d.location ? `Lieu : ${d.location}.` : ''],
    link: { label: 'Voir la formation', url: c.offeringUrl },
  }),
  'certificate.issued': (d, c) => ({
    subject: `Votre certificat est prêt : ${d.courseTitle}`,
    lines: [`Félicitations ! Votre certificat pour ${d.courseTitle} est délivré (numéro ${d.serial}). Chacun peut le vérifier au lien ci-dessous.`],
    link: { label: 'Voir et vérifier votre certificat', url: `${c.publicBaseUrl}/verify/${d.serial}` },
  }),
  'certificate.revoked': (d, c) => ({
    subject: `Certificat révoqué : ${d.courseTitle}`,
    lines: [`Votre certificat pour ${d.courseTitle} (numéro ${d.serial}) a été révoqué.`, d.reason ? `Motif : ${d.reason}` : ''],
    link: { label: 'Voir son statut', url: `${c.publicBaseUrl}/verify/${d.serial}` },
  }),
  'account.invite': (_d, c) => ({
    subject: `Votre compte ${c.academyName}`,
    lines: [`Un compte a été créé pour vous sur ${c.academyName}. Choisissez votre mot de passe avec le lien ci-dessous ; il ne sert qu’une fois, pendant 7 jours.`],
    link: { label: 'Choisir mon mot de passe', url: c.accountLink ?? '' },
  }),
  'account.reset': (_d, c) => ({
    subject: `Réinitialiser votre mot de passe`,
    lines: [`Quelqu’un a demandé à réinitialiser le mot de passe de votre compte ${c.academyName}. Si c’est vous, utilisez le lien ci-dessous ; il ne sert qu’une fois, pendant une heure. Sinon, ignorez ce message : votre mot de passe ne change pas.`],
    link: { label: 'Choisir un nouveau mot de passe', url: c.accountLink ?? '' },
  }),
  'account.verify': (_d, c) => ({
    subject: `Confirmez votre adresse e-mail`,
    lines: [`Bienvenue sur ${c.academyName}. Merci de confirmer que cette adresse est bien la vôtre.`],
    link: { label: 'Confirmer mon adresse', url: c.accountLink ?? '' },
  }),
  'nomination.call_opened': (d, c) => ({
    subject: `Appel à candidatures : ${d.courseTitle}`,
    lines: [`${d.organisationName ?? 'Votre organisation'} est invitée à présenter des candidats pour ${d.courseTitle} (${c.dates}). Les candidatures sont reçues jusqu’au ${c.closes}.`],
    link: { label: 'Voir l’appel', url: c.offeringUrl },
  }),
  'nomination.selected': (d, c) => ({
    subject: `Retenu : ${d.candidateName} pour ${d.courseTitle}`,
    lines: [
      d.freedSeat
        ? `Une place s’est libérée dans ${d.courseTitle} (${c.dates}) et revient à votre suppléant ${d.candidateName}, désormais retenu et inscrit.`
        : `Le comité de sélection a retenu ${d.candidateName} pour ${d.courseTitle} (${c.dates}). La place lui revient.`,
      d.note ? `Note : ${d.note}` : '',
    ],
    link: { label: 'Voir la formation', url: c.offeringUrl },
  }),
  'nomination.alternate': (d, c) => ({
    subject: `Suppléant : ${d.candidateName} pour ${d.courseTitle}`,
    lines: [`Le comité de sélection a inscrit ${d.candidateName} comme suppléant pour ${d.courseTitle} (${c.dates}) : si un candidat retenu de votre organisation se retire, la place revient à votre premier suppléant.`, d.note ? `Note : ${d.note}` : ''],
  }),
  'nomination.not_selected': (d, c) => ({
    subject: `Non retenu : ${d.candidateName} pour ${d.courseTitle}`,
    lines: [`Le comité de sélection n’a pas retenu ${d.candidateName} pour ${d.courseTitle} (${c.dates}).`, d.note ? `Note : ${d.note}` : ''],
  }),
};

const CATALOG = { en: EN, fr: FR } as const;
const FRAME = {
  en: { greeting: (name: string) => `Hello ${name},`, footer: (academy: string) => `${academy} — you receive this e-mail because of your account with us. Choose which e-mails you receive in your notification settings.` },
  fr: { greeting: (name: string) => `Bonjour ${name},`, footer: (academy: string) => `${academy} — vous recevez ce message en raison de votre compte chez nous. Choisissez les messages que vous recevez dans vos préférences de notification.` },
} as const;

export function renderMessage(kind: NotificationKind, data: MessageData, context: MessageContext): RenderedMessage {
  const language = context.language in CATALOG ? context.language : 'en';
  const format = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
  const day = (date?: string) => (date ? format.format(new Date(`${date}T00:00:00Z`)) : '');
  const span = (from?: string, to?: string) => (from && to && from !== to ? `${day(from)} – ${day(to)}` : day(from));
  const offeringUrl = `${context.publicBaseUrl}/offerings/${data.offeringId ?? ''}`;
  const body = CATALOG[language][kind]({ courseTitle: '', ...data }, {
    ...context,
    dates: span(data.startsOn, data.endsOn),
    previousDates: span(data.previousStartsOn, data.previousEndsOn),
    closes: data.closesAt ? new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(data.closesAt)) + ' UTC' : '',
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
