// The one answer to "is this user staff of this offering" (admins, and its assigned instructors), used by every
// feature that lets staff do more than others. The rule is libs/domain's isOfferingStaff; this adds the lookup.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, isOfferingStaff } from '@amahoro/domain/courses/offering-staff.rules.js';
import { OfferingsRepository } from '../courses/offerings.repository.js';

@Injectable()
export class OfferingAccess {
  // Stateless: made here rather than injected, so that every module providing this policy need not provide it too.
  private readonly offerings = new OfferingsRepository();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** `db`: a transaction's manager when the answer must agree with what it reads. */
  async isStaff(offeringId: string, actor: Actor | undefined, db: EntityManager = this.db.manager): Promise<boolean> {
    // Only an instructor's answer depends on the assignments: skip the lookup for everyone else.
    if (actor?.role !== 'instructor') return isOfferingStaff(actor, []);
    return isOfferingStaff(actor, (await this.offerings.isAssigned(db, offeringId, actor.id)) ? [actor.id] : []);
  }

  /** Throws `denied()` unless the actor is staff of the offering. */
  async requireStaff(offeringId: string, actor: Actor, denied: () => Error, db: EntityManager = this.db.manager): Promise<void> {
    if (!(await this.isStaff(offeringId, actor, db))) throw denied();
  }

  /** The same rule on an offering already loaded with its instructors. */
  isStaffOfLoaded(offering: { instructors: ReadonlyArray<{ id: string }> }, actor: Actor | undefined): boolean {
    return isOfferingStaff(actor, offering.instructors.map((instructor) => instructor.id));
  }

  /**
   * The same rule as a SQL condition on an offerings alias, for lists: `param` is the actor's id. Null when the
   * actor sees every offering (admins) and a constant false for those who are staff nowhere.
   */
  staffSql(alias: string, actor: Actor | undefined, param: string): string | null {
    if (isOfferingStaff(actor, [])) return null;
    if (actor?.role !== 'instructor') return 'FALSE';
    return this.offerings.assignedSql(alias, param);
  }
}
