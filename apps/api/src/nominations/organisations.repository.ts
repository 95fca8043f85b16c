// The SQL of nominating authorities and their focal points. Every function takes the caller's EntityManager
// (the use case's transaction, or the data source's for reads) and returns plain typed values.
import type { EntityManager } from 'typeorm';
import type { OrganisationKind } from '@amahoro/domain/nominations/nomination.rules.js';
import type { Language } from '@amahoro/domain/notifications/notification.rules.js';
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

export async function existingOrganisations(db: Db, ids: string[]): Promise<Set<string>> {
  const rows: Array<{ id: string }> = await db.query(`SELECT id FROM organisations WHERE id = ANY($1::uuid[])`, [ids]);
  return new Set(rows.map((r) => r.id));
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
