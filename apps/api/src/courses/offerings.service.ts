import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Offering } from '@amahoro/database/entities/offering.entity.js';
import type { User } from '@amahoro/database/entities/user.entity.js';
import { isOfferingClosed, type OfferingDates, offeringDateProblems, offeringStatus } from '@amahoro/domain/courses/offering.rules.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingAccess } from '../common/offering-access.js';
import type { Page } from '../common/pagination.js';
import { recordOfferingEvent } from '@amahoro/notifications/events.js';
import { OfferingRemindersService } from '../notifications/offering-reminders.service.js';
import { CourseErrors, OfferingErrors } from './courses.errors.js';
import { CoursesRepository } from './courses.repository.js';
import { OfferingsRepository } from './offerings.repository.js';
import { fillFreeSeats, lockOffering } from './seats.js';
import type { CreateOfferingDto, ListOfferingsQuery, UpdateOfferingDto } from './dto/offering.dto.js';

export interface OfferingView {
  offering: Offering;
  waitlistLength: number;
}

@Injectable()
export class OfferingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OfferingAccess,
    private readonly reminders: OfferingRemindersService,
    private readonly offerings: OfferingsRepository,
    private readonly courses: CoursesRepository,
  ) {}

  async create(courseId: string, dto: CreateOfferingDto): Promise<OfferingView> {
    const id = await this.db.transaction(async (tx) => {
      const course = await this.courses.find(tx, courseId);
      if (!course) throw CourseErrors.notFound();
      if (course.status === 'archived') throw OfferingErrors.courseNotOfferable();
      const offering = {
        courseId,
        startsOn: dto.startsOn,
        endsOn: dto.endsOn,
        location: dto.location ?? null,
        capacity: dto.capacity,
        enrollmentOpensAt: new Date(dto.enrollmentOpensAt),
        enrollmentClosesAt: new Date(dto.enrollmentClosesAt),
        approvalMode: dto.approvalMode,
        minAttendancePercent: dto.minAttendancePercent ?? null,
        seatsTaken: 0,
        instructors: await this.loadInstructors(tx, dto.instructorIds),
      };
      assertDates(offering);
      return this.offerings.insert(tx, offering);
    });
    const view = await this.get(id);
    await this.reminders.scheduled(view.offering);
    return view;
  }

  /** Capacity never drops below the seats taken; seats it adds go to the waitlist at once. */
  async update(id: string, dto: UpdateOfferingDto): Promise<OfferingView> {
    const before = await this.db.transaction(async (tx) => {
      const offering = await lockOffering(tx, id);
      if (!offering) throw OfferingErrors.notFound();
      const status = offeringStatus(offering, new Date());
      if (isOfferingClosed(status)) throw OfferingErrors.notChangeable(status);
      if (dto.capacity !== undefined && dto.capacity < offering.seatsTaken) {
        throw OfferingErrors.capacityBelowSeatsTaken(offering.seatsTaken);
      }
      const { instructorIds, enrollmentOpensAt, enrollmentClosesAt, ...fields } = dto;
      const previous = { id, startsOn: offering.startsOn, endsOn: offering.endsOn };
      Object.assign(offering, fields);
      const datesChanged = offering.startsOn !== previous.startsOn || offering.endsOn !== previous.endsOn;
      if (datesChanged) offering.scheduleSequence += 1;
      if (enrollmentOpensAt) offering.enrollmentOpensAt = new Date(enrollmentOpensAt);
      if (enrollmentClosesAt) offering.enrollmentClosesAt = new Date(enrollmentClosesAt);
      assertDates(offering);
      await this.offerings.save(tx, offering);
      if (instructorIds) {
        await this.loadInstructors(tx, instructorIds);
        await this.offerings.replaceInstructors(tx, id, instructorIds);
      }
      await fillFreeSeats(tx, offering);
      if (datesChanged) {
        await recordOfferingEvent(tx, 'offering.rescheduled', id, offering.scheduleSequence, {
          previousStartsOn: previous.startsOn,
          previousEndsOn: previous.endsOn,
        });
      }
      return previous;
    });
    const view = await this.get(id);
    await this.reminders.moved(before, view.offering);
    return view;
  }

  async cancel(id: string): Promise<OfferingView> {
    await this.db.transaction(async (tx) => {
      const offering = await lockOffering(tx, id);
      if (!offering) throw OfferingErrors.notFound();
      const status = offeringStatus(offering, new Date());
      if (isOfferingClosed(status)) throw OfferingErrors.notChangeable(status);
      await this.offerings.cancel(tx, id);
      await recordOfferingEvent(tx, 'offering.cancelled', id, 0);
    });
    const view = await this.get(id);
    await this.reminders.cancelled(view.offering);
    return view;
  }

  async get(id: string): Promise<OfferingView> {
    const offering = await this.offerings.withDetails(this.db.manager, id);
    if (!offering) throw OfferingErrors.notFound();
    return { offering, waitlistLength: (await this.offerings.waitlistLengths(this.db.manager, [id])).get(id) ?? 0 };
  }

  /** Offerings of unpublished courses are seen only by admins and the offering's instructors. */
  async getVisible(id: string, viewer: AuthUser | undefined): Promise<OfferingView> {
    const view = await this.get(id);
    if (view.offering.course.status !== 'published' && !this.access.isStaffOfLoaded(view.offering, viewer)) throw OfferingErrors.notFound();
    return view;
  }

  /** `taughtBy`: only the offerings this instructor teaches, whatever their course's status. */
  async list(query: ListOfferingsQuery, viewer: AuthUser | undefined, taughtBy?: string): Promise<Page<OfferingView>> {
    const staff = this.access.staffSql('o', viewer, ':viewer');
    const { items, total } = await this.offerings.page(this.db.manager, {
      taughtBy,
      unpublishedVisibleIf: staff === null ? undefined : { sql: staff, viewer: viewer?.id },
      courseId: query.courseId,
      status: query.status,
      from: query.from,
      to: query.to,
      limit: query.limit,
      offset: query.offset,
    });
    const waitlists = await this.offerings.waitlistLengths(this.db.manager, items.map((o) => o.id));
    return {
      items: items.map((offering) => ({ offering, waitlistLength: waitlists.get(offering.id) ?? 0 })),
      total,
      page: query.page,
      limit: query.limit,
    };
  }

  private async loadInstructors(tx: EntityManager, ids: string[]): Promise<User[]> {
    const found = await this.offerings.activeInstructors(tx, ids);
    const missing = ids.filter((id) => !found.some((user) => user.id === id));
    if (missing.length > 0) throw OfferingErrors.notInstructors(missing);
    return found;
  }
}

function assertDates(dates: OfferingDates): void {
  const problems = offeringDateProblems(dates);
  if (problems.length > 0) throw OfferingErrors.invalidDates(problems);
}
