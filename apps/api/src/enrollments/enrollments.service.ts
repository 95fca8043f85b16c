import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { FailedOn } from '@amahoro/domain/assessments/grading.rules.js';
import { Course } from '@amahoro/database/entities/course.entity.js';
import { Offering } from '@amahoro/database/entities/offering.entity.js';
import { offeringStatus } from '@amahoro/domain/courses/offering.rules.js';
import { Enrollment } from '@amahoro/database/entities/enrollment.entity.js';
import {
  type EnrollmentAction,
  type EnrollmentStatus,
  holdsSeat,
  initialStatus,
  nextStatus,
  seatChange,
} from '@amahoro/domain/enrollments/enrollment.rules.js';
import type { Gender, ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingAccess } from '../common/offering-access.js';
import type { Page } from '../common/pagination.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { recordEnrollmentEvents } from '@amahoro/notifications/events.js';
import { isUniqueViolation } from '../common/sql.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import type { ListEnrollmentsQuery } from './dto/enrollment.dto.js';
import type { EnrollmentResponse } from './dto/enrollment.response.js';
import { EnrollmentErrors } from './enrollments.errors.js';
import { handOverSeat } from '../nominations/nominee-seats.js';
import { selectedNominationOf } from '../nominations/nominations.repository.js';
import { adjustSeats, fillFreeSeats, lockOffering } from './seats.js';

const AUDIT_ACTIONS = { approve: 'enrollment.approved', reject: 'enrollment.rejected', withdraw: 'enrollment.withdrawn' } as const;

// Enrolments with what a response shows: the trainee, the offering and course, the place on the waitlist.
const VIEW_SQL = `
  SELECT e.id, e.offering_id, e.user_id, e.status, e.final_score, e.failed_on, e.reason, e.created_at, e.updated_at,
         u.email, u.full_name, u.gender, u.nationality, u.category, u.rank, u.organization, o.starts_on::text AS starts_on, o.ends_on::text AS ends_on,
         c.id AS course_id, c.code AS course_code, c.title AS course_title,
         CASE WHEN e.status = 'waitlisted' THEN (
           SELECT count(*)::int FROM enrollments w
            WHERE w.offering_id = e.offering_id AND w.status = 'waitlisted' AND w.seq <= e.seq) END AS waitlist_position
    FROM enrollments e
    JOIN users u ON u.id = e.user_id
    JOIN offerings o ON o.id = e.offering_id
    JOIN courses c ON c.id = o.course_id`;

interface ViewRow {
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
  waitlist_position: number | null;
}

