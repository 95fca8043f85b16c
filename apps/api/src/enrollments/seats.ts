// Seat bookkeeping inside a transaction. Every change to an offering's seats or waitlist first takes the
// offering's row lock, so they take turns; the check constraint on seats_taken is the backstop.
import type { EntityManager } from 'typeorm';
import { Offering } from '@amahoro/database/entities/offering.entity.js';
import { statusWithSeat } from '@amahoro/domain/enrollments/enrollment.rules.js';
import { recordEnrollmentEvents } from '@amahoro/notifications/events.js';

export function lockOffering(tx: EntityManager, offeringId: string): Promise<Offering | null> {
  return tx.getRepository(Offering).findOne({ where: { id: offeringId }, lock: { mode: 'pessimistic_write' } });
}

export async function adjustSeats(tx: EntityManager, offering: Offering, delta: number): Promise<void> {
  if (delta === 0) return;
  await tx.query('UPDATE offerings SET seats_taken = seats_taken + $2, updated_at = now() WHERE id = $1', [offering.id, delta]);
  offering.seatsTaken += delta;
}

/** Gives the offering's free seats to the waitlist, first come first served. Returns the promoted ids. */
export async function fillFreeSeats(tx: EntityManager, offering: Offering): Promise<string[]> {
  const free = offering.capacity - offering.seatsTaken;
  if (free <= 0) return [];
  const [rows] = (await tx.query(
    `UPDATE enrollments SET status = $3, updated_at = now()
      WHERE id IN (SELECT id FROM enrollments WHERE offering_id = $1 AND status = 'waitlisted' ORDER BY seq LIMIT $2)
      RETURNING id`,
    [offering.id, free, statusWithSeat(offering.approvalMode)],
  )) as [Array<{ id: string }>, number];
  await adjustSeats(tx, offering, rows.length);
  await recordEnrollmentEvents(tx, 'enrollment.promoted', rows.map((row) => row.id));
  return rows.map((row) => row.id);
}
