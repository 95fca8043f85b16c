import type { Role } from './user.types.js';

/** Where a user stands, and what an admin edit asks to change of it. */
export interface Standing {
  role: Role;
  active: boolean;
}

/** The edit takes an active admin out of the admins (demoted or deactivated). */
export function removesActiveAdmin(user: Standing, change: Partial<Standing>): boolean {
  return user.role === 'admin' && user.active && (change.active === false || (change.role !== undefined && change.role !== 'admin'));
}

/**
 * The last active admin may not be demoted or deactivated: someone must be left to administer the academy.
 * `activeAdmins` counts the active admins, the user among them.
 */
export function removesLastActiveAdmin(user: Standing, change: Partial<Standing>, activeAdmins: number): boolean {
  return removesActiveAdmin(user, change) && activeAdmins <= 1;
}
