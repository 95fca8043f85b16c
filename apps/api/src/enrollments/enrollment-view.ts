// An enrolment as the API shows it, read by one SELECT: the trainee, the offering and its course, the place on
// the waitlist (WAITLIST_PLACE); the columns and their mapping to the response.
import type { FailedOn } from '@amahoro/domain/assessments/grading.rules.js';
import type { EnrollmentStatus } from '@amahoro/domain/enrollments/enrollment.rules.js';
import type { Gender, ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import type { EnrollmentResponse } from './dto/enrollment.response.js';

/** An enrolment as the API shows it: the trainee, the offering and its course, the place on the waitlist. */
export type EnrollmentView = EnrollmentResponse;

// What a response shows, from `e` (enrollments) joined to `u`, `o` and `c`, with its place on the waitlist.
export const VIEW_COLUMNS = `e.id, e.offering_id, e.user_id, e.status, e.final_score, e.failed_on, e.reason, e.created_at, e.updated_at,
  u.email, u.full_name, u.gender, u.nationality, u.category, u.rank, u.organization,
  o.starts_on::text AS starts_on, o.ends_on::text AS ends_on, c.id AS course_id, c.code AS course_code, c.title AS course_title`;
export const VIEW_FROM = `FROM enrollments e JOIN users u ON u.id = e.user_id JOIN offerings o ON o.id = e.offering_id JOIN courses c ON c.id = o.course_id`;

export interface ViewRow {
  id: string;
  offering_id: string;
  user_id: string;
  status: EnrollmentStatus;
  final_score: string | null;
  failed_on: FailedOn | null;
  reason: string | null;
  created_at: Date;
  updated_at: Date;
  email: string;
  full_name: string;
  gender: Gender | null;
  nationality: string | null;
  category: ParticipantCategory | null;
  rank: string | null;
  organization: string | null;
  starts_on: string;
  ends_on: string;
  course_id: string;
  course_code: string;
  course_title: string;
  place: number | null;
}

export function toView(row: ViewRow): EnrollmentView {
  return {
    id: row.id,
    offeringId: row.offering_id,
    userId: row.user_id,
    status: row.status,
    waitlistPosition: row.place ?? undefined,
    finalScore: row.final_score === null ? undefined : Number(row.final_score),
    failedOn: row.failed_on ?? undefined,
    reason: row.reason ?? undefined,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    user: {
      id: row.user_id,
      email: row.email,
      fullName: row.full_name,
      gender: row.gender ?? undefined,
      nationality: row.nationality ?? undefined,
      category: row.category ?? undefined,
      rank: row.rank ?? undefined,
      organization: row.organization ?? undefined,
    },
    offering: {
      id: row.offering_id,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      course: { id: row.course_id, code: row.course_code, title: row.course_title },
    },
  };
}
