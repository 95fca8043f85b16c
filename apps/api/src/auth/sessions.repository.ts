// Logins: each one a family of refresh tokens (refresh_tokens), and the caller an access token stands for.
import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import { type EntityManager, IsNull } from 'typeorm';
import { RefreshToken } from '@amahoro/database/entities/refresh-token.entity.js';
import type { Role } from '@amahoro/domain/users/user.types.js';

/** The channel a trigger (migration AuthChangedNotify) names a user on when their role, activity, e-mail or a login changes. */
const AUTH_CHANGED_CHANNEL = 'amahoro_auth_changed';

/** From now on the connection receives a notification, its payload the user's id, at each such change. */
export async function listenToAuthChanges(client: pg.ClientBase): Promise<void> {
  await client.query(`LISTEN ${AUTH_CHANGED_CHANNEL}`);
}

/** The heartbeat's statement, named so that pg_stat_activity (and a test counting a request's queries) tells it apart. */
export const AUTH_LISTENER_PING = 'SELECT 1 AS auth_listener_heartbeat';

/** A query on the listening connection: answered only after every notification pending on it was delivered. */
export async function pingAuthListener(client: pg.ClientBase): Promise<void> {
  await client.query(AUTH_LISTENER_PING);
}

export interface Caller {
  id: string;
  email: string;
  role: Role;
}

@Injectable()
export class SessionsRepository {
  /** The user, when active and this login of theirs is not revoked. */
  async activeCaller(db: EntityManager, userId: string, sessionId: string): Promise<Caller | null> {
    const [caller]: Caller[] = await db.query(
      `SELECT u.id, u.email, u.role FROM users u
        WHERE u.id = $1 AND u.active
          AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $2 AND t.user_id = u.id AND t.revoked_at IS NULL)`,
      [userId, sessionId],
    );
    return caller ?? null;
  }

  findToken(db: EntityManager, id: string): Promise<RefreshToken | null> {
    return db.getRepository(RefreshToken).findOneBy({ id });
  }

  /**
   * Stores a refresh token, when its user is active, and reads the caller in the same statement: what an access
   * token then states is the database as of this statement, not as of whenever the user was loaded before.
   */
  async insertToken(
    db: EntityManager,
    token: Pick<RefreshToken, 'userId' | 'familyId' | 'tokenHash' | 'expiresAt'>,
  ): Promise<{ tokenId: string; caller: Caller } | null> {
    const [row]: (Caller & { tokenId: string })[] = await db.query(
      `WITH caller AS (SELECT id, email, role FROM users WHERE id = $1 AND active),
            token AS (INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
                      SELECT id, $2, $3, $4 FROM caller RETURNING id)
       SELECT token.id AS "tokenId", caller.id, caller.email, caller.role FROM token, caller`,
      [token.userId, token.familyId, token.tokenHash, token.expiresAt],
    );
    return row ? { tokenId: row.tokenId, caller: { id: row.id, email: row.email, role: row.role } } : null;
  }

  /** Revokes the token unless it already is; false when another use got there first. */
  async claimToken(db: EntityManager, id: string): Promise<boolean> {
    const claimed = await db.getRepository(RefreshToken).update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return Boolean(claimed.affected);
  }

  async revokeFamily(db: EntityManager, familyId: string): Promise<void> {
    await db.getRepository(RefreshToken).update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
