// The events the academy's changes produce, written to the outbox in the transaction of the change.
import type { EntityManager } from 'typeorm';
import { type NotificationKind, OFFERING_NEWS_STATUSES } from '@amahoro/domain/notifications/notification.rules.js';
import type { MessageData } from './message.types.js';
import { NotificationsRepository } from './notifications.repository.js';
import { recordNotifications } from './outbox.js';

const outbox = new NotificationsRepository();

/** What every e-mail about an offering says of it. */
export async function offeringFacts(tx: EntityManager, offeringId: string): Promise<MessageData> {
  const offering = await outbox.offering(tx, offeringId);
  if (!offering) return { offeringId };
  const { courseTitle, startsOn, endsOn, location } = offering;
  return { courseTitle, startsOn, endsOn, location, offeringId };
}

/** An enrolment changed status: its trainee hears of it (with the place on the waitlist when waitlisted). */
export async function recordEnrollmentEvents(
  tx: EntityManager,
  kind: Extract<NotificationKind, `enrollment.${string}`>,
  enrollmentIds: string[],
  extra: Pick<MessageData, 'reason'> = {},
): Promise<void> {
  if (enrollmentIds.length === 0) return;
  await outbox.insertEnrollmentEvents(tx, kind, enrollmentIds, extra);
}

/** The people an offering's change concerns hear of it (hearsOfOfferingChanges). */
export async function recordOfferingEvent(
  tx: EntityManager,
  kind: 'offering.cancelled' | 'offering.rescheduled',
  offeringId: string,
  version: number,
  extra: Pick<MessageData, 'previousStartsOn' | 'previousEndsOn'> = {},
): Promise<void> {
  const people = await outbox.enrolledUserIds(tx, offeringId, OFFERING_NEWS_STATUSES);
  const facts = await offeringFacts(tx, offeringId);
  await recordNotifications(
    tx,
    people.map((recipientId) => ({ kind, recipientId, entityId: offeringId, version, data: { ...facts, ...extra } })),
  );
}

export async function recordCertificateEvent(
  tx: EntityManager,
  kind: 'certificate.issued' | 'certificate.revoked',
  certificateId: string,
  reason?: string,
): Promise<void> {
  const holder = await outbox.certificateHolder(tx, certificateId);
  if (!holder) return;
  await recordNotifications(tx, [
    {
      kind,
      recipientId: holder.userId,
      entityId: certificateId,
      data: { courseTitle: holder.courseTitle, serial: holder.serial, offeringId: holder.offeringId, ...(reason ? { reason } : {}) },
    },
  ]);
}

