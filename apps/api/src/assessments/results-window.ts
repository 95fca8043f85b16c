// The offering an assessment action works on, for its staff, and whether its results are still open to change.
import type { EntityManager } from 'typeorm';
import { Course } from '@amahoro/database/entities/course.entity.js';
import { Offering } from '@amahoro/database/entities/offering.entity.js';
import type { AuthUser } from '../common/auth.decorators.js';
import type { OfferingAccess } from '../common/offering-access.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { lockOffering } from '../courses/seats.js';
import { AssessmentErrors } from './assessments.errors.js';

/** The offering, for its staff (admins and its instructors); 404 if missing, 403 for anyone else. */
export async function offeringForStaff(db: EntityManager, access: OfferingAccess, offeringId: string, actor: AuthUser, lock = false): Promise<Offering> {
  const offering = lock ? await lockOffering(db, offeringId) : await db.getRepository(Offering).findOneBy({ id: offeringId });
  if (!offering) throw OfferingErrors.notFound();
  await access.requireStaff(offeringId, actor, AssessmentErrors.notStaff, db);
  return offering;
}

/** Grades, submissions and attendance change only while the offering is neither finalised nor cancelled. */
export function assertOpenForResults(offering: Pick<Offering, 'completedAt' | 'cancelledAt'>): void {
  if (offering.cancelledAt) throw AssessmentErrors.offeringCancelled();
  if (offering.completedAt) throw AssessmentErrors.offeringFinal();
}

/**
 * The same check for writers of results that do not change the offering itself: a shared lock on its row,
 * so finalising (which takes it exclusively) waits for them, and they wait for it.
 */
export async function assertOfferingOpen(tx: EntityManager, offeringId: string): Promise<void> {
  const rows: Array<{ completed_at: Date | null; cancelled_at: Date | null }> = await tx.query(
    'SELECT completed_at, cancelled_at FROM offerings WHERE id = $1 FOR SHARE',
    [offeringId],
  );
  if (!rows[0]) throw OfferingErrors.notFound();
  assertOpenForResults({ completedAt: rows[0].completed_at, cancelledAt: rows[0].cancelled_at });
}

export async function courseOf(db: EntityManager, offering: Offering): Promise<Course> {
  return (await db.getRepository(Course).findOneBy({ id: offering.courseId }))!;
}
