// One start-up for every e2e suite: the real API (and, when asked, an in-process worker) on the run's
// PostgreSQL and Redis, with an admin signed up. Call it inside a describe; its hooks run around that suite.
import { after, before } from 'node:test';
import type { INestApplicationContext } from '@nestjs/common';
import { startWorker, TestApi, type TestUser } from './harness.js';

export interface AppFixture {
  readonly api: TestApi;
  readonly admin: TestUser;
  /** Only with `{ worker: true }`; a test that stops it sets the one it starts instead, closed after the suite. */
  worker: INestApplicationContext;
}

export function useApp(options: { worker?: boolean } = {}): AppFixture {
  let api: TestApi | undefined;
  let admin: TestUser | undefined;
  let worker: INestApplicationContext | undefined;
  before(async () => {
    api = await TestApi.start();
    if (options.worker) worker = await startWorker();
    admin = await api.signUp('admin');
  });
  after(async () => {
    await worker?.close();
    await api?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use it inside a test of the suite that called useApp${what === 'worker' ? '({ worker: true })' : ''}`);
    return value;
  };
  return {
    get api() {
      return started(api, 'api');
    },
    get admin() {
      return started(admin, 'admin');
    },
    get worker() {
      return started(worker, 'worker');
    },
    set worker(value: INestApplicationContext) {
      worker = value;
    },
  };
}
