import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Course } from '@amahoro/database/entities/course.entity.js';
import { Offering } from '@amahoro/database/entities/offering.entity.js';
import { OFFERING_STATUS_SQL, offeringDateProblems, offeringStatus } from '@amahoro/domain/courses/offering.rules.js';
import { User } from '@amahoro/database/entities/user.entity.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingAccess } from '../common/offering-access.js';
import type { Page } from '../common/pagination.js';
import { recordOfferingEvent } from '@amahoro/notifications/events.js';
import { fillFreeSeats, lockOffering } from '../enrollments/seats.js';
import { OfferingRemindersService } from '../notifications/offering-reminders.service.js';
import { CourseErrors, OfferingErrors } from './courses.errors.js';
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
  ) {}

  async create(courseId: string, dto: CreateOfferingDto): Promise<OfferingView> {
    const id = await this.db.transaction(async (tx) => {
      const course = await tx.getRepository(Course).findOneBy({ id: courseId });
      if (!course) throw CourseErrors.notFound();
      if (course.status === 'archived') throw OfferingErrors.courseNotOfferable();
      const offering = tx.getRepository(Offering).create({
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
      });
      assertDates(offering);
      offering.instructors = await this.loadInstructors(tx, dto.instructorIds);
      return (await tx.getRepository(Offering).save(offering)).id;
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
      if (status === 'cancelled' || status === 'completed') throw OfferingErrors.notChangeable(status);
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
      await tx.getRepository(Offering).save(offering);
      if (instructorIds) {
        const instructors = await this.loadInstructors(tx, instructorIds);
        await tx.query('DELETE FROM offering_instructors WHERE offering_id = $1', [id]);
        if (instructors.length > 0) {
          await tx.query('INSERT INTO offering_instructors (offering_id, user_id) SELECT $1, unnest($2::uuid[])', [id, instructorIds]);
        }
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
      if (status === 'cancelled' || status === 'completed') throw OfferingErrors.notChangeable(status);
      await tx.getRepository(Offering).update(id, { cancelledAt: new Date() });
      await recordOfferingEvent(tx, 'offering.cancelled', id, 0);
    });
    const view = await this.get(id);
    await this.reminders.cancelled(view.offering);
    return view;
  }

  async get(id: string): Promise<OfferingView> {
    const offering = await this.db.getRepository(Offering).findOne({ where: { id }, relations: { course: true, instructors: true } });
    if (!offering) throw OfferingErrors.notFound();
    return { offering, waitlistLength: (await this.waitlistLengths([id])).get(id) ?? 0 };
  }

  /** Offerings of unpublished courses are seen only by admins and the offering's instructors. */
  async getVisible(id: string, viewer: AuthUser | undefined): Promise<OfferingView> {
    const view = await this.get(id);
    if (view.offering.course.status !== 'published' && !this.access.isStaffOfLoaded(view.offering, viewer)) throw OfferingErrors.notFound();
    return view;
  }

  /** `taughtBy`: only the offerings this instructor teaches, whatever their course's status. */
  async list(query: ListOfferingsQuery, viewer: AuthUser | undefined, taughtBy?: string): Promise<Page<OfferingView>> {
    const qb = this.db.getRepository(Offering).createQueryBuilder('o').innerJoin('o.course', 'c');
    if (taughtBy) {
      qb.andWhere('EXISTS (SELECT 1 FROM offering_instructors t WHERE t.offering_id = o.id AND t.user_id = :taughtBy)', { taughtBy });
    } else {
      const staff = this.access.staffSql('o', viewer, ':viewer');
      if (staff !== null) qb.andWhere(`(c.status = 'published' OR ${staff})`, { viewer: viewer?.id });
    }
    if (query.courseId) qb.andWhere('o.course_id = :courseId', { courseId: query.courseId });
    if (query.status) qb.andWhere(`${OFFERING_STATUS_SQL} = :status`, { status: query.status });
    if (query.from) qb.andWhere('o.ends_on >= :from', { from: query.from });
    if (query.to) qb.andWhere('o.starts_on <= :to', { to: query.to });
    const [page, total] = await qb.orderBy('o.starts_on', 'ASC').addOrderBy('o.id', 'ASC').skip(query.offset).take(query.limit).getManyAndCount();
    const ids = page.map((o) => o.id);
    const [full, waitlists] = await Promise.all([
      ids.length ? this.db.getRepository(Offering).find({ where: { id: In(ids) }, relations: { course: true, instructors: true } }) : [],
      this.waitlistLengths(ids),
    ]);
    const byId = new Map(full.map((o) => [o.id, o]));
    return {
      items: ids.map((id) => ({ offering: byId.get(id)!, waitlistLength: waitlists.get(id) ?? 0 })),
      total,
      page: query.page,
      limit: query.limit,
    };
  }

  private async waitlistLengths(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ offering_id: string; n: number }> = await this.db.query(
      `SELECT offering_id, count(*)::int AS n FROM enrollments WHERE offering_id = ANY($1::uuid[]) AND status = 'waitlisted' GROUP BY offering_id`,
      [ids],
    );
    return new Map(rows.map((row) => [row.offering_id, row.n]));
  }

  private async loadInstructors(tx: EntityManager, ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    const found = await tx.getRepository(User).findBy({ id: In(ids), role: 'instructor', active: true });
    const missing = ids.filter((id) => !found.some((user) => user.id === id));
    if (missing.length > 0) throw OfferingErrors.notInstructors(missing);
    return found;
  }
}


function assertDates(offering: Offering): void {
  const problems = offeringDateProblems(offering);
  if (problems.length > 0) throw OfferingErrors.invalidDates(problems);
}
