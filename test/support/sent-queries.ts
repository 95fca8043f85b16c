// What an API process sends to PostgreSQL, counted at the driver (pg.Client), whichever layer sent it.
import type { INestApplicationContext } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { AUTH_LISTENER_NAME, AuthChanges, CLOCK_MARGIN_MS } from '../../apps/api/src/auth/auth-changes.js';

type Named = pg.Client & { connectionParameters?: { application_name?: string } };

/** The text of each query sent while `run` runs, but the auth listener's heartbeat (not the request's doing). */
export async function queriesSentDuring<T>(run: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  const query = pg.Client.prototype.query;
  const sent: string[] = [];
  pg.Client.prototype.query = function (this: Named, ...args: unknown[]) {
    const [text] = args as [string | { text: string }];
    if (this.connectionParameters?.application_name !== AUTH_LISTENER_NAME) sent.push(typeof text === 'string' ? text : text.text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    return { result: await run(), sent };
  } finally {
    pg.Client.prototype.query = query;
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
