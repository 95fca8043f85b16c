// The words a certificate shows for its dates and duration. Month names come from Intl.DateTimeFormat, so that
// another language is a matter of the locale; English (day month year) for now.
import { recentlyUsed } from './recently-used.js';

const LOCALE = 'en-GB';
const DAY_MONTH_YEAR = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const DAY_MONTH = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', timeZone: 'UTC' });
const DAY = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', timeZone: 'UTC' });

/** A calendar date written YYYY-MM-DD, as a UTC midnight; throws on anything else (2026-02-30 included). */
function parseDay(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // Date.UTC would read years 0–99 as 1900–1999
  if (!match || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw new Error(`Not a YYYY-MM-DD date: ${value}`);
  return date;
}

/** Dates and ranges written lately: a batch of certificates shows the same few, and Intl's formatting was ~2% of one. */
const remembered = recentlyUsed<string>(64);

/** '13 March 2026' */
export function formatDay(value: string): string {
  return remembered(value, () => DAY_MONTH_YEAR.format(parseDay(value)));
}

/** '2 – 13 March 2026', '23 February – 6 March 2026', '29 December 2025 – 9 January 2026', or one day. */
export function formatDateRange(startsOn: string, endsOn: string): string {
  return remembered(`${startsOn}/${endsOn}`, () => writeDateRange(startsOn, endsOn));
}

function writeDateRange(startsOn: string, endsOn: string): string {
  const [start, end] = [parseDay(startsOn), parseDay(endsOn)];
  if (startsOn === endsOn) return DAY_MONTH_YEAR.format(end);
  const sameYear = start.getUTCFullYear() === end.getUTCFullYear();
  const sameMonth = sameYear && start.getUTCMonth() === end.getUTCMonth();
  const from = sameMonth ? DAY : sameYear ? DAY_MONTH : DAY_MONTH_YEAR;
  return `${from.format(start)} – ${DAY_MONTH_YEAR.format(end)}`;
}

/** '40 hours', '1 hour', '7.5 hours' */
export function formatHours(hours: number): string {
  const rounded = Math.round(hours * 100) / 100;
  return `${rounded} ${rounded === 1 ? 'hour' : 'hours'}`;
}
