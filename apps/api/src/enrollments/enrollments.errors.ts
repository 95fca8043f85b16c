import { AppError } from '../common/app-error.js';

export const EnrollmentErrors = {
  notFound: () => new AppError('ENROLLMENT_NOT_FOUND', 'not_found', 'Enrollment not found'),
  alreadyExists: () => new AppError('ENROLLMENT_ALREADY_EXISTS', 'conflict', 'This trainee is already enrolled in this offering'),
  /** A bulk row only: the address has a self-registered account that never proved it. */
  unverifiedAccount: () =>
    new AppError('ENROLLMENT_UNVERIFIED_ACCOUNT', 'conflict', 'This address has an unverified account; its owner has been invited to take it over'),
  windowClosed: () => new AppError('ENROLLMENT_WINDOW_CLOSED', 'conflict', 'The enrolment window of this offering is not open'),
  offeringClosed: (status: string) =>
    new AppError('ENROLLMENT_OFFERING_CLOSED', 'conflict', `The offering is ${status}: no enrolment changes`),
  prerequisitesMissing: (codes: string[]) =>
    new AppError('ENROLLMENT_PREREQUISITES_MISSING', 'conflict', `Complete these courses first: ${codes.join(', ')}`),
  notATrainee: () => new AppError('ENROLLMENT_NOT_A_TRAINEE', 'conflict', 'Only active trainees can be enrolled'),
  userIdRequired: () => new AppError('ENROLLMENT_USER_REQUIRED', 'invalid', 'userId is required when an admin enrols someone'),
  otherUser: () => new AppError('ENROLLMENT_OTHER_USER', 'forbidden', 'Trainees enrol themselves only'),
  userNotFound: () => new AppError('ENROLLMENT_USER_NOT_FOUND', 'not_found', 'User not found'),
  invalidTransition: (action: string, status: string) =>
    new AppError('ENROLLMENT_INVALID_TRANSITION', 'conflict', `Cannot ${action} an enrolment that is ${status}`),
  offeringFull: () => new AppError('ENROLLMENT_OFFERING_FULL', 'conflict', 'No seat is free in this offering'),
  rosterForbidden: () => new AppError('ENROLLMENT_ROSTER_FORBIDDEN', 'forbidden', 'Only admins and the offering’s instructors see its roster'),
  malformedFile: (why: string) => new AppError('ENROLLMENT_BULK_MALFORMED', 'invalid', `The file cannot be read: ${why}`),
};
