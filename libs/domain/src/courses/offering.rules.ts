// An offering is a course's dated cohort. Its status follows from its enrolment window and the admin's acts.

export const OFFERING_STATUSES = ['scheduled', 'open', 'in_progress', 'completed', 'cancelled'] as const;
export type OfferingStatus = (typeof OFFERING_STATUSES)[number];

export const APPROVAL_MODES = ['auto', 'manual'] as const;
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

export interface OfferingTimeline {
  enrollmentOpensAt: Date;
  enrollmentClosesAt: Date;
  cancelledAt: Date | null;
  completedAt: Date | null;
}

/** scheduled before the window, open during it, in progress after it, until finalised or cancelled. */
export function offeringStatus(offering: OfferingTimeline, now: Date): OfferingStatus {
  const closed = closedAs(offering);
  if (closed) return closed;
  if (now < offering.enrollmentOpensAt) return 'scheduled';
  if (now < offering.enrollmentClosesAt) return 'open';
  return 'in_progress';
}

/** Finalised or cancelled: nothing about its enrolments or seats changes any more. */
export const CLOSED_OFFERING_STATUSES = ['cancelled', 'completed'] as const satisfies readonly OfferingStatus[];
export type ClosedOfferingStatus = (typeof CLOSED_OFFERING_STATUSES)[number];

export function isOfferingClosed(status: OfferingStatus): status is ClosedOfferingStatus {
  return (CLOSED_OFFERING_STATUSES as readonly OfferingStatus[]).includes(status);
}

/** The closed status an offering has whatever the date (cancelled before finalised), or null while it is live. */
export function closedAs(offering: Pick<OfferingTimeline, 'cancelledAt' | 'completedAt'>): ClosedOfferingStatus | null {
  if (offering.cancelledAt) return 'cancelled';
  return offering.completedAt ? 'completed' : null;
}

/** Whether an enrolment can be made now: admins enrol outside the window, nobody into a closed offering. */
export function acceptsEnrolment(status: OfferingStatus, byAdmin: boolean): boolean {
  return !isOfferingClosed(status) && (byAdmin || status === 'open');
}

/** The same rule in SQL, for filtering lists by status (`o` is the offerings alias). */
export const OFFERING_STATUS_SQL = `CASE
  WHEN o.cancelled_at IS NOT NULL THEN 'cancelled'
  WHEN o.completed_at IS NOT NULL THEN 'completed'
  WHEN now() < o.enrollment_opens_at THEN 'scheduled'
  WHEN now() < o.enrollment_closes_at THEN 'open'
  ELSE 'in_progress' END`;

export interface OfferingDates {
  startsOn: string;
  endsOn: string;
  enrollmentOpensAt: Date;
  enrollmentClosesAt: Date;
}

/** Problems with an offering's dates, in words for the client; empty when they are consistent. */
export function offeringDateProblems(dates: OfferingDates): string[] {
  const problems: string[] = [];
  if (dates.startsOn > dates.endsOn) problems.push('startsOn must be on or before endsOn');
  if (dates.enrollmentOpensAt.getTime() >= dates.enrollmentClosesAt.getTime()) {
    problems.push('enrollmentOpensAt must be before enrollmentClosesAt');
  }
  return problems;
}

/** An offering has ended once its last day (`endsOn`, a calendar date) is today or earlier. */
export function hasEnded(endsOn: string, today: string): boolean {
  return endsOn <= today;
}
