import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import type { RefreshToken } from '@amahoro/database/entities/refresh-token.entity.js';
import type { User } from '@amahoro/database/entities/user.entity.js';
import { AuthErrors } from './auth.errors.js';
import { forgetAccess } from './auth-changes.js';
import { SessionsRepository } from './sessions.repository.js';

export interface AccessClaims {
  sub: string;
  /** The login this token belongs to: revoking it ends the access tokens too. */
  sid: string;
  role: User['role'];
  /** Absent from tokens issued before it was added: those are always checked against the database. */
  email?: string;
  /** Issued at (s): the claims are the database as of this moment or later. */
  iat?: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  /** Whom the pair was issued to, as loaded for it. */
  user: User;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Access tokens are short-lived JWTs; refresh tokens are `<id>.<secret>`, stored as the secret's SHA-256,
 * single use, rotated on every refresh.
 */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsRepository,
  ) {}

  /** A new login: a new token family. */
  issue(user: User): Promise<TokenPair> {
    return this.issueInFamily(user, randomUUID(), AuthErrors.invalidCredentials);
  }

  /**
   * Trades a refresh token for a new pair. A token already rotated means it was copied: the whole login is
   * revoked. The conditional update makes two concurrent uses of one token count as a reuse too.
   */
  async rotate(presented: string, loadUser: (id: string) => Promise<User | null>): Promise<TokenPair> {
    const token = await this.find(presented);
    if (!token) throw AuthErrors.invalidRefreshToken();
    if (token.revokedAt) {
      await this.revokeFamily(token);
      throw AuthErrors.refreshTokenReused();
    }
    if (token.expiresAt.getTime() <= Date.now()) throw AuthErrors.invalidRefreshToken();
    const user = await loadUser(token.userId);
    if (!user?.active) {
      await this.revokeFamily(token);
      throw AuthErrors.invalidRefreshToken();
    }
    if (!(await this.sessions.claimToken(this.db.manager, token.id))) {
      await this.revokeFamily(token);
      throw AuthErrors.refreshTokenReused();
    }
    return this.issueInFamily(user, token.familyId, AuthErrors.invalidRefreshToken);
  }

  /** Ends the login the refresh token belongs to, when it is the caller's; anything else is ignored. */
  async revokeLogin(presented: string, userId: string): Promise<void> {
    const token = await this.find(presented);
    if (token?.userId === userId) await this.revokeFamily(token);
    forgetAccess(userId);
  }

  /** Throws `refused()` when the user is no longer active (deactivated since they were loaded). */
  private async issueInFamily(user: User, familyId: string, refused: () => Error): Promise<TokenPair> {
    const secret = randomBytes(32).toString('base64url');
    // Taken before the statement that reads the claims, rounded down: a change the token misses commits after it.
    const iat = Math.floor(Date.now() / 1000);
    const stored = await this.sessions.insertToken(this.db.manager, {
      userId: user.id,
      familyId,
      tokenHash: sha256(secret),
      expiresAt: new Date(Date.now() + this.config.jwt.refreshTtlSeconds * 1000),
    });
    if (!stored) throw refused();
    const { caller } = stored;
    // The answer shows the user as the token states them.
    Object.assign(user, { email: caller.email, role: caller.role });
    const claims: AccessClaims = { sub: caller.id, sid: familyId, role: caller.role, email: caller.email, iat };
    return {
      accessToken: await this.jwt.signAsync(claims),
      refreshToken: `${stored.tokenId}.${secret}`,
      expiresIn: this.config.jwt.accessTtlSeconds,
      user,
    };
  }

  private async find(presented: string): Promise<RefreshToken | null> {
    const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/.exec(presented);
    if (!match) return null;
    const token = await this.sessions.findToken(this.db.manager, match[1]!);
    if (!token) return null;
    const expected = Buffer.from(token.tokenHash, 'hex');
    const actual = Buffer.from(sha256(match[2]!), 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? token : null;
  }

  /** Its access tokens answer 401 on this process's next request, not only once PostgreSQL's notice arrives. */
  private async revokeFamily(token: { familyId: string; userId: string }): Promise<void> {
    await this.sessions.revokeFamily(this.db.manager, token.familyId);
    forgetAccess(token.userId);
  }
}
