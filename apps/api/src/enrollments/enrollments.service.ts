import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Offering } from '@amahoro/database/entities/offering.entity.js';
import { isOfferingClosed, offeringStatus } from '@amahoro/domain/courses/offering.rules.js';
import { type EnrollmentAction, nextStatus, seatChange } from '@amahoro/domain/enrollments/enrollment.rules.js';
import type { Actor, AuthUser } from '../common/auth.decorators.js';
import { OfferingAccess } from '../common/offering-access.js';
import type { Page } from '../common/pagination.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { recordEnrollmentEvents } from '@amahoro/notifications/events.js';
import { isUniqueViolation } from '../common/sql.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { OfferingsRepository } from '../courses/offerings.repository.js';
import { adjustSeats, fillFreeSeats, lockOffering } from '../courses/seats.js';
import type { ListEnrollmentsQuery } from './dto/enrollment.dto.js';
import type { EnrollmentResponse } from './dto/enrollment.response.js';
import { EnrollmentErrors } from './enrollments.errors.js';
import { type EnrolRefusal, EnrollmentsRepository, type EnrollmentFilter, type EnrollmentRef } from './enrollments.repository.js';

const AUDIT_ACTIONS = { approve: 'enrollment.approved', reject: 'enrollment.rejected', withdraw: 'enrollment.withdrawn' } as const;

/**
 * Told, inside the transaction and with the offering locked, that a withdrawal freed an enrolment's seat; runs
 * before the waitlist is served. Nominations give a selected nominee's seat to an alternate this way.
 */
export type SeatFreedListener = (tx: EntityManager, offering: Offering, enrollmentId: string, actor: Actor) => Promise<void>;

/** The error a refused enrolment answers with. */
function refusalError(refusal: EnrolRefusal): Error {
  switch (refusal.reason) {
    case 'offering_not_found':
      return OfferingErrors.notFound();
    case 'user_not_found':
      return EnrollmentErrors.userNotFound();
    case 'not_a_trainee':
      return EnrollmentErrors.notATrainee();
    case 'already_exists':
      return EnrollmentErrors.alreadyExists();
    case 'prerequisites_missing':
      return EnrollmentErrors.prerequisitesMissing([...refusal.missing].sort());
    case 'offering_closed':
      return EnrollmentErrors.offeringClosed(refusal.status);
    case 'window_closed':
      return EnrollmentErrors.windowClosed();
  }
}

