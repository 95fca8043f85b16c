import type { Queue } from 'bullmq';
import { REMINDER_DAYS, remindersDue } from '@amahoro/domain/notifications/notification.rules.js';
import { JOBS, reminderJobId } from '@amahoro/queue/jobs.js';

/**
 * Delayed jobs in Redis (they outlive every process), one per reminder, with ids derived from the offering
 * and its start date: scheduling twice is one job, and the ids of a moved or cancelled offering are known.
 */
export async function scheduleReminders(queue: Queue, offering: { id: string; startsOn: string }, now = new Date()): Promise<void> {
  const due = remindersDue(offering.startsOn, now);
  if (due.length === 0) return;
  await queue.addBulk(
    due.map(({ daysBefore, at }) => ({
      name: JOBS.remind,
      data: { offeringId: offering.id, startsOn: offering.startsOn, daysBefore },
      opts: { jobId: reminderJobId(offering.id, offering.startsOn, daysBefore), delay: at.getTime() - now.getTime() },
    })),
  );
}

export async function cancelReminders(queue: Queue, offering: { id: string; startsOn: string }): Promise<void> {
  await Promise.all(REMINDER_DAYS.map((days) => queue.remove(reminderJobId(offering.id, offering.startsOn, days))));
}
