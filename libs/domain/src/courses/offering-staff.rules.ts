// Who is staff of an offering: admins always; instructors only where they are assigned. Anyone else,
// including a user still listed on an offering after losing the instructor role, is not.
import type { Role } from '../users/user.types.js';

export interface Actor {
  id: string;
  role: Role;
}

export function isOfferingStaff(actor: Actor | undefined, instructorIds: readonly string[]): boolean {
  if (actor === undefined) return false;
  if (actor.role === 'admin') return true;
  return actor.role === 'instructor' && instructorIds.includes(actor.id);
}
