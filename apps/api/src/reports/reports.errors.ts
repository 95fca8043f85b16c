import { AppError, type ErrorCodes } from '../common/app-error.js';

export const ReportErrors = {
  notStaff: () => new AppError('REPORT_NOT_STAFF', 'forbidden', 'Only admins and the offering’s instructors may read its report'),
  invalidRange: () => new AppError('REPORT_INVALID_RANGE', 'invalid', 'from must not be after to'),
};
export type ReportErrorCode = ErrorCodes<typeof ReportErrors>;
