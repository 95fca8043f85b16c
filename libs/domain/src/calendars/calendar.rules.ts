// What a person's calendar shows of the academy. Plain rules, no framework.

import { ENROLLMENT_STATUSES, type EnrollmentStatus, holdsSeat } from '../enrollments/enrollment.rules.js';

/** A trainee's feed holds the offerings where they hold a seat (awaiting approval, approved or finalised). */
export const FEED_ENROLLMENT_STATUSES: readonly EnrollmentStatus[] = ENROLLMENT_STATUSES.filter(holdsSeat);

export type CalendarEventStatus = 'cancelled' | 'tentative' | 'confirmed';

/**
 * Cancelled offerings stay in the feed as cancelled (so subscribed calendars drop them); an offering the
 * person only awaits a decision on is tentative; anything else (a seat, or teaching it) is confirmed.
 */
export function calendarEventStatus(event: { cancelledAt: Date | null; enrollmentStatuses: readonly EnrollmentStatus[] }): CalendarEventStatus {
  if (event.cancelledAt) return 'cancelled';
  const awaiting = event.enrollmentStatuses.length > 0 && event.enrollmentStatuses.every((status) => status === 'pending');
  return awaiting ? 'tentative' : 'confirmed';
}

/** An all-day event ends (DTEND) on the day after its last day. */
export function allDayEnd(lastDay: string): Date {
  const end = new Date(`${lastDay}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return end;
}
