// The offering an assessment action works on, for its staff, and whether its results are still open to change.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Offering } from '@amahoro/database/entities/offering.entity.js';
import { closedAs } from '@amahoro/domain/courses/offering.rules.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { OfferingAccess } from '../common/offering-access.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { AssessmentErrors } from './assessments.errors.js';
import type { ResultsState } from './assessments.repository.js';
import { type OfferingLock, ResultsRepository } from './results.repository.js';

@Injectable()
export class ResultsWindow {
  constructor(
    private readonly access: OfferingAccess,
    private readonly results: ResultsRepository,
  ) {}

  /** The offering (row-locked with `lock`: ResultsRepository.offering), for its staff (admins and its instructors); 404 if missing, 403 for anyone else. */
  async offeringForStaff(db: EntityManager, offeringId: string, actor: AuthUser, lock?: OfferingLock): Promise<Offering> {
    const offering = await this.results.offering(db, offeringId, lock);
    if (!offering) throw OfferingErrors.notFound();
    await this.access.requireStaff(offeringId, actor, AssessmentErrors.notStaff, db);
    return offering;
  }

  /** Grades, submissions and attendance change only while the offering is not closed (finalised or cancelled). */
  assertOpen(offering: ResultsState): void {
    const closed = closedAs(offering);
    if (closed === 'cancelled') throw AssessmentErrors.offeringCancelled();
    if (closed === 'completed') throw AssessmentErrors.offeringFinal();
  }
}
