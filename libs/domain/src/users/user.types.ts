export const ROLES = ['trainee', 'instructor', 'admin', 'focal_point'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an admin gives directly; a focal point is made through its organisation (it needs one). */
export const ASSIGNABLE_ROLES = ['trainee', 'instructor', 'admin'] as const;

export const GENDERS = ['female', 'male', 'other', 'undisclosed'] as const;
export type Gender = (typeof GENDERS)[number];

/** Which service a participant comes from: the breakdown peace-operation training reports on. */
export const PARTICIPANT_CATEGORIES = ['military', 'police', 'civilian'] as const;
export type ParticipantCategory = (typeof PARTICIPANT_CATEGORIES)[number];

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Emails are unique whatever their case: stored and compared in lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
