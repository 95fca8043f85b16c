import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@amahoro/domain/users/user.types.js';

/** The authenticated caller, as the JWT strategy loaded it (fresh from the database on every request). */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** The login (refresh-token family) this access token belongs to. */
  sessionId: string;
  /**
   * The request the caller acts in (its X-Request-Id), added by @CurrentUser() and @OptionalUser(): the audit trail
   * records it with what the caller changed. Passed down with the caller rather than kept in an AsyncLocalStorage,
   * whose promise hooks slowed every request on Node 20. Absent for callers made up outside a request (the demo).
   */
  requestId?: string;
}

/** Who acts, for the audit trail: the caller's id and the request they act in. */
export type Actor = Pick<AuthUser, 'id' | 'requestId'>;

export const IS_PUBLIC = 'isPublic';
/** Open to anyone: no token needed. Every other route needs a valid access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ROLES_KEY = 'roles';
/** Only these roles may call the route (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

type AuthenticatedRequest = { id: string; user?: AuthUser };

/** The caller with the request's id: a copy, since the access cache may hand the same user to several requests. */
function actingIn(request: AuthenticatedRequest): AuthUser | undefined {
  return request.user && { ...request.user, requestId: request.id };
}

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser => actingIn(context.switchToHttp().getRequest<AuthenticatedRequest>())!,
);

/** On a @Public() route: the caller if a token came with the request, else undefined. */
export const OptionalUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser | undefined => actingIn(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** The request's id (X-Request-Id), for a route without a caller whose changes the audit trail records. */
export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<AuthenticatedRequest>().id);
