// The SQL of the nomination funnel report: one grouped query over nominations and what became of them.
import type { EntityManager } from 'typeorm';
import { IN_CLASS_STATUSES } from '@amahoro/domain/enrollments/enrollment.rules.js';

type Db = Pick<EntityManager, 'query'>;

export interface FunnelRow {
  dimension: 'total' | 'gender' | 'nationality' | 'organisation';
  group: string;
  nominated: number;
  selected: number;
  enrolled: number;
  completed: number;
  certified: number;
}

/**
 * The nomination funnel over offerings overlapping [from, to] (or one offering), not cancelled: each
 * nomination that was not substituted counts as nominated; those that made an enrolment as selected; then
 * enrolled (in the class: isInClass), completed, and certified (an issued certificate). One grouped query.
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
            coalesce(gender, nationality, organisation, 'all') AS "group",
            count(*)::int AS nominated,
            count(*) FILTER (WHERE enrollment_id IS NOT NULL)::int AS selected,
            count(*) FILTER (WHERE enrollment_status = ANY($4::text[]))::int AS enrolled,
            count(*) FILTER (WHERE enrollment_status = 'completed')::int AS completed,
            count(*) FILTER (WHERE certified)::int AS certified
       FROM scope
      GROUP BY GROUPING SETS ((), (gender), (nationality), (organisation))
      ORDER BY dimension, "group"`,
    [scope.from ?? null, scope.to ?? null, scope.offeringId ?? null, IN_CLASS_STATUSES],
  );
}

export async function offeringExists(db: Db, offeringId: string): Promise<boolean> {
  const rows: unknown[] = await db.query('SELECT 1 FROM offerings WHERE id = $1', [offeringId]);
  return rows.length > 0;
}
