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

/** The account an e-mail address already has, as far as enrolling someone named by others goes. */
export interface ExistingAccount {
  role: string;
  active: boolean;
  emailVerified: boolean;
  /** Someone chose a password (self-registered), as opposed to an account made for them and only invited. */
  hasPassword: boolean;
}

/**
 * How a nominee (a selected nomination, a row of a bulk enrolment) gets an account: `create` one (and invite
 * it) when the address has none; `use` an active trainee's; `unverified` for an address someone registered but
 * never proved (its owner is invited to take it over, no seat given); `not_a_trainee` for anyone else's.
 */
export function nomineeAccount(found: ExistingAccount | null): 'create' | 'use' | 'unverified' | 'not_a_trainee' {
  if (!found) return 'create';
  if (!found.emailVerified && found.hasPassword) return 'unverified';
  return found.role === 'trainee' && found.active ? 'use' : 'not_a_trainee';
}
