import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { cancelReminders, scheduleReminders } from '@amahoro/notifications/reminders.js';
import { QUEUES } from '@amahoro/queue/jobs.js';

type Dated = { id: string; startsOn: string };

/**
 * Keeps an offering's reminder jobs in step with its start date, after the change committed. Redis being away
 * costs nothing lasting: the worker schedules what is missing when it starts and every hour, and a reminder
 * that fires for a moved or cancelled offering does nothing.
 */
@Injectable()
export class OfferingRemindersService {
  private readonly logger = new Logger(OfferingRemindersService.name);

  constructor(@InjectQueue(QUEUES.notifications) private readonly queue: Queue) {}

  async scheduled(offering: Dated): Promise<void> {
    await this.safely(() => scheduleReminders(this.queue, offering), offering.id);
  }

  async moved(before: Dated, after: Dated): Promise<void> {
    if (before.startsOn === after.startsOn) return;
    await this.safely(async () => {
      await cancelReminders(this.queue, before);
      await scheduleReminders(this.queue, after);
    }, after.id);
  }

  async cancelled(offering: Dated): Promise<void> {
    await this.safely(() => cancelReminders(this.queue, offering), offering.id);
  }

  /** Never holds up the admin's request: BullMQ waits for Redis to come back, this answer does not. */
  private async safely(work: () => Promise<void>, offeringId: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error('Redis did not answer within 1 s')), 1000);
    });
    try {
      await Promise.race([work(), timeout]);
    } catch (error) {
      this.logger.warn(`reminders of offering ${offeringId} not updated now (${(error as Error).message}); the worker will catch up`);
    } finally {
      clearTimeout(timer);
    }
  }
}
