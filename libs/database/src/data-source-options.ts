import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '@amahoro/config/config.js';
import { Assessment } from './entities/assessment.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { Course } from './entities/course.entity.js';
import { Offering } from './entities/offering.entity.js';
import { Enrollment } from './entities/enrollment.entity.js';
import { User } from './entities/user.entity.js';

export const ENTITIES = [User, RefreshToken, Course, Offering, Enrollment, Assessment];

/** Connecting longer than this means PostgreSQL is out of reach. */
const CONNECT_TIMEOUT_MS = 1500;
/** Past its statement_timeout, how long a statement may still wait for the server's own cancellation. */
const CANCEL_GRACE_MS = 5000;

type BoundedConfig = pg.ClientConfig & { queryCheckMillis?: number; statement_timeout?: number };

/** One check at a time per server, shared by every waiting statement. */
const checks = new Map<string, Promise<boolean>>();

/** Whether PostgreSQL answers a new connection (with rows or with an error of its own) within 1.5 s. */
function serverAnswers(config: BoundedConfig): Promise<boolean> {
  const key = JSON.stringify([config.connectionString, config.host, config.port]);
  let check = checks.get(key);
  if (!check) {
    const probe = new pg.Client({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: CONNECT_TIMEOUT_MS });
    probe.on('error', () => undefined);
    check = probe
      .connect()
      .then(() => probe.query('SELECT 1'))
      .then(
        () => {
          void probe.end().catch(() => undefined);
          return true;
        },
        (error: unknown) => {
          // Not end(): its goodbye would wait on a server that may not read it.
          probe.connection.stream.destroy();
          return error instanceof pg.DatabaseError;
        },
      )
      .finally(() => checks.delete(key));
    checks.set(key, check);
  }
  return check;
}

/**
 * A connection that cannot be opened in 1.5 s means PostgreSQL is out of reach: the request fails then (the
 * API answers 503) instead of waiting out the pool's longer wait for a free connection.
 *
 * On a connection already open, a server that stops answering (frozen, or a proxy that stopped forwarding) would
 * hold a statement forever; a time limit alone cannot tell it from a statement that is merely long (the academy
 * summary over 100,000 enrolments takes seconds on a busy machine). So a statement still waiting after
 * queryCheckMillis checks that the server answers a new connection: while it does, the statement keeps waiting
 * (up to its statement_timeout); when it does not, the connection is dropped, the statement fails as
 * "Connection terminated" (the API answers 503) and the pool opens a fresh connection once the server is back.
 */
class BoundedClient extends pg.Client {
  /** The settings it was opened with, for the probe that checks the same server answers. */
  private readonly config: BoundedConfig;
  private readonly checkMs: number | undefined;
  private readonly limitMs: number;

  constructor(config: BoundedConfig) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    this.config = config;
    this.checkMs = config.queryCheckMillis;
    this.limitMs = (config.statement_timeout ?? Number.POSITIVE_INFINITY) + CANCEL_GRACE_MS;
  }

  // @ts-expect-error one wrapper passes each of pg's query overloads through unchanged
  override query(...args: unknown[]): unknown {
    const query = super.query as (...args: unknown[]) => unknown;
    const checkMs = this.checkMs;
    if (!checkMs) return query.apply(this, args);
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
    };
    const check = async () => {
      if (settled) return;
      const alive = Date.now() - started < this.limitMs && (await serverAnswers(this.config));
      if (settled) return;
      if (alive) timer = setTimeout(check, checkMs);
      else this.abandon();
    };
    // The statement ends by its callback, its promise, or (a submittable such as a stream) its events.
    const callbackAt = args.findIndex((arg, i) => i > 0 && typeof arg === 'function');
    if (callbackAt > 0) {
      const callback = args[callbackAt] as (...results: unknown[]) => void;
      args[callbackAt] = (...results: unknown[]) => {
        settle();
        callback(...results);
      };
    }
    const submitted = args[0] as { once?: (event: string, listener: () => void) => void } | undefined;
    if (callbackAt < 0 && typeof submitted?.once === 'function') {
      submitted.once('end', settle);
      submitted.once('error', settle);
    }
    const result = query.apply(this, args);
    if (result instanceof Promise) result.then(settle, settle);
    timer = setTimeout(check, checkMs);
    return result;
  }

  private abandon(): void {
    // The pool and TypeORM listen for the error this raises; a client between owners might not.
    this.once('error', () => undefined);
    this.connection.stream.destroy();
  }
}

// dist/libs/database/src → dist/migrations
const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '../../../migrations');

/** `bounds`: the API's and the workers' limits on one statement; migrations and command-line tools run without. */
export function dataSourceOptions(databaseUrl: string, bounds?: AppConfig['database']): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: [join(migrationsDir, '*.js')],
    migrationsTableName: 'migrations',
    synchronize: false,
    // Waiting for a free connection under load may take a while (a burst of 200 enrolments on one offering queues
    // behind its row lock, longer still on a busy machine); opening one may not (BoundedClient), so an
    // outage still answers 503 within 2 s.
    extra: {
      max: 20,
      connectionTimeoutMillis: 30_000,
      Client: BoundedClient,
      ...(bounds ? { statement_timeout: bounds.statementTimeoutMs, queryCheckMillis: bounds.queryCheckMs } : {}),
    },
  };
}
