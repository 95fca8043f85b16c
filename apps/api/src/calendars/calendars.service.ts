import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { allDayEnd, calendarEventStatus, type CalendarEventStatus, FEED_ENROLLMENT_STATUSES } from '@amahoro/domain/calendars/calendar.rules.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { CalendarErrors } from './calendars.errors.js';
import { type CalendarOffering, CalendarsRepository } from './calendars.repository.js';

const ICAL_STATUS: Record<CalendarEventStatus, ICalEventStatus> = {
  cancelled: ICalEventStatus.CANCELLED,
  tentative: ICalEventStatus.TENTATIVE,
  confirmed: ICalEventStatus.CONFIRMED,
};


/**
 * iCalendar for Google, Outlook and Apple: each offering is an all-day event (its dates carry no time or
 * zone), with a UID that never changes, a SEQUENCE bumped with each change of dates, and STATUS:CANCELLED
 * once cancelled, so subscribed calendars update the event in place.
 */
@Injectable()
export class CalendarsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: CalendarsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async offering(id: string, viewer: AuthUser | undefined): Promise<string> {
    const offering = await this.calendars.offering(this.db.manager, id, viewer?.role === 'admin');
    if (!offering) throw OfferingErrors.notFound();
    return this.render(offering.title, [offering]);
  }

  /** The feed's URL: the user's id and a MAC over it and a salt; rotating replaces the salt. */
  async feedUrl(userId: string, rotate: boolean): Promise<string> {
    const salt = await this.calendars.feedSalt(this.db.manager, userId, randomBytes(16).toString('base64url'), rotate);
    return `${this.config.publicBaseUrl}/api/v1/calendar/${userId}.${this.mac(userId, salt)}`;
  }

  async feed(token: string): Promise<string> {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) throw CalendarErrors.feedNotFound();
    const [userId, presented] = [match[1]!, match[2]!];
    const owner = await this.calendars.feedOwner(this.db.manager, userId);
    const expected = owner?.salt ? Buffer.from(this.mac(userId, owner.salt)) : null;
    if (!expected || expected.length !== presented.length || !timingSafeEqual(expected, Buffer.from(presented))) throw CalendarErrors.feedNotFound();
    const offerings = await this.calendars.feedOfferings(this.db.manager, userId, FEED_ENROLLMENT_STATUSES);
    return this.render(`${this.config.certificates.academyName} — ${owner!.fullName}`, offerings);
  }

  private mac(userId: string, salt: string): string {
    return createHmac('sha256', this.config.jwt.accessSecret).update(`amahoro-calendar\0${userId}\0${salt}`).digest('base64url');
  }

  private render(name: string, offerings: CalendarOffering[]): string {
    const base = this.config.publicBaseUrl;
    const host = new URL(base).hostname;
    const calendar = ical({ name, prodId: { company: this.config.certificates.academyName, product: 'Amahoro', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, ttl: 3600 });
    for (const offering of offerings) {
      calendar.createEvent({
        id: `offering-${offering.id}@${host}`,
        sequence: offering.scheduleSequence,
        allDay: true,
        start: new Date(`${offering.startsOn}T00:00:00Z`),
        end: allDayEnd(offering.endsOn),
        summary: `${offering.title} (${offering.code})`,
        location: offering.location,
        description: `${offering.title}\n${base}/offerings/${offering.id}`,
        url: `${base}/offerings/${offering.id}`,
        status: ICAL_STATUS[calendarEventStatus(offering)],
        stamp: offering.updatedAt,
        created: offering.createdAt,
        lastModified: offering.updatedAt,
      });
    }
    return calendar.toString();
  }
}
