import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { isSettled, sendLeaseMs, shouldSend } from '@amahoro/domain/notifications/delivery.rules.js';
import { accountLink, accountTokenSecret } from '@amahoro/notifications/account-tokens.js';
import { type ClaimedNotification, OutboxRepository } from '@amahoro/notifications/outbox.repository.js';
import { renderMessage } from '@amahoro/notifications/templates.js';

export type SendOutcome = 'sent' | 'skipped' | 'already-sent';

/**
 * Sends one outbox row. It is claimed (status `sending`, with a lease) before the SMTP conversation and marked
 * `sent` once the server accepted the message, so a retry, a second worker or a stalled job picked up again
 * after its worker died never sends a sent row again. The one window left is SMTP's own: a worker that dies
 * after the server accepted and before PostgreSQL recorded it sends once more when the lease ends (the copy
 * carries the same Message-ID).
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
    this.mailer = smtpUrl
      ? createTransport({ url: smtpUrl, connectionTimeout: sendTimeoutMs, greetingTimeout: sendTimeoutMs, socketTimeout: sendTimeoutMs })
      : null;
    this.leaseMs = sendLeaseMs(sendTimeoutMs);
  }

  onApplicationBootstrap(): void {
    if (!this.mailer) this.logger.warn('Mail is off: SMTP_URL is not set, notifications are recorded as skipped.');
  }

  onApplicationShutdown(): void {
    this.mailer?.close();
  }

  async send(notificationId: string): Promise<SendOutcome> {
    const db = this.db.manager;
    const row = await this.outbox.claim(db, notificationId, this.leaseMs);
    if (!row) {
      const status = await this.outbox.status(db, notificationId);
      if (status === null || isSettled(status)) return 'already-sent';
      // Another attempt holds the lease (its worker may have died mid-send): try again once it has run out.
      throw new Error(`notification ${notificationId} is being sent by another attempt`);
    }
    const { recipient } = row;
    const delivery = { kind: row.kind, mailOn: this.mailer !== null, recipientActive: recipient.active, recipientSettings: recipient.settings, livePurpose: row.livePurpose };
    if (!this.mailer || !shouldSend(delivery)) {
      await this.outbox.markSkipped(db, row.id);
      return 'skipped';
    }
    try {
      await this.mailer.sendMail(this.mail(row));
    } catch (error) {
      await this.outbox.markRetry(db, row.id, String((error as Error).message));
      throw error;
    }
    await this.outbox.markSent(db, row.id);
    return 'sent';
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
