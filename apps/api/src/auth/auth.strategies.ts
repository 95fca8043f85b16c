import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy as JwtStrategyBase } from 'passport-jwt';
import { Strategy as LocalStrategyBase } from 'passport-local';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import type { User } from '@amahoro/database/entities/user.entity.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { AccessCache } from './access-cache.js';
import { AuthService } from './auth.service.js';
import { SessionsRepository } from './sessions.repository.js';
import type { AccessClaims } from './tokens.service.js';

export const JWT_AUDIENCE = 'amahoro-api';

@Injectable()
export class LocalStrategy extends PassportStrategy(LocalStrategyBase, 'local') {
  constructor(private readonly auth: AuthService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true });
  }

  validate(request: FastifyRequest, email: string, password: string): Promise<User> {
    return this.auth.verifyLogin(email, password, request.ip);
  }
}

/**
 * Accepts only HS256 tokens of this issuer and audience (no `alg: none`, no key confusion), then finds the
 * caller: a deactivated user, a changed role or a revoked login take effect at once, not when the token expires.
 * The token's claims answer when no change to its user was heard since it was issued, a recent answer of the
 * database when none was heard since (AccessCache); otherwise the database is asked.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(JwtStrategyBase, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly cache: AccessCache,
    private readonly sessions: SessionsRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string, jsonwebtoken first tries it as a public key on every
      // request (about 0.6 ms of CPU each, in `npm run bench`).
      secretOrKey: createSecretKey(Buffer.from(config.jwt.accessSecret)) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.jwt.issuer,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  async validate(claims: AccessClaims): Promise<AuthUser | false> {
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    const known = this.cache.fromToken(claims) ?? this.cache.get(claims.sub, claims.sid);
    if (known) return known;
    const loadedAt = Date.now();
    const user = await this.sessions.activeCaller(this.db.manager, claims.sub, claims.sid);
    if (!user) return false;
    const caller: AuthUser = { id: user.id, email: user.email, role: user.role, sessionId: claims.sid };
    this.cache.set(caller, loadedAt);
    return caller;
  }
}
