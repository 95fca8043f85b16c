// What an API process sends to PostgreSQL, counted on the wire (each statement run sends one Query or Bind message;
// a named statement is parsed only on its connection's first run), whichever client class or wrapper sent it.
import type { INestApplicationContext } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { AuthChanges, CLOCK_MARGIN_MS } from '../../apps/api/src/auth/auth-changes.js';
import { AUTH_LISTENER_PING } from '../../apps/api/src/auth/sessions.repository.js';

type Send = (this: unknown, message: unknown, ...rest: unknown[]) => unknown;
type Connection = { submittedNamedStatements: Record<string, string>; parsedStatements: Record<string, string> };
const wire = Object.getPrototypeOf(new pg.Client().connection) as Record<'query' | 'parse' | 'bind', Send>;
/** The text of the unnamed statement each connection parsed last: the one its next unnamed Bind runs. */
const lastParsed = new WeakMap<object, string>();

/** The text of each statement sent while `run` runs, but the auth listener's heartbeat (not the request's doing). */
export async function queriesSentDuring<T>(run: () => Promise<T>): Promise<{ result: T; sent: string[] }> {
  const sent: string[] = [];
  const originals = { query: wire.query, parse: wire.parse, bind: wire.bind };
  const count = (text: string) => {
    if (text !== AUTH_LISTENER_PING) sent.push(text);
  };
  wire.query = function (this: unknown, text, ...rest) {
    count(text as string);
    return originals.query.call(this, text, ...rest);
  };
  wire.parse = function (this: unknown, message, ...rest) {
    lastParsed.set(this as object, (message as { text: string }).text);
    return originals.parse.call(this, message, ...rest);
  };
  wire.bind = function (this: unknown, message, ...rest) {
    const name = (message as { statement?: string }).statement;
    const connection = this as Connection;
    count(name ? (connection.submittedNamedStatements[name] ?? connection.parsedStatements[name] ?? name) : (lastParsed.get(this as object) ?? ''));
    return originals.bind.call(this, message, ...rest);
  };
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
