// The SQL of account links (invitation, reset, verification): only a hash of each link's secret is stored.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccountTokenPurpose } from './account-tokens.js';

@Injectable()
export class AccountTokensRepository {
  /** The user's unused links of this purpose stop working. */
  async retire(db: EntityManager, userId: string, purpose: AccountTokenPurpose): Promise<void> {
    await db.query(`UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [userId, purpose]);
  }

  async insert(db: EntityManager, token: { id: string; userId: string; purpose: AccountTokenPurpose; tokenHash: string; ttlSeconds: number }): Promise<void> {
    await db.query(
      `INSERT INTO user_tokens (id, user_id, purpose, token_hash, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))`,
      [token.id, token.userId, token.purpose, token.tokenHash, token.ttlSeconds],
    );
  }

  /**
   * Marks used the link with this hash if it has one of the purposes and is unused and unexpired; the
   * conditional update makes two concurrent uses of one link count once. Null when there is none.
   */
  async spend(db: EntityManager, tokenHash: string, purposes: AccountTokenPurpose[]): Promise<{ userId: string; purpose: AccountTokenPurpose } | null> {
    const [rows] = (await db.query(
      `UPDATE user_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = ANY($2::text[]) AND used_at IS NULL AND expires_at > now()
        RETURNING user_id AS "userId", purpose`,
      [tokenHash, purposes],
    )) as [Array<{ userId: string; purpose: AccountTokenPurpose }>, number];
    return rows[0] ?? null;
  }
}
