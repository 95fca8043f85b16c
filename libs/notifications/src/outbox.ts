import type { EntityManager } from 'typeorm';
import { type NotificationKind, notificationKey } from '@amahoro/domain/notifications/notification.rules.js';
import type { MessageData } from './message.types.js';
import { NotificationsRepository } from './notifications.repository.js';

export interface NotificationEvent {
  kind: NotificationKind;
  recipientId: string;
  /** The entity the event is about (an enrolment, an offering, a certificate, a token). */
  entityId: string;
  /** Where the same entity can have the event again (the n-th change of dates). */
  version?: string | number;
  data?: MessageData & { tokenId?: string };
}

const outbox = new NotificationsRepository();

/**
 * Writes events to the outbox in the caller's transaction: the e-mail exists exactly when the change does,
 * whether or not Redis answers at that moment. The worker's sweep sends them. A repeated event (the same key)
 * is ignored, so each person gets at most one e-mail per event.
 */
export async function recordNotifications(tx: EntityManager, events: NotificationEvent[]): Promise<void> {
  await outbox.insert(
    tx,
    events.map((e) => ({ dedupKey: notificationKey(e.kind, e.entityId, e.recipientId, e.version), userId: e.recipientId, kind: e.kind, data: e.data ?? {} })),
  );
}
