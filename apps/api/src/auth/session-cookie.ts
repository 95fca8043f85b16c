// The browser's session: the refresh token in an HttpOnly cookie that only the auth routes receive, so the web
// application keeps no token where a script could read it. Scripts and apps keep sending it in the JSON body.
import { Inject, Injectable } from '@nestjs/common';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { AuthErrors } from './auth.errors.js';

export const REFRESH_COOKIE = 'amahoro_refresh';
export const AUTH_PATH = '/api/v1/auth';
/**
 * A request that relies on the cookie must carry this header. SameSite=Strict already keeps other sites'
 * requests from carrying the cookie; the header also stops a sibling site (same site, another origin): a page
 * can add a custom header only after a CORS preflight, and the API never allows credentialed cross-origin
 * requests, so that preflight fails and the request is never sent. A plain form cannot add headers at all.
 */
export const CSRF_HEADER = 'x-requested-with';

@Injectable()
export class SessionCookie {
  private readonly options: CookieSerializeOptions;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const base = new URL(config.publicBaseUrl);
    // Browsers keep Secure cookies only over HTTPS; a local development server speaks plain HTTP.
    const local = base.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(base.hostname);
    this.options = { httpOnly: true, sameSite: 'strict', secure: !local, path: AUTH_PATH, maxAge: config.jwt.refreshTtlSeconds };
  }

  set(reply: FastifyReply, refreshToken: string): void {
    void reply.setCookie(REFRESH_COOKIE, refreshToken, this.options);
  }

  clear(reply: FastifyReply): void {
    void reply.clearCookie(REFRESH_COOKIE, { ...this.options, maxAge: undefined });
  }

  /**
   * The refresh token the request presents: the body's if it has one, else the cookie's (CSRF header required).
   * `fromCookie` tells the caller to clear a cookie that no longer works.
   */
  presented(request: FastifyRequest, fromBody: string | undefined): { token: string; fromCookie: boolean } {
    if (fromBody !== undefined) return { token: fromBody, fromCookie: false };
    // Parsed here, the one place that reads a cookie, rather than on every request (api.ts).
    const header = request.headers.cookie;
    const cookie = header ? request.server.parseCookie(header)[REFRESH_COOKIE] : undefined;
    if (!cookie) throw AuthErrors.refreshTokenMissing();
    if (!request.headers[CSRF_HEADER]) throw AuthErrors.csrfHeaderMissing();
    return { token: cookie, fromCookie: true };
  }
}
