// The SQL behind calendars: an offering as an event, a person's feed secret, and the offerings of their feed.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';

/** An offering as a calendar shows it. */
export interface CalendarOffering {
  id: string;
  startsOn: string;
  endsOn: string;
  location: string | null;
  /** Bumped with each change of dates: subscribed calendars update the event in place. */
  scheduleSequence: number;
  cancelledAt: Date | null;
  updatedAt: Date;
  createdAt: Date;
  title: string;
  code: string;
  /** The person's enrolments in it (none when they only teach it, or for the public event). */
  enrollmentStatuses: EnrollmentStatus[];
}

const EVENT_COLUMNS = `o.id, o.starts_on::text AS "startsOn", o.ends_on::text AS "endsOn", o.location, o.schedule_sequence AS "scheduleSequence",
  o.cancelled_at AS "cancelledAt", o.updated_at AS "updatedAt", o.created_at AS "createdAt", c.title, c.code`;

@Injectable()
export class CalendarsRepository {
  /** The offering, if its course is published or `anyCourse` (an admin looks). */
  async offering(db: EntityManager, offeringId: string, anyCourse: boolean): Promise<CalendarOffering | null> {
    const [row]: CalendarOffering[] = await db.query(
      `SELECT ${EVENT_COLUMNS}, '{}'::text[] AS "enrollmentStatuses" FROM offerings o JOIN courses c ON c.id = o.course_id
        WHERE o.id = $1 AND (c.status = 'published' OR $2)`,
      [offeringId, anyCourse],
    );
    return row ?? null;
  }

  /** The offerings where the user is enrolled with one of these statuses or teaches, by start date. */
  async feedOfferings(db: EntityManager, userId: string, statuses: readonly EnrollmentStatus[]): Promise<CalendarOffering[]> {
    return db.query(
      `SELECT ${EVENT_COLUMNS}, array_remove(array_agg(e.status), NULL)::text[] AS "enrollmentStatuses"
         FROM offerings o JOIN courses c ON c.id = o.course_id
         LEFT JOIN enrollments e ON e.offering_id = o.id AND e.user_id = $1 AND e.status = ANY($2::text[])
         LEFT JOIN offering_instructors i ON i.offering_id = o.id AND i.user_id = $1
        WHERE e.id IS NOT NULL OR i.user_id IS NOT NULL
        GROUP BY o.id, c.id
        ORDER BY o.starts_on`,
      [userId, statuses],
    );
  }

  /** The salt of the user's feed URL: a new one when `replace`, else the current one (made on first use). */
  async feedSalt(db: EntityManager, userId: string, candidate: string, replace: boolean): Promise<string> {
    const [rows] = (await db.query(
      `UPDATE users SET calendar_token = ${replace ? '$2' : 'coalesce(calendar_token, $2)'} WHERE id = $1 RETURNING calendar_token AS salt`,
      [userId, candidate],
    )) as [Array<{ salt: string }>, number];
    return rows[0]!.salt;
  }

  /** An active user's feed salt (null before the first URL) and name; null for an unknown or inactive user. */
  async feedOwner(db: EntityManager, userId: string): Promise<{ salt: string | null; fullName: string } | null> {
    const [row]: Array<{ salt: string | null; fullName: string }> = await db.query(
      `SELECT calendar_token AS salt, full_name AS "fullName" FROM users WHERE id = $1 AND active`,
      [userId],
    );
    return row ?? null;
  }
}
