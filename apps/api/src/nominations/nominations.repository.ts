// The SQL of nominations: organisations and their focal points, calls and allocations, nominations, the
// board's balance and the funnel. Every function takes the caller's EntityManager (the transaction of the
// use case, or the data source's for reads) and returns plain typed values.
import type { EntityManager } from 'typeorm';
import type {
  BalanceRow,
  Eligibility,
  NominationStatus,
  OrganisationKind,
  ParityRule,
} from '@amahoro/domain/nominations/nomination.rules.js';
import type { Language } from '@amahoro/domain/notifications/notification.rules.js';
import type { Gender, ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import { NO_PASSWORD } from '../auth/password.js';

type Db = Pick<EntityManager, 'query'>;

export interface Organisation {
  id: string;
  name: string;
  country: string | null;
  kind: OrganisationKind;
  focalPoints: number;
  createdAt: Date;
}

const ORGANISATION_SQL = `
  SELECT g.id, g.name, g.country, g.kind, g.created_at AS "createdAt",
         (SELECT count(*)::int FROM users u WHERE u.organisation_id = g.id AND u.role = 'focal_point') AS "focalPoints"
    FROM organisations g`;

export async function insertOrganisation(db: Db, values: { name: string; country: string | null; kind: OrganisationKind }): Promise<string> {
  const [row]: Array<{ id: string }> = await db.query(`INSERT INTO organisations (name, country, kind) VALUES ($1, $2, $3) RETURNING id`, [values.name, values.country, values.kind]);
  return row!.id;
}

export async function updateOrganisation(db: Db, id: string, values: { name?: string; country?: string | null; kind?: OrganisationKind }): Promise<boolean> {
  const [, count]: [unknown, number] = await db.query(
    `UPDATE organisations SET name = coalesce($2, name), country = CASE WHEN $3 THEN $4 ELSE country END, kind = coalesce($5, kind), updated_at = now()
      WHERE id = $1`,
    [id, values.name ?? null, values.country !== undefined, values.country ?? null, values.kind ?? null],
  );
  return count > 0;
}

export async function findOrganisation(db: Db, id: string): Promise<Organisation | null> {
  const [row]: Organisation[] = await db.query(`${ORGANISATION_SQL} WHERE g.id = $1`, [id]);
  return row ?? null;
}

export async function listOrganisations(db: Db, page: { limit: number; offset: number }): Promise<{ items: Organisation[]; total: number }> {
  const items: Organisation[] = await db.query(`${ORGANISATION_SQL} ORDER BY g.name LIMIT $1 OFFSET $2`, [page.limit, page.offset]);
  const [{ total }]: Array<{ total: number }> = await db.query(`SELECT count(*)::int AS total FROM organisations`);
  return { items, total };
}

export async function insertFocalPoint(
  db: Db,
  values: { email: string; fullName: string; organisationId: string; preferredLanguage: Language; country: string | null; organisationName: string },
): Promise<string> {
  const [row]: Array<{ id: string }> = await db.query(
    `INSERT INTO users (email, password_hash, full_name, role, organisation_id, organization, preferred_language, nationality)
     VALUES ($1, $2, $3, 'focal_point', $4, $5, $6, $7) RETURNING id`,
    [values.email, NO_PASSWORD, values.fullName, values.organisationId, values.organisationName, values.preferredLanguage, values.country],
  );
  return row!.id;
}

/** The organisation a focal point acts for; null for anyone else. */
export async function organisationOf(db: Db, userId: string): Promise<string | null> {
  const [row]: Array<{ organisation_id: string | null }> = await db.query(`SELECT organisation_id FROM users WHERE id = $1 AND role = 'focal_point'`, [userId]);
  return row?.organisation_id ?? null;
}

export async function focalPointIds(db: Db, organisationId: string): Promise<string[]> {
  const rows: Array<{ id: string }> = await db.query(`SELECT id FROM users WHERE organisation_id = $1 AND role = 'focal_point' AND active`, [organisationId]);
  return rows.map((r) => r.id);
}

export interface NominationCall {
  offeringId: string;
  courseTitle: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  opensAt: Date;
  closesAt: Date;
  parityRule: ParityRule;
  targetWomenPercent: number | null;
  eligibility: Eligibility;
  /** The offering was cancelled: its call takes nothing more. */
  cancelled: boolean;
}

export interface Allocation {
  organisationId: string;
  organisationName: string;
  seats: number;
  nominated: number;
}

const CALL_SQL = `
  SELECT k.offering_id AS "offeringId", c.title AS "courseTitle", o.starts_on::text AS "startsOn", o.ends_on::text AS "endsOn",
         o.capacity, k.opens_at AS "opensAt", k.closes_at AS "closesAt", k.parity_rule AS "parityRule",
         k.target_women_percent::float8 AS "targetWomenPercent", k.eligibility,
         o.cancelled_at IS NOT NULL AS cancelled
    FROM nomination_calls k JOIN offerings o ON o.id = k.offering_id JOIN courses c ON c.id = o.course_id`;

/** The call; with `lock`, its row is held until the transaction ends, so one list at a time is checked against it. */
export async function findCall(db: Db, offeringId: string, lock = false): Promise<NominationCall | null> {
  const [row]: NominationCall[] = await db.query(`${CALL_SQL} WHERE k.offering_id = $1${lock ? ' FOR UPDATE OF k' : ''}`, [offeringId]);
  return row ?? null;
}

export async function saveCall(
  db: Db,
  offeringId: string,
  call: { opensAt: string; closesAt: string; parityRule: ParityRule; targetWomenPercent: number | null; eligibility: Eligibility; allocations: Array<{ organisationId: string; seats: number }> },
): Promise<void> {
  await db.query(
    `INSERT INTO nomination_calls (offering_id, opens_at, closes_at, parity_rule, target_women_percent, eligibility) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (offering_id) DO UPDATE SET opens_at = $2, closes_at = $3, parity_rule = $4, target_women_percent = $5, eligibility = $6, updated_at = now()`,
    [offeringId, call.opensAt, call.closesAt, call.parityRule, call.targetWomenPercent, JSON.stringify(call.eligibility)],
  );
  await db.query(`DELETE FROM nomination_allocations WHERE offering_id = $1 AND NOT (organisation_id = ANY($2::uuid[]))`, [offeringId, call.allocations.map((a) => a.organisationId)]);
  await db.query(
    `INSERT INTO nomination_allocations (offering_id, organisation_id, seats) SELECT $1, * FROM unnest($2::uuid[], $3::int[])
     ON CONFLICT (offering_id, organisation_id) DO UPDATE SET seats = excluded.seats`,
    [offeringId, call.allocations.map((a) => a.organisationId), call.allocations.map((a) => a.seats)],
  );
}

export async function existingOrganisations(db: Db, ids: string[]): Promise<Set<string>> {
  const rows: Array<{ id: string }> = await db.query(`SELECT id FROM organisations WHERE id = ANY($1::uuid[])`, [ids]);
  return new Set(rows.map((r) => r.id));
}

export async function existingCourses(db: Db, ids: string[]): Promise<Map<string, string>> {
  const rows: Array<{ id: string; code: string }> = await db.query(`SELECT id, code FROM courses WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.code]));
}

export async function allocationsOf(db: Db, offeringId: string, organisationId?: string): Promise<Allocation[]> {
  return db.query(
    `SELECT a.organisation_id AS "organisationId", g.name AS "organisationName", a.seats,
            (SELECT count(*)::int FROM nominations n WHERE n.offering_id = a.offering_id AND n.organisation_id = a.organisation_id
                AND n.status NOT IN ('withdrawn', 'substituted')) AS nominated
       FROM nomination_allocations a JOIN organisations g ON g.id = a.organisation_id
      WHERE a.offering_id = $1 AND ($2::uuid IS NULL OR a.organisation_id = $2)
      ORDER BY g.name`,
    [offeringId, organisationId ?? null],
  );
}

/** Calls open now in which the organisation has seats. */
export async function openCallsFor(db: Db, organisationId: string): Promise<NominationCall[]> {
  return db.query(
    `${CALL_SQL} JOIN nomination_allocations a ON a.offering_id = k.offering_id AND a.organisation_id = $1 AND a.seats > 0
      WHERE k.opens_at <= now() AND k.closes_at > now() AND o.cancelled_at IS NULL
      ORDER BY k.closes_at`,
    [organisationId],
  );
}

export interface Candidate {
  email: string;
  fullName: string;
  gender: Gender;
  nationality: string;
  category: ParticipantCategory;
  rank?: string | null;
  position?: string | null;
  priority?: number | null;
  languages?: string[];
}

export interface Nomination {
  id: string;
  offeringId: string;
  organisationId: string;
  status: NominationStatus;
  email: string;
  fullName: string;
  gender: Gender;
  nationality: string;
  category: ParticipantCategory;
  rank: string | null;
  position: string | null;
  languages: string[];
  priority: number | null;
  problems: string[];
  userId: string | null;
  enrollmentId: string | null;
  replacesId: string | null;
  nominatedBy: string;
  decidedAt: Date | null;
  note: string | null;
  createdAt: Date;
}

const NOMINATION_SQL = `
  SELECT n.id, n.offering_id AS "offeringId", n.organisation_id AS "organisationId", n.status, n.email, n.full_name AS "fullName",
         n.gender, n.nationality, n.category, n.rank, n.position, n.languages, n.priority, n.problems, n.user_id AS "userId",
         n.enrollment_id AS "enrollmentId", n.replaces_id AS "replacesId", n.nominated_by AS "nominatedBy",
         n.decided_at AS "decidedAt", n.note, n.created_at AS "createdAt"
    FROM nominations n`;

export async function findNomination(db: Db, id: string, lock = false): Promise<Nomination | null> {
  const [row]: Nomination[] = await db.query(`${NOMINATION_SQL} WHERE n.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ?? null;
}

export async function listNominations(
  db: Db,
  offeringId: string,
  filter: { status?: NominationStatus; organisationId?: string },
  page: { limit: number; offset: number },
): Promise<{ items: Nomination[]; total: number }> {
  const where = `n.offering_id = $1 AND ($2::text IS NULL OR n.status = $2) AND ($3::uuid IS NULL OR n.organisation_id = $3)`;
  const params = [offeringId, filter.status ?? null, filter.organisationId ?? null];
  const items: Nomination[] = await db.query(`${NOMINATION_SQL} WHERE ${where} ORDER BY n.organisation_id, n.priority NULLS LAST, n.seq LIMIT $4 OFFSET $5`, [...params, page.limit, page.offset]);
  const [{ total }]: Array<{ total: number }> = await db.query(`SELECT count(*)::int AS total FROM nominations n WHERE ${where}`, params);
  return { items, total };
}

/** The genders of an organisation's standing candidates for the offering (for the parity check). */
export async function standingGenders(db: Db, offeringId: string, organisationId: string, except: string | null = null): Promise<Gender[]> {
  const rows: Array<{ gender: Gender }> = await db.query(
    `SELECT gender FROM nominations WHERE offering_id = $1 AND organisation_id = $2 AND status NOT IN ('withdrawn', 'substituted') AND ($3::uuid IS NULL OR id <> $3)`,
    [offeringId, organisationId, except],
  );
  return rows.map((r) => r.gender);
}

/** Candidates of this list already standing for the offering (nominated by anyone). */
export async function alreadyStanding(db: Db, offeringId: string, emails: string[]): Promise<Set<string>> {
  const rows: Array<{ email: string }> = await db.query(
    `SELECT email FROM nominations WHERE offering_id = $1 AND email = ANY($2::text[]) AND status NOT IN ('withdrawn', 'substituted')`,
    [offeringId, emails],
  );
  return new Set(rows.map((r) => r.email));
}

/** For each e-mail with an account: its id and the courses it has completed. */
export async function accountsByEmail(db: Db, emails: string[]): Promise<Map<string, { userId: string; completedCourseIds: string[] }>> {
  const rows: Array<{ email: string; id: string; courses: string[] }> = await db.query(
    `SELECT u.email, u.id, coalesce(array_agg(DISTINCT o.course_id) FILTER (WHERE e.status = 'completed'), '{}') AS courses
       FROM users u LEFT JOIN enrollments e ON e.user_id = u.id LEFT JOIN offerings o ON o.id = e.offering_id
      WHERE u.email = ANY($1::text[]) GROUP BY u.id`,
    [emails],
  );
  return new Map(rows.map((r) => [r.email, { userId: r.id, completedCourseIds: r.courses }]));
}

export async function insertNomination(
  db: Db,
  values: { offeringId: string; organisationId: string; candidate: Candidate; problems: string[]; userId: string | null; nominatedBy: string; replacesId?: string },
): Promise<string> {
  const c = values.candidate;
  const [row]: Array<{ id: string }> = await db.query(
    `INSERT INTO nominations (offering_id, organisation_id, email, full_name, gender, nationality, category, rank, position, languages, priority, problems, user_id, nominated_by, replaces_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [values.offeringId, values.organisationId, c.email, c.fullName, c.gender, c.nationality, c.category, c.rank ?? null, c.position ?? null, c.languages ?? [], c.priority ?? null,
      JSON.stringify(values.problems), values.userId, values.nominatedBy, values.replacesId ?? null],
  );
  return row!.id;
}

export async function setNominationStatus(
  db: Db,
  id: string,
  status: NominationStatus,
  decision?: { by: string; note: string | null; enrollmentId?: string | null; userId?: string | null },
): Promise<void> {
  await db.query(
    `UPDATE nominations SET status = $2, updated_at = now(),
            decided_by = CASE WHEN $3 THEN $4::uuid ELSE decided_by END, decided_at = CASE WHEN $3 THEN now() ELSE decided_at END,
            note = CASE WHEN $3 THEN $5 ELSE note END,
            enrollment_id = coalesce($6::uuid, enrollment_id), user_id = coalesce($7::uuid, user_id)
      WHERE id = $1`,
    [id, status, decision !== undefined, decision?.by ?? null, decision?.note ?? null, decision?.enrollmentId ?? null, decision?.userId ?? null],
  );
}

/** The selected nomination that made this enrolment, locked; null when the enrolment did not come from one. */
export async function selectedNominationOf(db: Db, enrollmentId: string): Promise<Nomination | null> {
  const [row]: Nomination[] = await db.query(`${NOMINATION_SQL} WHERE n.enrollment_id = $1 AND n.status = 'selected' FOR UPDATE`, [enrollmentId]);
  return row ?? null;
}

/**
 * The organisation's alternates for the offering in the order they are offered seats: priority, then arrival.
 * One the board is deciding at this moment is passed over (SKIP LOCKED): the caller holds the offering's lock,
 * and a decision takes the nomination's lock before the offering's, so waiting here could deadlock.
 */
export async function alternatesOf(db: Db, offeringId: string, organisationId: string): Promise<Nomination[]> {
  return db.query(
    `${NOMINATION_SQL} WHERE n.offering_id = $1 AND n.organisation_id = $2 AND n.status = 'alternate' ORDER BY n.priority NULLS LAST, n.seq FOR UPDATE SKIP LOCKED`,
    [offeringId, organisationId],
  );
}

export async function balanceRows(db: Db, offeringId: string): Promise<BalanceRow[]> {
  return db.query(
    `SELECT organisation_id AS "organisationId", status, gender, nationality::text AS nationality, category FROM nominations WHERE offering_id = $1`,
    [offeringId],
  );
}

export async function enrollmentStatusOf(db: Db, enrollmentId: string): Promise<string | null> {
  const [row]: Array<{ status: string }> = await db.query(`SELECT status FROM enrollments WHERE id = $1`, [enrollmentId]);
  return row?.status ?? null;
}

export interface FunnelRow {
  dimension: 'total' | 'gender' | 'nationality' | 'organisation';
  grp: string;
  nominated: number;
  selected: number;
  enrolled: number;
  completed: number;
  certified: number;
}

/**
 * The nomination funnel over offerings overlapping [from, to] (or one offering), not cancelled: each
 * nomination that was not substituted counts as nominated; those that made an enrolment as selected; the
 * enrolment's fate gives the rest. One grouped query.
 */
export async function funnel(db: Db, scope: { from?: string; to?: string; offeringId?: string | undefined }): Promise<FunnelRow[]> {
  return db.query(
    `WITH scope AS MATERIALIZED (
       SELECT n.gender, n.nationality::text AS nationality, g.name AS organisation, n.enrollment_id, e.status AS enrollment_status,
              EXISTS (SELECT 1 FROM certificates k WHERE k.enrollment_id = e.id AND k.status = 'issued') AS certified
         FROM nominations n
         JOIN offerings o ON o.id = n.offering_id
         JOIN organisations g ON g.id = n.organisation_id
         LEFT JOIN enrollments e ON e.id = n.enrollment_id
        WHERE n.status <> 'substituted' AND o.cancelled_at IS NULL
          AND ($1::date IS NULL OR o.ends_on >= $1::date) AND ($2::date IS NULL OR o.starts_on <= $2::date)
          AND ($3::uuid IS NULL OR o.id = $3)
     )
     SELECT CASE WHEN GROUPING(gender) = 0 THEN 'gender' WHEN GROUPING(nationality) = 0 THEN 'nationality'
                 WHEN GROUPING(organisation) = 0 THEN 'organisation' ELSE 'total' END AS dimension,
            coalesce(gender, nationality, organisation, 'all') AS grp,
            count(*)::int AS nominated,
            count(*) FILTER (WHERE enrollment_id IS NOT NULL)::int AS selected,
            count(*) FILTER (WHERE enrollment_status IN ('approved', 'completed', 'failed'))::int AS enrolled,
            count(*) FILTER (WHERE enrollment_status = 'completed')::int AS completed,
            count(*) FILTER (WHERE certified)::int AS certified
       FROM scope
      GROUP BY GROUPING SETS ((), (gender), (nationality), (organisation))
      ORDER BY dimension, grp`,
    [scope.from ?? null, scope.to ?? null, scope.offeringId ?? null],
  );
}

/** Whether every seat is taken now (read without the offering's lock: a quick refusal, checked again under it). */
export async function offeringIsFull(db: Db, offeringId: string): Promise<boolean> {
  const [row]: Array<{ full: boolean }> = await db.query(`SELECT seats_taken >= capacity AS full FROM offerings WHERE id = $1`, [offeringId]);
  return row?.full ?? false;
}
