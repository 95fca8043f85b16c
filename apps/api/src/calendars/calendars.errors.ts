import { AppError, type ErrorCodes } from '../common/app-error.js';

export const CalendarErrors = {
  // A wrong or rotated feed URL is simply not there.
  feedNotFound: () => new AppError('CALENDAR_FEED_NOT_FOUND', 'not_found', 'Calendar feed not found'),
};
export type CalendarErrorCode = ErrorCodes<typeof CalendarErrors>;
