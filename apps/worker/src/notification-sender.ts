import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { isSettled, type NotificationStatus, sendLeaseMs, shouldSend } from '@amahoro/domain/notifications/delivery.rules.js';
import { accountLink, accountTokenSecret } from '@amahoro/notifications/account-tokens.js';
import { type ClaimedNotification, OutboxRepository } from '@amahoro/notifications/outbox.repository.js';
import { renderMessage } from '@amahoro/notifications/templates.js';

/** E-mail jobs one worker process runs at once: each sends its rows one after another, over a connection of its own. */
export const NOTIFICATION_JOBS_AT_ONCE = 8;

/** What became of a send job's rows: sent now, skipped (not to be sent), or settled before this attempt. */
export interface SendOutcomes {
  sent: number;
  skipped: number;
  alreadySent: number;
}

/**
 * Sends outbox rows, one after another. They are claimed together (status `sending`, each with a lease that covers
 * the sends before it and its own) before any SMTP conversation, and each is marked `sent` once the server accepted
 * it, so a retry, a second worker or a stalled job picked up again after its worker died never sends a sent row
 * again. The one window left is SMTP's own: a worker that dies after the server accepted and before PostgreSQL
 * recorded it sends once more when the lease ends (the copy carries the same Message-ID). A row that fails is
 * pending again and the others still go; the job then fails, to try the rows left at its next attempt.
 */
@Injectable()
export class NotificationSender implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly mailer: Transporter | null;
  private readonly leaseMs: number;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const { smtpUrl, sendTimeoutMs } = config.mail;
    // Pooled: a connection (and its TLS handshake and greeting) per job at once, kept for the next mails, not one per
    // mail. Probe, 500 mails to a local smtp-server: one connection each took 107 ms and 3.9-4.5 ms of this process's
    // CPU per mail; pooled 4-5 ms and 2.2-2.9 ms. A connection the server dropped is replaced; a mail sent on it as it
    // dropped fails and is retried, as any failed send.
    this.mailer = smtpUrl
      ? createTransport({
          url: smtpUrl,
          pool: true,
          maxConnections: NOTIFICATION_JOBS_AT_ONCE,
          connectionTimeout: sendTimeoutMs,
          greetingTimeout: sendTimeoutMs,
          socketTimeout: sendTimeoutMs,
        })
      : null;
    this.leaseMs = sendLeaseMs(sendTimeoutMs);
  }

  onApplicationBootstrap(): void {
    if (!this.mailer) this.logger.warn('Mail is off: SMTP_URL is not set, notifications are recorded as skipped.');
  }

  onApplicationShutdown(): void {
    this.mailer?.close();
  }

  async send(notificationIds: string[]): Promise<SendOutcomes> {
    const db = this.db.manager;
    const claimed = await this.outbox.claim(db, notificationIds, this.leaseMs);
    const unclaimed = notificationIds.filter((id) => !claimed.some((row) => row.id === id));
    const statuses = unclaimed.length ? await this.outbox.statuses(db, unclaimed) : new Map<string, NotificationStatus>();
    // Another attempt holds the lease of these (its worker may have died mid-send): tried again once it has run out.
    // A row gone (its recipient deleted) counts as settled.
    const held = unclaimed.filter((id) => statuses.has(id) && !isSettled(statuses.get(id)!));
    const { mailer } = this;
    const goes = (row: ClaimedNotification) =>
      shouldSend({ kind: row.kind, mailOn: mailer !== null, recipientActive: row.recipient.active, recipientSettings: row.recipient.settings, livePurpose: row.livePurpose });
    const skipped = claimed.filter((row) => !goes(row)).map((row) => row.id);
    await this.outbox.markSkipped(db, skipped);
    let sent = 0;
    let failure: unknown;
    if (mailer) for (const row of claimed.filter(goes)) {
      try {
        await mailer.sendMail(this.mail(row));
      } catch (error) {
        await this.outbox.markRetry(db, row.id, String((error as Error).message));
        failure ??= error;
        continue;
      }
      await this.outbox.markSent(db, row.id);
      sent++;
    }
    if (failure) throw failure;
    if (held.length) throw new Error(`notifications ${held.join(', ')} are being sent by another attempt`);
    return { sent, skipped: skipped.length, alreadySent: unclaimed.length - held.length };
  }

  private mail(row: ClaimedNotification) {
    const { publicBaseUrl, certificates } = this.config;
    const message = renderMessage(row.kind, row.data, {
      language: row.recipient.language,
      recipientName: row.recipient.fullName,
      academyName: certificates.academyName,
      publicBaseUrl,
      accountLink:
        row.data.tokenId && row.livePurpose
          ? accountLink(publicBaseUrl, row.livePurpose, accountTokenSecret(this.config.jwt.accessSecret, row.data.tokenId))
          : undefined,
    });
    return {
      from: this.config.mail.from,
      to: { name: row.recipient.fullName, address: row.recipient.email },
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: `<${row.id}@${new URL(publicBaseUrl).hostname}>`,
      headers: { 'X-Amahoro-Notification': row.kind },
    };
  }
}
