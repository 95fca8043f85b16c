import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Role } from '@amahoro/domain/users/user.types.js';
import { type AuthUser, IS_PUBLIC, ROLES_KEY } from './auth.decorators.js';

/**
 * Global: every route needs a valid access token unless marked @Public(). A public route called with a token
 * still checks it, so it can show more to staff (admins see draft courses in the catalog); an invalid or
 * expired token there makes the caller anonymous, never a 401.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    const hasToken = Boolean(context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers.authorization);
    return this.isPublic(context) && !hasToken ? true : super.canActivate(context);
  }

  // A failure to check the token (the database down) is still an error, not an anonymous caller.
  override handleRequest<User>(error: unknown, user: User | false, info: unknown, context: ExecutionContext): User {
    if (!error && !user && this.isPublic(context)) return undefined as User;
    return super.handleRequest(error, user, info, context);
  }

  private isPublic(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true;
  }
}

/** Global: a route marked @Roles(...) answers 403 to an authenticated caller of another role. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [context.getHandler(), context.getClass()]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    return user !== undefined && roles.includes(user.role);
  }
}
