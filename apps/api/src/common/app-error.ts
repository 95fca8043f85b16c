import { HttpStatus } from '@nestjs/common';

/** What kind of failure an error is; `http-exception.filter.ts` maps each kind to its status, in one place. */
export type ErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_many_requests';

export const STATUS_BY_KIND: Record<ErrorKind, HttpStatus> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
};

/**
 * A failure the client can act on, with a stable namespaced code (`USER_EMAIL_TAKEN`) that clients and tests
 * match on. Each feature declares its own in `<feature>.errors.ts`.
 */
export class AppError<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    readonly kind: ErrorKind,
    message: string,
    /** Seconds a throttled client should wait (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** The codes a feature's error factories make, as a union: `type UserErrorCode = ErrorCodes<typeof UserErrors>`. */
export type ErrorCodes<Factories extends Record<string, (...args: never[]) => AppError>> = ReturnType<Factories[keyof Factories]>['code'];
