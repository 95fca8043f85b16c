import { AppError, type ErrorCodes } from '../common/app-error.js';

export const AuthErrors = {
  // One message for an unknown email, a wrong password and an inactive account: nothing to enumerate.
  invalidCredentials: () => new AppError('AUTH_INVALID_CREDENTIALS', 'unauthenticated', 'Invalid email or password'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new AppError(
      'AUTH_TOO_MANY_ATTEMPTS',
      'too_many_requests',
      `Too many failed login attempts; try again in ${retryAfterSeconds} seconds`,
      retryAfterSeconds,
    ),
  tooManyRegistrations: (retryAfterSeconds: number) =>
    new AppError(
      'AUTH_TOO_MANY_REGISTRATIONS',
      'too_many_requests',
      `Too many accounts registered from this address; try again in ${retryAfterSeconds} seconds`,
      retryAfterSeconds,
    ),
  invalidRefreshToken: () => new AppError('AUTH_INVALID_REFRESH_TOKEN', 'unauthenticated', 'Invalid or expired refresh token'),
  refreshTokenMissing: () =>
    new AppError('AUTH_REFRESH_TOKEN_MISSING', 'invalid', 'Send the refresh token in the body ({refreshToken}) or in the session cookie'),
  csrfHeaderMissing: () =>
    new AppError('AUTH_CSRF_HEADER_MISSING', 'forbidden', 'A request that relies on the session cookie must send the X-Requested-With header'),
  refreshTokenReused: () =>
    new AppError('AUTH_REFRESH_TOKEN_REUSED', 'unauthenticated', 'Refresh token already used; this login has been revoked'),
  // The queue board's HTTP Basic login (queue-board.ts), with the codes the guards' 401 and 403 carry.
  adminCredentialsNeeded: () => new AppError('AUTH_UNAUTHENTICATED', 'unauthenticated', 'An admin’s email and password are needed'),
  adminsOnly: () => new AppError('AUTH_FORBIDDEN', 'forbidden', 'Admins only'),
};
export type AuthErrorCode = ErrorCodes<typeof AuthErrors>;
