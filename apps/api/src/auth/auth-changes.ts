// What this API process knows of changes to callers' access, from PostgreSQL's notifications (a trigger names the
// user at the commit of each role, activity or e-mail change and each revoked login, whatever process or plain SQL
// made it) and from its own code. A heartbeat on the listening connection proves nothing was missed: PostgreSQL
// delivers pending notifications before it answers a query, so an answered ping sent at S means every change
// committed before S has been heard.
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { listenToAuthChanges, pingAuthListener } from './sessions.repository.js';

/** The listening connection's name in pg_stat_activity. */
export const AUTH_LISTENER_NAME = 'amahoro-auth-listener';
/** Another process's clock may run this far ahead of ours: a token's issue time is taken this much earlier. */
export const CLOCK_MARGIN_MS = 500;
const PING_EVERY_MS = 500;
/**
 * How long an answered ping vouches for the channel. A silently dead connection (half-open TCP) loses
 * notifications unnoticed for at most this long; past it, nothing is trusted until a ping is answered again.
 */
export const HEARD_WITHIN_MS = 1_500;
/** A ping unanswered this long means the connection is dead: it is dropped and opened again. */
const DEAD_AFTER_MS = 2_000;
const RECONNECT_AFTER_MS = 1_000;
/** Changes remembered at most; dropping the oldest makes every earlier moment unknown instead. */
const MAX_CHANGES = 100_000;

const processFeeds = new Set<AuthChanges>();

/** Tells every feed of this process that the user's access changed: called by code that just changed it. */
export function forgetAccess(userId: string): void {
  for (const feed of processFeeds) feed.changed(userId);
}

@Injectable()
export class AuthChanges implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuthChanges.name);
  /** When each user last changed (wall clock, ms), oldest first. */
  private readonly changes = new Map<string, number>();
  /** Nothing is known before this (wall clock, ms): the listener's start, or the newest forgotten change. */
  private knownSince = Infinity;
  /** When the last answered ping was sent (monotonic clock). */
  private heardUpTo = -Infinity;
  private listener?: pg.Client;
  private pinging?: number;
  private heartbeat?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private closed = false;
  private readonly keepMs: number;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    // A mark older than the longest-lived access token (plus the clock margin) concerns no live token.
    this.keepMs = config.jwt.accessTtlSeconds * 1000 + CLOCK_MARGIN_MS;
  }

  async onModuleInit(): Promise<void> {
    processFeeds.add(this);
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    processFeeds.delete(this);
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    await this.listener?.end().catch(() => undefined);
  }

  /**
   * True when it is known that the user's access did not change from `since` (wall clock, ms) until now: the
   * channel has listened without a break since before then, a ping answered lately, and no change was heard.
   */
  unchangedSince(userId: string, since: number): boolean {
    if (performance.now() - this.heardUpTo > HEARD_WITHIN_MS || since <= this.knownSince) return false;
    const changed = this.changes.get(userId);
    return changed === undefined || changed < since;
  }

  changed(userId: string): void {
    const now = Date.now();
    this.changes.delete(userId);
    this.changes.set(userId, now);
    for (const [id, at] of this.changes) {
      if (at >= now - this.keepMs && this.changes.size <= MAX_CHANGES) break;
      this.changes.delete(id);
      this.knownSince = Math.max(this.knownSince, at);
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: AUTH_LISTENER_NAME });
    this.listener = client;
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.forgetAll();
      clearInterval(this.heartbeat);
      client.end().catch(() => undefined);
      if (this.closed) return;
      if (error) this.logger.warn(`tokens and the access cache unused until PostgreSQL notifies again: ${error.message}`);
      this.retry = setTimeout(() => void this.listen(), RECONNECT_AFTER_MS);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.payload) this.changed(message.payload);
    });
    try {
      await client.connect();
      const sent = performance.now();
      await listenToAuthChanges(client);
      // Changes committed from here on are heard; the LISTEN's answer is the first ping.
      this.knownSince = Date.now();
      this.heardUpTo = sent;
      this.heartbeat = setInterval(() => this.ping(client, lost), PING_EVERY_MS);
      this.heartbeat.unref();
    } catch (error) {
      // Startup goes on without the channel: every request asks PostgreSQL, as before, until it is up.
      lost(error as Error);
    }
  }

  private ping(client: pg.Client, lost: (error?: Error) => void): void {
    const now = performance.now();
    if (this.pinging !== undefined) {
      if (now - this.pinging > DEAD_AFTER_MS) lost(new Error(`no answer to a ping in ${DEAD_AFTER_MS} ms`));
      return;
    }
    this.pinging = now;
    pingAuthListener(client).then(
      () => {
        if (this.listener !== client) return;
        this.heardUpTo = now;
        this.pinging = undefined;
      },
      (error: Error) => lost(error),
    );
  }

  private forgetAll(): void {
    this.changes.clear();
    this.knownSince = Infinity;
    this.heardUpTo = -Infinity;
    this.pinging = undefined;
  }
}
