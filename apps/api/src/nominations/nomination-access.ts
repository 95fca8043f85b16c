// Who sees what of nominations: admins everything; a focal point its own organisation's, and a call only with
// an allocation in it. To anyone else it does not exist: 404, never 403.
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { NominationErrors } from './nominations.errors.js';
import { allocationsOf } from './nomination-calls.repository.js';
import { findNomination, type Nomination } from './nominations.repository.js';
import { organisationOf } from './organisations.repository.js';

type Db = Pick<EntityManager, 'query'>;

/** The focal point's organisation, when it has an allocation in this offering's call; else 404. */
export async function focalOrganisationWithAllocation(db: Db, offeringId: string, actor: AuthUser): Promise<string> {
  const organisationId = await organisationOf(db, actor.id);
  if (!organisationId || (await allocationsOf(db, offeringId, organisationId)).length === 0) throw NominationErrors.callNotFound();
  return organisationId;
}

/** The nomination, when the actor may see it; else 404. */
export async function visibleNomination(db: Db, id: string, actor: AuthUser): Promise<Nomination> {
  const found = await findNomination(db, id);
  if (!found) throw NominationErrors.notFound();
  if (actor.role === 'admin') return found;
  if (actor.role === 'focal_point' && (await organisationOf(db, actor.id)) === found.organisationId) return found;
  throw NominationErrors.notFound();
}
