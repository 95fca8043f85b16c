// When an e-mail of the outbox goes out, is skipped, or is handed to a new job. Plain rules, no framework.

import { type NotificationKind, wants } from './notification.rules.js';

export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Done with, one way or the other: a job that finds its row so changes nothing. */
export function isSettled(status: NotificationStatus): boolean {
  return status === 'sent' || status === 'skipped';
}

/** What the worker knows when it holds a row, to decide whether it goes out. */
export interface Delivery {
  kind: NotificationKind;
  mailOn: boolean;
  recipientActive: boolean;
  recipientSettings: Partial<Record<string, unknown>> | null | undefined;
  /** The purpose of the row's account link while the link still works (unused, unexpired); null otherwise. */
  livePurpose: string | null;
}

/**
 * Sent unless mail is off, the recipient was deactivated or turned this kind off, or the e-mail carries an
 * account link that was used, replaced or expired while it waited (not worth sending).
 */
export function shouldSend(delivery: Delivery): boolean {
  const deadLink = delivery.kind.startsWith('account.') && !delivery.livePurpose;
  return delivery.mailOn && delivery.recipientActive && !deadLink && wants(delivery.kind, delivery.recipientSettings);
}

/** A claim outlasts any one attempt (connect, greet, send, each up to the timeout), so a live sender is never overtaken. */
export function sendLeaseMs(sendTimeoutMs: number): number {
  return 4 * sendTimeoutMs;
}

/** Rows whose job went missing (Redis lost it, or every attempt failed) are handed to a new job after this. */
export const HAND_OVER_AFTER_SECONDS = 300;

/** A job in one of these states will never send its row again: the row needs a new job. */
export function jobIsLost(state: string): boolean {
  return state === 'unknown' || state === 'failed' || state === 'completed';
}