function toResponse(row: ViewRow): EnrollmentResponse {
  return {
    id: row.id,
    offeringId: row.offering_id,
    userId: row.user_id,
    status: row.status,
    waitlistPosition: row.waitlist_position ?? undefined,
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

@Injectable()
export class EnrollmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: OfferingAccess,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A trainee enrols themselves; an admin enrols a named trainee, and may do so outside the window. */
  async enrol(offeringId: string, actor: AuthUser, requestedUserId: string | undefined): Promise<EnrollmentResponse> {
    let userId = actor.id;
    if (actor.role === 'admin') {
      if (!requestedUserId) throw EnrollmentErrors.userIdRequired();
      userId = requestedUserId;
    } else if (requestedUserId && requestedUserId !== actor.id) {
      throw EnrollmentErrors.otherUser();
    }
    const id = await this.db.transaction((tx) => this.enrolInTx(tx, offeringId, userId, actor.role === 'admin'));
    return this.view(id);
  }

  /**
   * The one way an enrolment is made. What does not change under us (the course, the trainee, their record)
   * is checked first; then, holding the offering's row lock, the window and the seats: concurrent requests
   * take turns there, in arrival order, and hold the lock only for that. The unique index settles a
   * duplicate that slips past the early check.
   */
  async enrolInTx(tx: EntityManager, offeringId: string, userId: string, byAdmin: boolean): Promise<string> {
    const [found]: Array<{ course_id: string }> = await tx.query('SELECT course_id FROM offerings WHERE id = $1', [offeringId]);
    if (!found) throw OfferingErrors.notFound();
    const course = await tx.getRepository(Course).findOne({ where: { id: found.course_id }, relations: { prerequisites: true } });
    if (!course || (course.status !== 'published' && !byAdmin)) throw OfferingErrors.notFound();

    const [user]: Array<{ role: string; active: boolean }> = await tx.query('SELECT role, active FROM users WHERE id = $1', [userId]);
    if (!user) throw EnrollmentErrors.userNotFound();
    if (user.role !== 'trainee' || !user.active) throw EnrollmentErrors.notATrainee();

    const existing = await tx.query(
      `SELECT 1 FROM enrollments WHERE offering_id = $1 AND user_id = $2 AND status NOT IN ('rejected', 'withdrawn')`,
      [offeringId, userId],
    );
    if (existing.length > 0) throw EnrollmentErrors.alreadyExists();
    await this.assertPrerequisites(tx, course, userId);

    const offering = (await lockOffering(tx, offeringId))!;
    const status = offeringStatus(offering, new Date());
    if (status === 'cancelled' || status === 'completed') throw EnrollmentErrors.offeringClosed(status);
    if (status !== 'open' && !byAdmin) throw EnrollmentErrors.windowClosed();

    const enrollment = tx.getRepository(Enrollment).create({
      offeringId,
      userId,
      status: initialStatus(offering.approvalMode, offering.capacity - offering.seatsTaken),
    });
    try {
      await tx.getRepository(Enrollment).insert(enrollment);
    } catch (error) {
      throw isUniqueViolation(error) ? EnrollmentErrors.alreadyExists() : error;
    }
    await adjustSeats(tx, offering, holdsSeat(enrollment.status) ? 1 : 0);
    if (enrollment.status === 'pending' || enrollment.status === 'approved' || enrollment.status === 'waitlisted') {
      await recordEnrollmentEvents(tx, `enrollment.${enrollment.status}`, [enrollment.id]);
    }
    return enrollment.id;
  }

  /**
   * approve · reject (admins) · withdraw (the trainee or an admin), with the reason given for a reject or a
   * withdrawal. A freed seat goes to the waitlist.
   */
  async act(enrollmentId: string, action: EnrollmentAction, actor: AuthUser, reason?: string): Promise<EnrollmentResponse> {
    await this.db.transaction(async (tx) => {
      const found = await tx.getRepository(Enrollment).findOneBy({ id: enrollmentId });
      if (!found || (actor.role !== 'admin' && found.userId !== actor.id)) throw EnrollmentErrors.notFound();
      const offering = (await lockOffering(tx, found.offeringId))!;
      // Read again under the offering's lock: the status may have moved while we waited for it.
      const enrollment = (await tx.getRepository(Enrollment).findOneBy({ id: enrollmentId }))!;
      const offeringNow = offeringStatus(offering, new Date());
      if (offeringNow === 'cancelled' || offeringNow === 'completed') throw EnrollmentErrors.offeringClosed(offeringNow);
      const to = nextStatus(enrollment.status, action);
      if (!to) throw EnrollmentErrors.invalidTransition(action, enrollment.status);
      const seats = seatChange(enrollment.status, to);
      if (seats > 0 && offering.seatsTaken >= offering.capacity) throw EnrollmentErrors.offeringFull();
      await tx.getRepository(Enrollment).update(enrollmentId, { status: to, ...(reason !== undefined ? { reason } : {}) });
      await adjustSeats(tx, offering, seats);
      // A trainee who withdraws knows it; an admin's decision is news to them.
      const byAdmin = actor.id !== enrollment.userId;
      const told = { approve: 'enrollment.approved', reject: 'enrollment.rejected', withdraw: byAdmin ? 'enrollment.withdrawn' : null } as const;
      if (told[action]) await recordEnrollmentEvents(tx, told[action], [enrollmentId]);
      // A selected nominee's seat goes first to an alternate of the same nominating authority.
      const nomination = action === 'withdraw' && seats < 0 ? await selectedNominationOf(tx, enrollmentId) : null;
      if (nomination) await handOverSeat(tx, offering, nomination, actor.id, this.config.jwt.accessSecret);
      const promoted = await fillFreeSeats(tx, offering);
      await recordAudit(tx, [
        { actorId: actor.id, action: AUDIT_ACTIONS[action], entity: 'enrollment', entityId: enrollmentId, before: { status: enrollment.status }, after: { status: to, ...(reason !== undefined ? { reason } : {}), promoted } },
      ]);
    });
    return this.view(enrollmentId);
  }

  /** Admins and the offering's instructors; anyone else 403 (a missing offering 404). */
  async roster(offeringId: string, actor: AuthUser, query: ListEnrollmentsQuery): Promise<Page<EnrollmentResponse>> {
    if (!(await this.db.getRepository(Offering).existsBy({ id: offeringId }))) throw OfferingErrors.notFound();
    await this.access.requireStaff(offeringId, actor, EnrollmentErrors.rosterForbidden);
    return this.page('e.offering_id = $1', [offeringId], query);
  }

  mine(actor: AuthUser, query: ListEnrollmentsQuery): Promise<Page<EnrollmentResponse>> {
    return this.page('e.user_id = $1', [actor.id], query);
  }

  /** The trainee, admins and the offering's instructors see an enrolment; to anyone else it does not exist. */
  async get(id: string, actor: AuthUser): Promise<EnrollmentResponse> {
    const view = await this.view(id);
    if (view.userId === actor.id) return view;
    await this.access.requireStaff(view.offeringId, actor, EnrollmentErrors.notFound);
    return view;
  }

  /** `db`: a transaction's manager, to see what it wrote before it commits (a bulk dry run). */
  async view(id: string, db: EntityManager = this.db.manager): Promise<EnrollmentResponse> {
    const rows: ViewRow[] = await db.query(`${VIEW_SQL} WHERE e.id = $1`, [id]);
    if (!rows[0]) throw EnrollmentErrors.notFound();
    return toResponse(rows[0]);
  }

  private async page(where: string, params: unknown[], query: ListEnrollmentsQuery): Promise<Page<EnrollmentResponse>> {
    const conditions = [where];
    const values = [...params];
    if (query.status) {
      values.push(query.status);
      conditions.push(`e.status = $${values.length}`);
    }
    const filter = conditions.join(' AND ');
    const [rows, counted] = await Promise.all([
      this.db.query(`${VIEW_SQL} WHERE ${filter} ORDER BY e.seq LIMIT ${query.limit} OFFSET ${query.offset}`, values) as Promise<ViewRow[]>,
      this.db.query(`SELECT count(*)::int AS n FROM enrollments e WHERE ${filter}`, values) as Promise<Array<{ n: number }>>,
    ]);
    return { items: rows.map(toResponse), total: counted[0]!.n, page: query.page, limit: query.limit };
  }

  private async assertPrerequisites(tx: EntityManager, course: Course, userId: string): Promise<void> {
    if (course.prerequisites.length === 0) return;
    const done: Array<{ course_id: string }> = await tx.query(
      `SELECT DISTINCT o.course_id FROM enrollments e JOIN offerings o ON o.id = e.offering_id
        WHERE e.user_id = $1 AND e.status = 'completed' AND o.course_id = ANY($2::uuid[])`,
      [userId, course.prerequisites.map((p) => p.id)],
    );
    const missing = course.prerequisites.filter((p) => !done.some((row) => row.course_id === p.id));
    if (missing.length > 0) throw EnrollmentErrors.prerequisitesMissing(missing.map((p) => `${p.code} (${p.title})`).sort());
  }
}
