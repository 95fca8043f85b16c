// The SQL of calls for nominations and their allocations per organisation. Every function takes the caller's
// EntityManager and returns plain typed values.
import type { EntityManager } from 'typeorm';
import type { Eligibility, ParityRule } from '@amahoro/domain/nominations/nomination.rules.js';
import { standing } from './nominations.repository.js';

type Db = Pick<EntityManager, 'query'>;

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

/** The codes of those of these courses that exist, by id (a call's eligibility names courses by id, people by code). */
export async function existingCourses(db: Db, ids: string[]): Promise<Map<string, string>> {
  const rows: Array<{ id: string; code: string }> = await db.query(`SELECT id, code FROM courses WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.code]));
}

export async function allocationsOf(db: Db, offeringId: string, organisationId?: string): Promise<Allocation[]> {
  return db.query(
    `SELECT a.organisation_id AS "organisationId", g.name AS "organisationName", a.seats,
            (SELECT count(*)::int FROM nominations n WHERE n.offering_id = a.offering_id AND n.organisation_id = a.organisation_id
                AND ${standing('n')}) AS nominated
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
