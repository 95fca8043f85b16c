// Seats for nominees, inside a transaction that holds the offering's row lock (lockOffering): the same lock
// and the same seat count as every other enrolment, so a selection never takes a seat past capacity.
import type { EntityManager } from 'typeorm';
import type { Offering } from '@amahoro/database/entities/offering.entity.js';
import { isOfferingClosed, offeringStatus } from '@amahoro/domain/courses/offering.rules.js';
import { nomineeAccount, type SelectionOutcome } from '@amahoro/domain/nominations/nomination.rules.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { issueAccountToken } from '@amahoro/notifications/account-tokens.js';
import { offeringFacts, recordEnrollmentEvents } from '@amahoro/notifications/events.js';
import { recordNotifications } from '@amahoro/notifications/outbox.js';
import { AppError } from '../common/app-error.js';
import { EnrollmentErrors } from '../enrollments/enrollments.errors.js';
import { adjustSeats } from '../courses/seats.js';
import { NominationErrors } from './nominations.errors.js';
import { alternatesOf, type Nomination, setNominationStatus } from './nominations.repository.js';
import { accountByEmail, holdsEnrollment, insertApprovedEnrollment, insertTrainee } from './nominee-seats.repository.js';
import { findOrganisation, focalPointIds } from './organisations.repository.js';

export type Account = { userId: string; userCreated: boolean } | { unverified: true };

/**
 * The account a selected nominee's seat goes to, found by e-mail; one is created (and invited) only now. An
 * address someone registered but never verified gets no seat: its owner is invited to take the account over,
 * as with bulk nominations. Touches no seat, so callers run it before taking the offering's lock.
 */
export async function accountFor(tx: EntityManager, nomination: Nomination, actorId: string, serverKey: string): Promise<Account> {
  const found = await accountByEmail(tx, nomination.email);
  switch (nomineeAccount(found)) {
    case 'unverified':
      await issueAccountToken(tx, found!.id, 'invite', serverKey);
      return { unverified: true };
    case 'not_a_trainee':
      throw NominationErrors.notATrainee();
    case 'use':
      return { userId: found!.id, userCreated: false };
    case 'create': {
      const organisation = await findOrganisation(tx, nomination.organisationId);
      const userId = await insertTrainee(tx, nomination, organisation?.name ?? null);
      await issueAccountToken(tx, userId, 'invite', serverKey);
      await recordAudit(tx, [{ actorId, action: 'user.created', entity: 'user', entityId: userId, after: { email: nomination.email, fullName: nomination.fullName, role: 'trainee', nominationId: nomination.id } }]);
      return { userId, userCreated: true };
    }
  }
}

/** An approved enrolment holding a seat, for a caller holding the offering's row lock. Returns its id. */
export async function seatNominee(tx: EntityManager, offering: Offering, userId: string): Promise<string> {
  if (await holdsEnrollment(tx, offering.id, userId)) throw NominationErrors.alreadyEnrolled();
  const status = offeringStatus(offering, new Date());
  if (isOfferingClosed(status)) throw EnrollmentErrors.offeringClosed(status);
  if (offering.seatsTaken >= offering.capacity) throw EnrollmentErrors.offeringFull();
  const enrollmentId = await insertApprovedEnrollment(tx, offering.id, userId);
  await adjustSeats(tx, offering, 1);
  await recordEnrollmentEvents(tx, 'enrollment.approved', [enrollmentId]);
  return enrollmentId;
}

/** The focal points of the nomination's organisation hear the board's decision (one e-mail per decision). */
export async function recordOutcome(tx: EntityManager, nomination: Nomination, outcome: SelectionOutcome, note: string | null, freedSeat = false): Promise<void> {
  const recipients = await focalPointIds(tx, nomination.organisationId);
  const facts = await offeringFacts(tx, nomination.offeringId);
  const version = Date.now();
  await recordNotifications(
    tx,
    recipients.map((recipientId) => ({
      kind: `nomination.${outcome}` as const,
      recipientId,
      entityId: nomination.id,
      version,
      data: { ...facts, candidateName: nomination.fullName, note, freedSeat },
    })),
  );
}

/**
 * A selected nominee's seat was given up (their enrolment withdrawn, or their nomination): the nomination
 * becomes `withdrawn` and the seat is offered to the organisation's first alternate (priority, then arrival),
 * who is selected at once and enrolled; the focal points are told. An alternate who cannot take it (an
 * unverified address, someone not a trainee) is passed over. Returns the nomination that got the seat.
 */
export async function handOverSeat(tx: EntityManager, offering: Offering, withdrawn: Nomination, actorId: string, serverKey: string): Promise<string | null> {
  await setNominationStatus(tx, withdrawn.id, 'withdrawn');
  await recordAudit(tx, [{ actorId, action: 'nomination.withdrawn', entity: 'nomination', entityId: withdrawn.id, before: { status: withdrawn.status }, after: { status: 'withdrawn' } }]);
  for (const alternate of await alternatesOf(tx, offering.id, withdrawn.organisationId)) {
    let placement: { enrollmentId: string; userId: string };
    try {
      const account = await accountFor(tx, alternate, actorId, serverKey);
      if ('unverified' in account) continue;
      placement = { enrollmentId: await seatNominee(tx, offering, account.userId), userId: account.userId };
    } catch (error) {
      if (error instanceof AppError) continue;
      throw error;
    }
    const note = 'Offered the seat freed by a withdrawal';
    await setNominationStatus(tx, alternate.id, 'selected', { by: actorId, note, enrollmentId: placement.enrollmentId, userId: placement.userId });
    await recordOutcome(tx, alternate, 'selected', note, true);
    await recordAudit(tx, [
      { actorId, action: 'nomination.selected', entity: 'nomination', entityId: alternate.id, before: { status: 'alternate' }, after: { status: 'selected', enrollmentId: placement.enrollmentId, replaces: withdrawn.id } },
    ]);
    return alternate.id;
  }
  return null;
}
