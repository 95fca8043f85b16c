// Who a valid access token stands for, remembered for a few seconds so that a request costs no query for it.
// PostgreSQL says when to forget: a trigger notifies every API process of a user's role, activity or e-mail
// changing and of a login being revoked (whatever code path or process did it), and this process forgets at once
// what it changes itself. While the notification channel is down nothing is cached, so no change can be missed.
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { listenToAuthChanges } from './sessions.repository.js';

/** The longest a cached answer is used: the bound on a change whose notification was lost in flight. */
export const ACCESS_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 50_000;

interface Entry {
  user: AuthUser;
  expiresAt: number;
}

const processCaches = new Set<AccessCache>();

/** Forgets what every cache of this process holds for the user: called by code that just changed them. */
export function forgetAccess(userId: string): void {
  for (const cache of processCaches) cache.forget(userId);
}

@Injectable()
export class AccessCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AccessCache.name);
  private readonly entries = new Map<string, Entry>();
  private listener?: pg.Client;
  private listening = false;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleInit(): Promise<void> {
    processCaches.add(this);
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    processCaches.delete(this);
    clearTimeout(this.retry);
    await this.listener?.end().catch(() => undefined);
  }

  get(userId: string, sessionId: string): AuthUser | undefined {
    const entry = this.entries.get(`${userId}:${sessionId}`);
    if (!entry) return undefined;
    if (this.listening && entry.expiresAt > Date.now()) return entry.user;
    this.entries.delete(`${userId}:${sessionId}`);
    return undefined;
  }

  set(user: AuthUser): void {
    if (!this.listening) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(`${user.id}:${user.sessionId}`, { user, expiresAt: Date.now() + ACCESS_CACHE_TTL_MS });
  }

  forget(userId: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${userId}:`)) this.entries.delete(key);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl });
    this.listener = client;
    const lost = (error?: Error) => {
      if (!this.listening && this.listener !== client) return;
      this.listening = false;
      this.entries.clear();
      client.end().catch(() => undefined);
      if (this.closed) return;
      if (error) this.logger.warn(`access cache off until PostgreSQL notifies again: ${error.message}`);
      this.retry = setTimeout(() => void this.listen(), 1000);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.payload) this.forget(message.payload);
    });
    try {
      await client.connect();
      await listenToAuthChanges(client);
      this.listening = !this.closed;
    } catch (error) {
      // Startup goes on without the cache: every request asks PostgreSQL, as before, until the channel is up.
      lost(error as Error);
    }
  }
}
