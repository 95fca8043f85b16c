// What an API process sends to PostgreSQL, counted on the wire (each statement sends one Query or Parse message),
// whichever client class or wrapper sent it.
import type { INestApplicationContext } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { AuthChanges, CLOCK_MARGIN_MS } from '../../apps/api/src/auth/auth-changes.js';
import { AUTH_LISTENER_PING } from '../../apps/api/src/auth/sessions.repository.js';

type Send = (this: unknown, message: unknown, ...rest: unknown[]) => unknown;
const wire = Object.getPrototypeOf(new pg.Client().connection) as Record<'query' | 'parse', Send>;

/** The text of each statement sent while `run` runs, but the auth listener's heartbeat (not the request's doing). */
export async function queriesSentDuring<T>(run: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  const sent: string[] = [];
  const originals = { query: wire.query, parse: wire.parse };
  const counted = (send: Send, textOf: (message: unknown) => string): Send =>
    function (this: unknown, message, ...rest) {
      const text = textOf(message);
      if (text !== AUTH_LISTENER_PING) sent.push(text);
      return send.call(this, message, ...rest);
    };
  wire.query = counted(originals.query, (text) => text as string);
  wire.parse = counted(originals.parse, (message) => (message as { text: string }).text);
  try {
    return { result: await run(), sent };
  } finally {
    Object.assign(wire, originals);
  }
}

/**
 * Waits until a token issued now can answer for its caller by itself: the process must have listened for
 * changes since before the token's (whole-second, clock-margin) issue time. Right after start it has not.
 */
export async function untilTokensAnswer(app: INestApplicationContext, timeoutMs = 5_000): Promise<void> {
  const changes = app.get(AuthChanges);
  const deadline = Date.now() + timeoutMs;
  const nobody = '00000000-0000-0000-0000-000000000000';
  while (!changes.unchangedSince(nobody, Math.floor(Date.now() / 1000) * 1000 - CLOCK_MARGIN_MS)) {
    if (Date.now() > deadline) throw new Error(`tokens still not trusted after ${timeoutMs} ms`);
    await sleep(50);
  }
}
