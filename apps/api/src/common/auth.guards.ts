import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Role } from '@amahoro/domain/users/user.types.js';
import { type AuthUser, IS_PUBLIC, ROLES_KEY } from './auth.decorators.js';

/**
 * A route's metadata (handler first, then its controller) read once per handler: guards run on every request,
 * and the metadata never changes once the app is built.
 */
function perHandler<T>(reflector: Reflector, key: string): (context: ExecutionContext) => T | undefined {
  const known = new WeakMap<object, { value: T | undefined }>();
  return (context) => {
    const handler = context.getHandler();
    let entry = known.get(handler);
    if (!entry) {
      entry = { value: reflector.getAllAndOverride<T | undefined>(key, [handler, context.getClass()]) };
      known.set(handler, entry);
    }
    return entry.value;
  };
}

/**
 * Global: every route needs a valid access token unless marked @Public(). A public route called with a token
 * still checks it, so it can show more to staff (admins see draft courses in the catalog); an invalid or
 * expired token there makes the caller anonymous, never a 401.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  private readonly publicFlag: (context: ExecutionContext) => boolean | undefined;

  constructor(reflector: Reflector) {
    super();
    this.publicFlag = perHandler<boolean>(reflector, IS_PUBLIC);
  }

  override canActivate(context: ExecutionContext) {
    // The request is the context's first argument: switchToHttp() would assign three closures onto the context.
    const hasToken = Boolean(context.getArgByIndex<{ headers: Record<string, unknown> }>(0).headers.authorization);
    return this.isPublic(context) && !hasToken ? true : super.canActivate(context);
  }

  // A failure to check the token (the database down) is still an error, not an anonymous caller.
  override handleRequest<User>(error: unknown, user: User | false, info: unknown, context: ExecutionContext): User {
    if (!error && !user && this.isPublic(context)) return undefined as User;
    return super.handleRequest(error, user, info, context);
  }

  private isPublic(context: ExecutionContext): boolean {
    return this.publicFlag(context) === true;
  }
}

/** Global: a route marked @Roles(...) answers 403 to an authenticated caller of another role. */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly roles: (context: ExecutionContext) => Role[] | undefined;

  constructor(reflector: Reflector) {
    this.roles = perHandler<Role[]>(reflector, ROLES_KEY);
  }

  canActivate(context: ExecutionContext): boolean {
    const roles = this.roles(context);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    return user !== undefined && roles.includes(user.role);
  }
}
