import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AccountTokensRepository } from './account-tokens.repository.js';
import { recordNotifications } from './outbox.js';

export const ACCOUNT_TOKEN_PURPOSES = ['invite', 'reset', 'verify'] as const;
export type AccountTokenPurpose = (typeof ACCOUNT_TOKEN_PURPOSES)[number];

export const ACCOUNT_TOKEN_TTL_SECONDS: Record<AccountTokenPurpose, number> = { invite: 7 * 86_400, reset: 3600, verify: 7 * 86_400 };

/**
 * The secret a link carries, derived from the token row's id with the server's key: PostgreSQL stores only
 * its SHA-256 (a database reader cannot use it), and the worker that writes the e-mail can still derive it,
 * so the outbox never holds a usable secret. Changing JWT_ACCESS_SECRET voids the links still out.
 */
export function accountTokenSecret(serverKey: string, tokenId: string): string {
  return createHmac('sha256', serverKey).update(`amahoro-account-token\0${tokenId}`).digest('base64url');
}

export function hashAccountToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

const PAGES: Record<AccountTokenPurpose, string> = { invite: 'set-password', reset: 'reset-password', verify: 'verify-email' };

export function accountLink(publicBaseUrl: string, purpose: AccountTokenPurpose, secret: string): string {
  return `${publicBaseUrl}/${PAGES[purpose]}?token=${secret}`;
}

const tokens = new AccountTokensRepository();

/**
 * A new link of this purpose for the user, e-mailed through the outbox in the caller's transaction. Earlier
 * unused links of the same purpose stop working: only the latest e-mail counts.
 */
export async function issueAccountToken(tx: EntityManager, userId: string, purpose: AccountTokenPurpose, serverKey: string): Promise<void> {
  await tokens.retire(tx, userId, purpose);
  const id = randomUUID();
  await tokens.insert(tx, { id, userId, purpose, tokenHash: hashAccountToken(accountTokenSecret(serverKey, id)), ttlSeconds: ACCOUNT_TOKEN_TTL_SECONDS[purpose] });
  await recordNotifications(tx, [{ kind: `account.${purpose}`, recipientId: userId, entityId: id, data: { tokenId: id } }]);
}

/** Spends a link: one of the purposes, unused, unexpired, counted once. Returns the user and the purpose, or null. */
export async function spendAccountToken(
  tx: EntityManager,
  secret: string,
  purposes: AccountTokenPurpose[],
): Promise<{ userId: string; purpose: AccountTokenPurpose } | null> {
  return tokens.spend(tx, hashAccountToken(secret), purposes);
}