@Injectable()
export class EnrollmentsService {
  private readonly seatFreedListeners: SeatFreedListener[] = [];

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OfferingAccess,
    private readonly enrollments: EnrollmentsRepository,
    private readonly offerings: OfferingsRepository,
  ) {}

  /** Registered at start-up by the features that build on enrolments, so that enrolments import nothing of theirs. */
  onSeatFreed(listener: SeatFreedListener): void {
    this.seatFreedListeners.push(listener);
  }

  /** A trainee enrols themselves; an admin enrols a named trainee, and may do so outside the window. */
  async enrol(offeringId: string, actor: AuthUser, requestedUserId: string | undefined): Promise<EnrollmentResponse> {
    let userId = actor.id;
    if (actor.role === 'admin') {
      if (!requestedUserId) throw EnrollmentErrors.userIdRequired();
      userId = requestedUserId;
    } else if (requestedUserId && requestedUserId !== actor.id) {
      throw EnrollmentErrors.otherUser();
    }
    // One statement, atomic on its own: no transaction to open, and the offering's lock is let go at its end.
    return this.enrolIn(this.db.manager, offeringId, userId, actor.role === 'admin');
  }

  /**
   * The one way an enrolment is made: checks, seat, insert and notification, decided by the database in one
   * statement (EnrollmentsRepository.enrol). `db`: the caller's transaction, if any (a bulk row).
   */
  async enrolIn(db: EntityManager, offeringId: string, userId: string, byAdmin: boolean): Promise<EnrollmentResponse> {
    let made;
    try {
      made = await this.enrollments.enrol(db, offeringId, userId, byAdmin);
    } catch (error) {
      throw isUniqueViolation(error) ? EnrollmentErrors.alreadyExists() : error;
    }
    if (made.refusal) throw refusalError(made.refusal);
    return made.enrollment;
  }

  /**
   * approve · reject (admins) · withdraw (the trainee or an admin), with the reason given for a reject or a
   * withdrawal. A freed seat goes to the waitlist.
   */
  async act(enrollmentId: string, action: EnrollmentAction, actor: AuthUser, reason?: string): Promise<EnrollmentResponse> {
    await this.db.transaction(async (tx) => {
      const found = await this.enrollments.find(tx, enrollmentId);
      if (!found || (actor.role !== 'admin' && found.userId !== actor.id)) throw EnrollmentErrors.notFound();
      const offering = (await lockOffering(tx, found.offeringId))!;
      // Read again under the offering's lock: the status may have moved while we waited for it.
      await this.actIn(tx, offering, (await this.enrollments.find(tx, enrollmentId))!, action, actor, { reason });
    });
    return this.view(enrollmentId);
  }

  /**
   * The one way an enrolment's status is changed by an act, for a caller holding the offering's lock that read
   * `enrollment` under it: the seat it takes or frees, the trainee told, a freed seat offered to the listeners
   * (onSeatFreed) and then to the waitlist, the audit record (with `audited` added to what it keeps).
   */
  async actIn(
    tx: EntityManager,
    offering: Offering,
    enrollment: EnrollmentRef,
    action: EnrollmentAction,
    actor: AuthUser,
    { reason, audited }: { reason?: string; audited?: Record<string, unknown> } = {},
  ): Promise<void> {
    const offeringNow = offeringStatus(offering, new Date());
    if (isOfferingClosed(offeringNow)) throw EnrollmentErrors.offeringClosed(offeringNow);
    const to = nextStatus(enrollment.status, action);
    if (!to) throw EnrollmentErrors.invalidTransition(action, enrollment.status);
    const seats = seatChange(enrollment.status, to);
    if (seats > 0 && offering.seatsTaken >= offering.capacity) throw EnrollmentErrors.offeringFull();
    await this.enrollments.setStatus(tx, enrollment.id, to, reason);
    await adjustSeats(tx, offering, seats);
    // A trainee who withdraws knows it; an admin's decision is news to them.
    const byAdmin = actor.id !== enrollment.userId;
    const told = { approve: 'enrollment.approved', reject: 'enrollment.rejected', withdraw: byAdmin ? 'enrollment.withdrawn' : null } as const;
    if (told[action]) await recordEnrollmentEvents(tx, told[action], [enrollment.id]);
    if (action === 'withdraw' && seats < 0) for (const listener of this.seatFreedListeners) await listener(tx, offering, enrollment.id, actor);
    const promoted = await fillFreeSeats(tx, offering);
    await recordAudit(tx, [
      {
        actorId: actor.id,
        action: AUDIT_ACTIONS[action],
        entity: 'enrollment',
        entityId: enrollment.id,
        before: { status: enrollment.status },
        after: { status: to, ...(reason !== undefined ? { reason } : {}), ...audited, promoted },
      },
    ], actor.requestId);
  }

  /** Admins and the offering's instructors; anyone else 403 (a missing offering 404). */
  async roster(offeringId: string, actor: AuthUser, query: ListEnrollmentsQuery): Promise<Page<EnrollmentResponse>> {
    if (!(await this.offerings.exists(this.db.manager, offeringId))) throw OfferingErrors.notFound();
    await this.access.requireStaff(offeringId, actor, EnrollmentErrors.rosterForbidden);
    return this.page({ offeringId, status: query.status }, query);
  }

  mine(actor: AuthUser, query: ListEnrollmentsQuery): Promise<Page<EnrollmentResponse>> {
    return this.page({ userId: actor.id, status: query.status }, query);
  }

  /** The trainee, admins and the offering's instructors see an enrolment; to anyone else it does not exist. */
  async get(id: string, actor: AuthUser): Promise<EnrollmentResponse> {
    const view = await this.view(id);
    if (view.userId === actor.id) return view;
    await this.access.requireStaff(view.offeringId, actor, EnrollmentErrors.notFound);
    return view;
  }

  private async view(id: string): Promise<EnrollmentResponse> {
    const view = await this.enrollments.view(this.db.manager, id);
    if (!view) throw EnrollmentErrors.notFound();
    return view;
  }

  private async page(filter: EnrollmentFilter, query: ListEnrollmentsQuery): Promise<Page<EnrollmentResponse>> {
    const { items, total } = await this.enrollments.page(this.db.manager, { ...filter, limit: query.limit, offset: query.offset });
    return { items, total, page: query.page, limit: query.limit };
  }
}
