// The enrolment state machine and the seat rules. Pure: the services apply them inside a transaction that
// holds the offering's row lock, and PostgreSQL's check constraint backs the seat count.

import type { ApprovalMode } from '../courses/offering.rules.js';

export const ENROLLMENT_STATUSES = ['pending', 'approved', 'waitlisted', 'rejected', 'withdrawn', 'completed', 'failed', 'not_admitted'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

/** Seats taken = approved + pending + completed + failed. */
export function holdsSeat(status: EnrollmentStatus): boolean {
  switch (status) {
    case 'pending':
    case 'approved':
    case 'completed':
    case 'failed':
      return true;
    case 'waitlisted':
    case 'rejected':
    case 'withdrawn':
    case 'not_admitted':
      return false;
  }
}

/** An enrolment that still counts as the trainee's one enrolment in the offering (a second one is a 409). */
export function isActive(status: EnrollmentStatus): boolean {
  return status !== 'rejected' && status !== 'withdrawn';
}

/** A newcomer with a seat free: approved at once, or pending an admin's decision. */
export function statusWithSeat(mode: ApprovalMode): EnrollmentStatus {
  return mode === 'auto' ? 'approved' : 'pending';
}

/** Finalising settles those never given a seat or never decided on: the offering is over for them. */
export function isLeftOutAtFinalisation(status: EnrollmentStatus): boolean {
  return status === 'pending' || status === 'waitlisted';
}

/** In the class: taking part now, or finalised with a result. These have grades, attendance and submissions. */
export function isInClass(status: EnrollmentStatus): boolean {
  return status === 'approved' || hasFinalResult(status);
}

/** Finalised with a result; reopening the offering puts these back to approved. */
export function hasFinalResult(status: EnrollmentStatus): boolean {
  return status === 'completed' || status === 'failed';
}

export const IN_CLASS_STATUSES: readonly EnrollmentStatus[] = ENROLLMENT_STATUSES.filter(isInClass);
export const FINAL_RESULT_STATUSES: readonly EnrollmentStatus[] = ENROLLMENT_STATUSES.filter(hasFinalResult);

/** Where a new enrolment lands. */
export function initialStatus(mode: ApprovalMode, seatsLeft: number): EnrollmentStatus {
  return seatsLeft > 0 ? statusWithSeat(mode) : 'waitlisted';
}

export type EnrollmentAction = 'approve' | 'reject' | 'withdraw';

/** The status an action leads to, or null when the action is not allowed from this status. */
export function nextStatus(from: EnrollmentStatus, action: EnrollmentAction): EnrollmentStatus | null {
  switch (action) {
    case 'approve':
      // A waitlisted enrolment can be approved only into a free seat: the caller checks the seat.
      return from === 'pending' || from === 'waitlisted' ? 'approved' : null;
    case 'reject':
      return from === 'pending' || from === 'waitlisted' ? 'rejected' : null;
    case 'withdraw':
      return from === 'pending' || from === 'approved' || from === 'waitlisted' ? 'withdrawn' : null;
  }
}

/** How many seats a move takes (+1), frees (-1) or leaves alone (0). */
export function seatChange(from: EnrollmentStatus, to: EnrollmentStatus): -1 | 0 | 1 {
  return ((holdsSeat(to) ? 1 : 0) - (holdsSeat(from) ? 1 : 0)) as -1 | 0 | 1;
}
