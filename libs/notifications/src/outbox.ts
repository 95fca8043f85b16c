import type { EntityManager } from 'typeorm';
import { type NotificationKind, notificationKey } from '@amahoro/domain/notifications/notification.rules.js';
import type { MessageData } from './templates.js';

export interface NotificationEvent {
  kind: NotificationKind;
  recipientId: string;
  /** The entity the event is about (an enrolment, an offering, a certificate, a token). */
  entityId: string;
  /** Where the same entity can have the event again (the n-th change of dates). */
  version?: string | number;
  data?: MessageData & { tokenId?: string };
}

/**
 * Writes events to the outbox in the caller's transaction: the e-mail exists exactly when the change does,
 * whether or not Redis answers at that moment. The worker's sweep sends them. A repeated event (the same key)
 * is ignored, so each person gets at most one e-mail per event.
 */
export async function recordNotifications(tx: EntityManager, events: NotificationEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO notifications (dedup_key, user_id, kind, data)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::jsonb[])
     ON CONFLICT (dedup_key) DO NOTHING`,
    [
      events.map((e) => notificationKey(e.kind, e.entityId, e.recipientId, e.version)),
      events.map((e) => e.recipientId),
      events.map((e) => e.kind),
      events.map((e) => JSON.stringify(e.data ?? {})),
    ],
  );
}
