import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { CalendarErrors } from './calendars.errors.js';

interface EventRow {
  id: string;
  starts_on: string;
  ends_on: string;
  location: string | null;
  schedule_sequence: number;
  cancelled_at: Date | null;
  updated_at: Date;
  created_at: Date;
  title: string;
  code: string;
  /** pending: not confirmed yet. */
  tentative: boolean;
}

const EVENT_COLUMNS = `o.id, o.starts_on::text AS starts_on, o.ends_on::text AS ends_on, o.location, o.schedule_sequence,
  o.cancelled_at, o.updated_at, o.created_at, c.title, c.code`;

/**
 * iCalendar for Google, Outlook and Apple: each offering is an all-day event (its dates carry no time or
 * zone), with a UID that never changes, a SEQUENCE bumped with each change of dates, and STATUS:CANCELLED
 * once cancelled, so subscribed calendars update the event in place.
 */
@Injectable()
export class CalendarsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async offering(id: string, viewer: AuthUser | undefined): Promise<string> {
    const rows: EventRow[] = await this.db.query(
      `SELECT ${EVENT_COLUMNS}, false AS tentative FROM offerings o JOIN courses c ON c.id = o.course_id
        WHERE o.id = $1 AND (c.status = 'published' OR $2)`,
      [id, viewer?.role === 'admin'],
    );
    if (!rows[0]) throw OfferingErrors.notFound();
    return this.render(rows[0].title, rows);
  }

  /** The feed's URL: the user's id and a MAC over it and a salt; rotating replaces the salt. */
  async feedUrl(userId: string, rotate: boolean): Promise<string> {
    const salt = randomBytes(16).toString('base64url');
    const [rows]: [Array<{ calendar_token: string }>, number] = await this.db.query(
      `UPDATE users SET calendar_token = ${rotate ? '$2' : 'coalesce(calendar_token, $2)'} WHERE id = $1 RETURNING calendar_token`,
      [userId, salt],
    );
    return `${this.config.publicBaseUrl}/api/v1/calendar/${userId}.${this.mac(userId, rows[0]!.calendar_token)}`;
  }

  async feed(token: string): Promise<string> {
    const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) throw CalendarErrors.feedNotFound();
    const [userId, presented] = [match[1]!, match[2]!];
    const [user]: Array<{ calendar_token: string | null; full_name: string }> = await this.db.query(
      `SELECT calendar_token, full_name FROM users WHERE id = $1 AND active`,
      [userId],
    );
    const expected = user?.calendar_token ? Buffer.from(this.mac(userId, user.calendar_token)) : null;
    if (!expected || expected.length !== presented.length || !timingSafeEqual(expected, Buffer.from(presented))) throw CalendarErrors.feedNotFound();
    const rows: EventRow[] = await this.db.query(
      `SELECT ${EVENT_COLUMNS}, bool_and(e.status = 'pending') AS tentative
         FROM offerings o JOIN courses c ON c.id = o.course_id
         LEFT JOIN enrollments e ON e.offering_id = o.id AND e.user_id = $1 AND e.status IN ('pending', 'approved', 'completed', 'failed')
         LEFT JOIN offering_instructors i ON i.offering_id = o.id AND i.user_id = $1
        WHERE e.id IS NOT NULL OR i.user_id IS NOT NULL
        GROUP BY o.id, c.id
        ORDER BY o.starts_on`,
      [userId],
    );
    return this.render(`${this.config.certificates.academyName} — ${user!.full_name}`, rows);
  }

  private mac(userId: string, salt: string): string {
    return createHmac('sha256', this.config.jwt.accessSecret).update(`amahoro-calendar\0${userId}\0${salt}`).digest('base64url');
  }

  private render(name: string, rows: EventRow[]): string {
    const base = this.config.publicBaseUrl;
    const host = new URL(base).hostname;
    const calendar = ical({ name, prodId: { company: this.config.certificates.academyName, product: 'Amahoro', language: 'EN' }, method: ICalCalendarMethod.PUBLISH, ttl: 3600 });
    for (const row of rows) {
      const end = new Date(`${row.ends_on}T00:00:00Z`);
      end.setUTCDate(end.getUTCDate() + 1); // DTEND of an all-day event is the day after the last
      calendar.createEvent({
        id: `offering-${row.id}@${host}`,
        sequence: row.schedule_sequence,
        allDay: true,
        start: new Date(`${row.starts_on}T00:00:00Z`),
        end,
        summary: `${row.title} (${row.code})`,
        location: row.location,
        description: `${row.title}\n${base}/offerings/${row.id}`,
        url: `${base}/offerings/${row.id}`,
        status: row.cancelled_at ? ICalEventStatus.CANCELLED : row.tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
        stamp: row.updated_at,
        created: row.created_at,
        lastModified: row.updated_at,
      });
    }
    return calendar.toString();
  }
}
