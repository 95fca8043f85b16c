// One start-up for every e2e suite: the real API (and, when asked, an in-process worker and a mail server) on the
// spec file's own database and Redis prefix, with an admin and any other callers signed up. Call it inside a
// describe; its hooks run around that suite (after any `before` registered above it, so `env` may be a function
// of what those started).
import { after, before } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createLogger } from '@amahoro/logging/logger.js';
import type { Role } from '@amahoro/domain/users/user.types.js';
import type { ApiHooks } from '../../apps/api/src/api.js';
import { startWorker, TestApi, type TestUser } from './harness.js';
import { Mailbox } from './mailbox.js';
import { closedPort } from './processes.js';

export interface AppOptions<Name extends string> {
  /** An in-process worker beside the API (always there with `mail`). */
  worker?: boolean;
  /**
   * Real mail: a Mailbox the worker sends to over SMTP, swept often; the API listens on the port its links
   * point to (`api.config.publicBaseUrl`), so a link read from a message can be followed.
   */
  mail?: boolean;
  /** Overrides of the run's environment for the API and the worker (a lower limit, counters of their own). */
  env?: Record<string, string> | (() => Record<string, string>);
  hooks?: ApiHooks;
  /**
   * Callers besides the admin, by name: `{ trainee: 'trainee', other: 'instructor' }` gives `users.other`; a
   * `{ role, fullName }` for one whose name a test reads back.
   */
  users?: Record<Name, Role | { role: Role; fullName: string }>;
  /** The admin's full name, for pages that show it. */
  adminName?: string;
  /** The worker logs (at `info`) into this array instead of stdout, for tests that read what it said. */
  workerLogs?: string[];
}

export interface AppFixture<Name extends string = never> {
  readonly api: TestApi;
  /** The API's own connection pool, for what a test reads or changes behind the API's back. */
  readonly db: DataSource;
  readonly admin: TestUser;
  readonly users: Readonly<Record<Name, TestUser>>;
  /** Only with `{ mail: true }`. */
  readonly mailbox: Mailbox;
  /** Only with `{ worker: true }` or `{ mail: true }` (or once a test called `startWorker`); closed after the suite. */
  readonly worker: INestApplicationContext;
  /** The overrides the API and the worker were started with (mail's included), to start another process like them. */
  readonly env: Readonly<Record<string, string>>;
  /** Closes the worker (it finishes the job in hand); nothing takes jobs until `startWorker`. */
  stopWorker(): Promise<void>;
  /** A worker on the suite's environment (with `extra` over it), closed after the suite. */
  startWorker(extra?: Record<string, string>): Promise<void>;
}

export function useApp<Name extends string = never>(options: AppOptions<Name> = {}): AppFixture<Name> {
  let api: TestApi | undefined;
  let admin: TestUser | undefined;
  let users: Record<Name, TestUser> | undefined;
  let mailbox: Mailbox | undefined;
  let worker: INestApplicationContext | undefined;
  let env: Record<string, string> | undefined;
  const logger = options.workerLogs && createLogger('info', 'worker', { write: (line: string) => void options.workerLogs!.push(line) });
  const startOne = (extra: Record<string, string> = {}) => startWorker({ ...env, ...extra }, logger);
  before(async () => {
    env = typeof options.env === 'function' ? options.env() : { ...options.env };
    if (options.mail) {
      mailbox = await Mailbox.start();
      const port = await closedPort();
      env = { PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, SMTP_URL: mailbox.url, NOTIFICATIONS_SWEEP_MS: '100', MAIL_RETRY_DELAY_MS: '200', ...env };
    }
    api = await TestApi.start(env, options.hooks);
    if (options.worker || options.mail) worker = await startOne();
    const named = Object.entries<Role | { role: Role; fullName: string }>(options.users ?? {});
    const [signedUp, ...others] = await Promise.all([
      api.signUp('admin', { fullName: options.adminName }),
      ...named.map(([, user]) => (typeof user === 'string' ? api!.signUp(user) : api!.signUp(user.role, { fullName: user.fullName }))),
    ]);
    admin = signedUp;
    users = Object.fromEntries(named.map(([name], i) => [name, others[i]!])) as Record<Name, TestUser>;
  });
  after(async () => {
    await worker?.close();
    await api?.close();
    await mailbox?.stop();
  });
  const started = <T>(value: T | undefined, what: string, option = ''): T => {
    if (value === undefined) throw new Error(`${what} is not started: use it inside a test of the suite that called useApp(${option})`);
    return value;
  };
  return {
    get api() {
      return started(api, 'api');
    },
    get db() {
      return started(api, 'api').app.get(DataSource);
    },
    get admin() {
      return started(admin, 'admin');
    },
    get users() {
      return started(users, 'users', '{ users }');
    },
    get mailbox() {
      return started(mailbox, 'mailbox', '{ mail: true }');
    },
    get worker() {
      return started(worker, 'worker', '{ worker: true }');
    },
    get env() {
      return started(env, 'env');
    },
    async stopWorker() {
      const stopping = worker;
      worker = undefined;
      await stopping?.close();
    },
    async startWorker(extra) {
      worker = await startOne(extra);
    },
  };
}
