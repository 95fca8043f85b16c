import { AppError, type ErrorCodes } from '../common/app-error.js';

export const SystemErrors = {
  jobNotFound: () => new AppError('SYSTEM_JOB_NOT_FOUND', 'not_found', 'Job not found'),
};
export type SystemErrorCode = ErrorCodes<typeof SystemErrors>;
