// Seats for nominees, inside a transaction that holds the offering's row lock (lockOffering): the same lock
// and the same seat count as every other enrolment, so a selection never takes a seat past capacity. The
// enrolment itself is made and withdrawn by the enrolments feature (EnrollmentsRepository, EnrollmentsService),
// which tells this class when a withdrawal frees a seat: a selected nominee's goes to an alternate.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import type { Offering } from '@amahoro/database/entities/offering.entity.js';
import { isOfferingClosed, offeringStatus } from '@amahoro/domain/courses/offering.rules.js';
import type { SelectionOutcome } from '@amahoro/domain/nominations/nomination.rules.js';
import { nomineeAccount } from '@amahoro/domain/users/user.rules.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { issueAccountToken } from '@amahoro/notifications/account-tokens.js';
import { offeringFacts, recordEnrollmentEvents } from '@amahoro/notifications/events.js';
import { recordNotifications } from '@amahoro/notifications/outbox.js';
import { AppError } from '../common/app-error.js';
import { EnrollmentErrors } from '../enrollments/enrollments.errors.js';
import { EnrollmentsRepository } from '../enrollments/enrollments.repository.js';
import { EnrollmentsService } from '../enrollments/enrollments.service.js';
import { adjustSeats } from '../courses/seats.js';
import { NominationErrors } from './nominations.errors.js';
import { alternatesOf, type Nomination, selectedNominationOf, setNominationStatus } from './nominations.repository.js';
import { accountByEmail, insertTrainee } from './nominee-seats.repository.js';
import { findOrganisation, focalPointIds } from './organisations.repository.js';
import type { Actor } from '../common/auth.decorators.js';

export type Account = { userId: string; userCreated: boolean } | { unverified: true };

@Injectable()
export class NomineeSeats implements OnModuleInit {
  constructor(
    private readonly enrollments: EnrollmentsRepository,
    private readonly enrollmentActs: EnrollmentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.enrollmentActs.onSeatFreed(async (tx, offering, enrollmentId, actor) => {
      const nomination = await selectedNominationOf(tx, enrollmentId);
      if (nomination) await this.handOverSeat(tx, offering, nomination, actor);
    });
  }

  /**
   * The account a selected nominee's seat goes to, found by e-mail; one is created (and invited) only now. An
   * address someone registered but never verified gets no seat: its owner is invited to take the account over,
   * as with bulk nominations. Touches no seat, so callers run it before taking the offering's lock.
   */
  async accountFor(tx: EntityManager, nomination: Nomination, actor: Actor): Promise<Account> {
    const serverKey = this.config.jwt.accessSecret;
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
        await recordAudit(tx, [{ actorId: actor.id, action: 'user.created', entity: 'user', entityId: userId, after: { email: nomination.email, fullName: nomination.fullName, role: 'trainee', nominationId: nomination.id } }], actor.requestId);
        return { userId, userCreated: true };
      }
    }
  }

  /** An approved enrolment holding a seat, for a caller holding the offering's row lock. Returns its id. */
  async seatNominee(tx: EntityManager, offering: Offering, userId: string): Promise<string> {
    if (await this.enrollments.holdsLive(tx, offering.id, userId)) throw NominationErrors.alreadyEnrolled();
    const status = offeringStatus(offering, new Date());
    if (isOfferingClosed(status)) throw EnrollmentErrors.offeringClosed(status);
    if (offering.seatsTaken >= offering.capacity) throw EnrollmentErrors.offeringFull();
    const enrollmentId = await this.enrollments.insertApproved(tx, offering.id, userId);
    await adjustSeats(tx, offering, 1);
    await recordEnrollmentEvents(tx, 'enrollment.approved', [enrollmentId]);
    return enrollmentId;
  }

  /** The focal points of the nomination's organisation hear the board's decision (one e-mail per decision). */
  async recordOutcome(tx: EntityManager, nomination: Nomination, outcome: SelectionOutcome, note: string | null, freedSeat = false): Promise<void> {
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
   * A selected nominee's enrolment was withdrawn (by them, or with their nomination): the nomination becomes
   * `withdrawn` and the seat is offered to the organisation's first alternate (priority, then arrival), who is
   * selected at once and enrolled; the focal points are told. An alternate who cannot take it (an unverified
   * address, someone not a trainee) is passed over. Returns the nomination that got the seat.
   */
  private async handOverSeat(tx: EntityManager, offering: Offering, withdrawn: Nomination, actor: Actor): Promise<string | null> {
    await withdrawNomination(tx, withdrawn, actor);
    for (const alternate of await alternatesOf(tx, offering.id, withdrawn.organisationId)) {
      let placement: { enrollmentId: string; userId: string };
      try {
        const account = await this.accountFor(tx, alternate, actor);
        if ('unverified' in account) continue;
        placement = { enrollmentId: await this.seatNominee(tx, offering, account.userId), userId: account.userId };
      } catch (error) {
        if (error instanceof AppError) continue;
        throw error;
      }
      const note = 'Offered the seat freed by a withdrawal';
      await setNominationStatus(tx, alternate.id, 'selected', { by: actor.id, note, enrollmentId: placement.enrollmentId, userId: placement.userId });
      await this.recordOutcome(tx, alternate, 'selected', note, true);
      await recordAudit(tx, [
        { actorId: actor.id, action: 'nomination.selected', entity: 'nomination', entityId: alternate.id, before: { status: 'alternate' }, after: { status: 'selected', enrollmentId: placement.enrollmentId, replaces: withdrawn.id } },
      ], actor.requestId);
      return alternate.id;
    }
    return null;
  }
}

/** A standing nomination is withdrawn (one holding a seat only once its enrolment is: see handOverSeat). */
export async function withdrawNomination(tx: EntityManager, nomination: Nomination, actor: Actor): Promise<void> {
  await setNominationStatus(tx, nomination.id, 'withdrawn');
  await recordAudit(tx, [{ actorId: actor.id, action: 'nomination.withdrawn', entity: 'nomination', entityId: nomination.id, before: { status: nomination.status }, after: { status: 'withdrawn' } }], actor.requestId);
}
