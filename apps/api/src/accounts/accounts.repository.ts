// The account links (user_tokens) beyond what issuing and spending one does (libs/notifications/account-tokens.ts).
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AccountTokenPurpose } from '@amahoro/notifications/account-tokens.js';

@Injectable()
export class AccountsRepository {
  /** The user's unused links of these purposes stop working. */
  async spendUnusedLinks(db: EntityManager, userId: string, purposes: AccountTokenPurpose[]): Promise<void> {
    await db.query(`UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND purpose = ANY($2::text[]) AND used_at IS NULL`, [userId, purposes]);
  }
}
