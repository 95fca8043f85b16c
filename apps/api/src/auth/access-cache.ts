// Who a valid access token stands for, without a query when that is known to be true: the token's own claims
// when no change to its user has been heard since it was issued, else what the database said a few seconds ago
// when no change has been heard since. AuthChanges says what was heard, and trusts nothing while it cannot be sure.
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth.decorators.js';
import { AuthChanges, CLOCK_MARGIN_MS } from './auth-changes.js';
import type { AccessClaims } from './tokens.service.js';

export { forgetAccess } from './auth-changes.js';

/** The longest an answer of the database is used, even with no change heard. */
export const ACCESS_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  user: AuthUser;
  /** When the query that found the user was sent (wall clock, ms). */
  loadedAt: number;
}

@Injectable()
export class AccessCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly changes: AuthChanges) {}

  /** The caller as the token states it, when nothing changed since it was issued. */
  fromToken(claims: AccessClaims): AuthUser | undefined {
    const { sub, sid, role, email, iat } = claims;
    if (typeof email !== 'string' || typeof role !== 'string' || typeof iat !== 'number') return undefined;
    // iat is in whole seconds, possibly of another process's clock: both only move it earlier.
    if (!this.changes.unchangedSince(sub, iat * 1000 - CLOCK_MARGIN_MS)) return undefined;
    return { id: sub, email, role, sessionId: sid };
  }

  get(userId: string, sessionId: string): AuthUser | undefined {
    const key = `${userId}:${sessionId}`;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.loadedAt > Date.now() - ACCESS_CACHE_TTL_MS && this.changes.unchangedSince(userId, entry.loadedAt)) return entry.user;
    this.entries.delete(key);
    return undefined;
  }

  set(user: AuthUser, loadedAt: number): void {
    if (!this.changes.unchangedSince(user.id, loadedAt)) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(`${user.id}:${user.sessionId}`, { user, loadedAt });
  }
}
