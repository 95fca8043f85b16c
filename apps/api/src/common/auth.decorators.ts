import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@amahoro/domain/users/user.types.js';

/** The authenticated caller, as the JWT strategy loaded it (fresh from the database on every request). */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  /** The login (refresh-token family) this access token belongs to. */
  sessionId: string;
}

export const IS_PUBLIC = 'isPublic';
/** Open to anyone: no token needed. Every other route needs a valid access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const ROLES_KEY = 'roles';
/** Only these roles may call the route (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser => context.switchToHttp().getRequest<{ user: AuthUser }>().user,
);

/** On a @Public() route: the caller if a token came with the request, else undefined. */
export const OptionalUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthUser | undefined =>
    context.switchToHttp().getRequest<{ user?: AuthUser }>().user,
);
