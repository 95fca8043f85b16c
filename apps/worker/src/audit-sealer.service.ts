import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { ISSUER_KEYS } from '@amahoro/certificates/issuer-keys.module.js';
import { sealAuditTrail } from '@amahoro/database/audit/audit-sealer.js';

/** How often the audit trail is sealed: a record is in the hash chain, under a signed checkpoint, within about this. */
export const AUDIT_SEAL_INTERVAL_MS = 1000;

/**
 * Seals the audit trail every second. Every worker runs one; they take turns on a try-lock, so the trail is
 * sealed as long as one worker lives, and a pass that fails (PostgreSQL away) is simply tried again.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditSealer.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(ISSUER_KEYS) private readonly keys: IssuerKeys,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.seal().finally(() => (this.running = undefined));
    }, AUDIT_SEAL_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    // What was appended since the last pass is sealed now rather than by the next worker.
    await this.seal();
  }

  async seal(): Promise<void> {
    try {
      await sealAuditTrail(this.db, this.keys);
    } catch (error) {
      this.logger.warn(`could not seal the audit trail, will try again: ${(error as Error).message}`);
    }
  }
}
