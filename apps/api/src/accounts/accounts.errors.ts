import { AppError, type ErrorCodes } from '../common/app-error.js';

export const AccountErrors = {
  // One answer for unknown, used and expired links: nothing to learn by trying.
  tokenInvalid: () => new AppError('AUTH_TOKEN_INVALID', 'invalid', 'This link is unknown, already used or expired; ask for a new one'),
  tooManyRequests: (retryAfterSeconds: number) =>
    new AppError('AUTH_TOO_MANY_REQUESTS', 'too_many_requests', `Too many requests; try again in ${retryAfterSeconds} seconds`, retryAfterSeconds),
};
export type AccountErrorCode = ErrorCodes<typeof AccountErrors>;
