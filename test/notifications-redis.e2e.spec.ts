// The outbox's worker through a Redis restarted empty (a Redis server of the spec's own): its job schedulers
// come back without restarting the worker, and a job Redis lost mid-send is logged as what it is.
import assert from 'node:assert/strict';
import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '@amahoro/config/config.js';
import { createLogger } from '@amahoro/logging/logger.js';
import { QUEUES } from '@amahoro/queue/jobs.js';
import { createWorker } from '../apps/worker/src/worker.js';
import { eventually } from './support/classroom.js';
import { TestApi, type TestUser, uniqueEmail } from './support/harness.js';
import { Mailbox, privateDatabase } from './support/mailbox.js';
import { type PrivateRedis, startPrivateRedis } from './support/private-services.js';

const SCHEDULERS = ['notifications-sweep', 'reminders-reconcile'];
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('notifications: Redis restarted empty', () => {
  let redis: PrivateRedis;
  let api: TestApi;
  let worker: INestApplicationContext;
  let mailbox: Mailbox;
  let admin: TestUser;
  let queue: Queue;
  let drop: () => Promise<void>;
  const logs: string[] = [];

  before(async () => {
    const db = await privateDatabase();
    drop = db.drop;
    [redis, mailbox] = await Promise.all([startPrivateRedis(), Mailbox.start()]);
    const env = {
      ...db.env,
      REDIS_URL: redis.url,
      SMTP_URL: mailbox.url,
      NOTIFICATIONS_SWEEP_MS: '100',
      MAIL_RETRY_DELAY_MS: '200',
      MAIL_SEND_TIMEOUT_MS: '5000',
      WORKER_STALLED_INTERVAL_MS: '1000',
    };
    api = await TestApi.start(env);
    const config = loadConfig({ ...process.env, ...env });
    worker = await createWorker(config, createLogger('info', 'worker', { write: (line: string) => void logs.push(line) }));
    admin = await api.signUp('admin');
    queue = new Queue(QUEUES.notifications, { connection: { url: redis.url }, prefix: `${config.redisPrefix}:bull` });
    queue.on('error', () => undefined);
  });
  after(async () => {
    await queue?.close();
    await worker?.close();
    await api?.close();
    await mailbox?.stop();
    await redis?.stop();
    await drop?.();
  });

  const schedulers = async () => (await queue.getJobSchedulers()).map((s) => s.key).sort();
  const invite = async (email: string) =>
    assert.equal((await api.post('/api/v1/users', { token: admin.token, body: { email, fullName: 'Redis Drill Trainee', role: 'trainee' } })).status, 201);

  it('sets the sweep and the reminders up again once Redis is back, and mail flows again', async () => {
    assert.deepEqual(await schedulers(), SCHEDULERS);
    await redis.restart(); // empty: the private Redis keeps nothing on disk
    assert.deepEqual(await eventually(schedulers, (keys) => keys.length === 2, 15_000), SCHEDULERS);
    const email = uniqueEmail('after-restart');
    await invite(email);
    await mailbox.waitFor(email, 'account.invite', 30_000);
  });

  it('logs a job Redis lost mid-send as lost, not as Redis unavailable, and sends its e-mail once', async () => {
    mailbox.hold();
    const email = uniqueEmail('lost-job');
    await invite(email);
    await eventually(async () => mailbox.heldMessages, (n) => n > 0, 30_000);
    await redis.restart();
    await eventually(schedulers, (keys) => keys.length === 2, 15_000);
    mailbox.release();
    await mailbox.waitFor(email, 'account.invite', 30_000);
    const lost = await eventually(async () => logs.filter((line) => line.includes('Missing key for job')), (lines) => lines.length > 0, 15_000);
    for (const line of lost) {
      assert.doesNotMatch(line, /Redis unavailable/);
      assert.match(line, /Redis no longer holds this job/);
    }
    await pause(1500);
    assert.equal(mailbox.to(email).length, 1);
  });
});
