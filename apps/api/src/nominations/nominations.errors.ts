import { AppError, type ErrorCodes } from '../common/app-error.js';

export const NominationErrors = {
  organisationNotFound: () => new AppError('ORGANISATION_NOT_FOUND', 'not_found', 'Organisation not found'),
  organisationNameTaken: () => new AppError('ORGANISATION_NAME_TAKEN', 'conflict', 'An organisation with this name exists'),
  focalPointEmailTaken: () => new AppError('ORGANISATION_FOCAL_POINT_EMAIL_TAKEN', 'conflict', 'An account with this email exists'),
  callNotFound: () => new AppError('NOMINATION_CALL_NOT_FOUND', 'not_found', 'This offering has no call for nominations'),
  callClosed: () => new AppError('NOMINATION_CALL_CLOSED', 'conflict', 'The call for nominations is not open'),
  callInvalid: (why: string) => new AppError('NOMINATION_CALL_INVALID', 'invalid', why),
  parity: (reason: string) => new AppError('NOMINATION_PARITY', 'conflict', `The list breaks the call's parity rule ${reason}`),
  allocationExceeded: (seats: number, standing: number) =>
    new AppError('NOMINATION_ALLOCATION_EXCEEDED', 'conflict', `Your organisation's allocation is ${seats} candidates; this would make ${standing}`),
  notFound: () => new AppError('NOMINATION_NOT_FOUND', 'not_found', 'Nomination not found'),
  alreadyNominated: () => new AppError('NOMINATION_ALREADY_NOMINATED', 'conflict', 'This candidate is already nominated for this offering'),
  duplicateRow: () => new AppError('NOMINATION_DUPLICATE_ROW', 'invalid', 'This email appears earlier in the list'),
  invalidRow: (problems: string) => new AppError('NOMINATION_INVALID_ROW', 'invalid', problems),
  malformedFile: (why: string) => new AppError('NOMINATION_MALFORMED_FILE', 'invalid', `The file cannot be read: ${why}`),
  notStanding: (status: string) => new AppError('NOMINATION_NOT_STANDING', 'conflict', `The nomination is ${status}`),
  decided: (status: string) => new AppError('NOMINATION_DECIDED', 'conflict', `The board has decided (${status}): it can no longer be substituted`),
  invalidDecision: (from: string, to: string) =>
    new AppError('NOMINATION_INVALID_DECISION', 'conflict', `A nomination that is ${from} cannot become ${to}${from === 'selected' ? ': withdraw it instead' : ''}`),
  notATrainee: () => new AppError('NOMINATION_NOT_A_TRAINEE', 'conflict', 'This address belongs to an account that is not an active trainee'),
  alreadyEnrolled: () => new AppError('NOMINATION_ALREADY_ENROLLED', 'conflict', 'This candidate already holds an enrolment in this offering'),
};
export type NominationErrorCode = ErrorCodes<typeof NominationErrors>;
