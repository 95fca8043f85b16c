// What the platform tells people by e-mail, who hears of what, and which of it they may turn off. Plain rules, no framework.

import { closedAs } from '../courses/offering.rules.js';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '../enrollments/enrollment.rules.js';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const NOTIFICATION_KINDS = [
  'enrollment.pending',
  'enrollment.approved',
  'enrollment.waitlisted',
  'enrollment.promoted',
  'enrollment.rejected',
  'enrollment.withdrawn',
  'enrollment.not_admitted',
  'offering.cancelled',
  'offering.rescheduled',
  'offering.reminder',
  'certificate.issued',
  'certificate.revoked',
  'account.invite',
  'account.reset',
  'account.verify',
  'nomination.call_opened',
  'nomination.selected',
  'nomination.alternate',
  'nomination.not_selected',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * The switches a person has; security mails (account.*) have none and always go, and so do a focal point's
 * nomination mails (calls and the board's outcomes are the official word to the nominating authority).
 */
export const NOTIFICATION_SETTINGS = ['enrolment', 'offerings', 'reminders', 'certificates'] as const;
export type NotificationSetting = (typeof NOTIFICATION_SETTINGS)[number];
export type NotificationSettings = Record<NotificationSetting, boolean>;

export function settingOf(kind: NotificationKind): NotificationSetting | null {
  if (kind.startsWith('enrollment.')) return 'enrolment';
  if (kind === 'offering.reminder') return 'reminders';
  if (kind.startsWith('offering.')) return 'offerings';
  if (kind.startsWith('certificate.')) return 'certificates';
  return null;
}

/** Stored settings hold only what the person changed; everything else is on. */
export function effectiveSettings(stored: Partial<Record<string, unknown>> | null | undefined): NotificationSettings {
  const settings = {} as NotificationSettings;
  for (const name of NOTIFICATION_SETTINGS) settings[name] = stored?.[name] !== false;
  return settings;
}

export function wants(kind: NotificationKind, stored: Partial<Record<string, unknown>> | null | undefined): boolean {
  const setting = settingOf(kind);
  return setting === null || effectiveSettings(stored)[setting];
}

/**
 * One e-mail per event and person: the key names the event (kind, the entity, and a version where the same
 * entity can have the event again, such as the n-th change of dates) and the recipient.
 */
export function notificationKey(kind: NotificationKind, entityId: string, recipientId: string, version?: string | number): string {
  return [kind, entityId, ...(version === undefined ? [] : [String(version)]), recipientId].join('/');
}

export const REMINDER_DAYS = [7, 1] as const;
export type ReminderDays = (typeof REMINDER_DAYS)[number];

/** Reminders go at 06:00 UTC, N days before the first day: morning in Africa and Europe. */
export function reminderAt(startsOn: string, daysBefore: number): Date {
  const at = new Date(`${startsOn}T06:00:00.000Z`);
  at.setUTCDate(at.getUTCDate() - daysBefore);
  return at;
}

/** The reminders still worth scheduling: those whose moment has not passed (none for a past course). */
export function remindersDue(startsOn: string, now: Date): Array<{ daysBefore: ReminderDays; at: Date }> {
  return REMINDER_DAYS.map((daysBefore) => ({ daysBefore, at: reminderAt(startsOn, daysBefore) })).filter(({ at }) => at.getTime() > now.getTime());
}

/** Who hears of an offering's change of dates or cancellation: everyone holding or awaiting a seat. */
export function hearsOfOfferingChanges(status: EnrollmentStatus): boolean {
  return status === 'pending' || status === 'approved' || status === 'waitlisted';
}
export const OFFERING_NEWS_STATUSES: readonly EnrollmentStatus[] = ENROLLMENT_STATUSES.filter(hearsOfOfferingChanges);

/** Who is reminded that an offering starts soon: those whose seat is confirmed. */
export function isReminded(status: EnrollmentStatus): boolean {
  return status === 'approved';
}
export const REMINDED_STATUSES: readonly EnrollmentStatus[] = ENROLLMENT_STATUSES.filter(isReminded);

/** The reminder's version in its key: a moved offering's reminders are new events. */
export function reminderVersion(startsOn: string, daysBefore: number): string {
  return `${startsOn}-${daysBefore}d`;
}

/** A reminder scheduled for a start date does nothing once its offering was cancelled, finalised or moved. */
export function reminderStillApplies(offering: { startsOn: string; cancelledAt: Date | null; completedAt: Date | null }, scheduledFor: string): boolean {
  return closedAs(offering) === null && offering.startsOn === scheduledFor;
}
