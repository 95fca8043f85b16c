// Seat bookkeeping inside a transaction, for every feature that gives or frees seats (enrolments, offerings,
// nominations, results). Every change to an offering's seats or waitlist first takes the offering's row lock,
// so they take turns; the check constraint on seats_taken is the backstop.
import type { EntityManager } from 'typeorm';
import type { Offering } from '@amahoro/database/entities/offering.entity.js';
import { statusWithSeat } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { recordEnrollmentEvents } from '@amahoro/notifications/events.js';
import { OfferingsRepository } from './offerings.repository.js';

// Stateless; these are free functions because their callers are free functions too.
const offerings = new OfferingsRepository();

export function lockOffering(tx: EntityManager, offeringId: string): Promise<Offering | null> {
  return offerings.lock(tx, offeringId);
}

export async function adjustSeats(tx: EntityManager, offering: Offering, delta: number): Promise<void> {
  if (delta === 0) return;
  await offerings.adjustSeats(tx, offering.id, delta);
  offering.seatsTaken += delta;
}

/** Gives the offering's free seats to the waitlist, first come first served. Returns the promoted ids. */
export async function fillFreeSeats(tx: EntityManager, offering: Offering): Promise<string[]> {
  const free = offering.capacity - offering.seatsTaken;
  if (free <= 0) return [];
  const promoted = await offerings.promoteWaitlisted(tx, offering.id, free, statusWithSeat(offering.approvalMode));
  await adjustSeats(tx, offering, promoted.length);
  await recordEnrollmentEvents(tx, 'enrollment.promoted', promoted);
  return promoted;
}
