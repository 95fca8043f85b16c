// The e-mails in English: a subject, one paragraph or two, and at most one button-like link.
import type { NotificationKind } from '@amahoro/domain/notifications/notification.rules.js';
import type { MessageText } from './message.types.js';

export const EN: Record<NotificationKind, MessageText> = {
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
