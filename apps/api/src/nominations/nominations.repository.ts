// The SQL of nominations themselves: a candidate put forward, substituted, withdrawn, decided on; the
// alternates in line for a freed seat; the rows the board's balance counts. Every function takes the caller's
// EntityManager (the transaction of the use case, or the data source's for reads) and returns plain typed values.
import type { EntityManager } from 'typeorm';
import { NOT_STANDING_STATUSES, type NominationStatus } from '@amahoro/domain/nominations/nomination.rules.js';
import type { BalanceRow } from '@amahoro/domain/nominations/selection-balance.rules.js';
import type { Gender, ParticipantCategory } from '@amahoro/domain/users/user.types.js';

type Db = Pick<EntityManager, 'query'>;

/** "Still standing" in SQL, from the domain's list: word for word the predicate of the partial unique index on (offering_id, email). */
export const standing = (alias?: string): string => `${alias ? `${alias}.` : ''}status NOT IN (${NOT_STANDING_STATUSES.map((s) => `'${s}'`).join(', ')})`;

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
    `SELECT gender FROM nominations WHERE offering_id = $1 AND organisation_id = $2 AND ${standing()} AND ($3::uuid IS NULL OR id <> $3)`,
    [offeringId, organisationId, except],
  );
  return rows.map((r) => r.gender);
}

/** Candidates of this list already standing for the offering (nominated by anyone). */
export async function alreadyStanding(db: Db, offeringId: string, emails: string[]): Promise<Set<string>> {
  const rows: Array<{ email: string }> = await db.query(
    `SELECT email FROM nominations WHERE offering_id = $1 AND email = ANY($2::text[]) AND ${standing()}`,
    [offeringId, emails],
  );
  return new Set(rows.map((r) => r.email));
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
