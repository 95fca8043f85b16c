import { AppError, type ErrorCodes } from '../common/app-error.js';

export const UserErrors = {
  emailTaken: () => new AppError('USER_EMAIL_TAKEN', 'conflict', 'A user with this email already exists'),
  notFound: () => new AppError('USER_NOT_FOUND', 'not_found', 'User not found'),
  lastAdmin: () =>
    new AppError('USER_LAST_ADMIN', 'conflict', 'This is the last active admin: make another admin first'),
  currentPasswordRequired: () =>
    new AppError('USER_CURRENT_PASSWORD_REQUIRED', 'invalid', 'currentPassword is required to change the password'),
  currentPasswordWrong: () => new AppError('USER_CURRENT_PASSWORD_WRONG', 'invalid', 'currentPassword is not correct'),
};
export type UserErrorCode = ErrorCodes<typeof UserErrors>;
