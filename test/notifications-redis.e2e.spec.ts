// The outbox's worker through a Redis restarted empty (a Redis server of the spec's own): its job schedulers
// come back without restarting the worker, and a job Redis lost mid-send is logged as what it is.
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import { after, before, describe, it } from 'node:test';
import { QUEUES } from '@amahoro/queue/jobs.js';
import { eventually, pause } from './support/classroom.js';
import { useApp } from './support/fixture.js';
import { uniqueEmail } from './support/harness.js';
import { type PrivateRedis, startPrivateRedis } from './support/private-services.js';

const SCHEDULERS = ['notifications-sweep', 'reminders-reconcile'];

describe('notifications: Redis restarted empty', () => {
  let redis: PrivateRedis;
  let queue: Queue;
  const logs: string[] = [];

  before(async () => {
    redis = await startPrivateRedis();
  });
  const app = useApp({ mail: true, env: () => ({ REDIS_URL: redis.url, MAIL_SEND_TIMEOUT_MS: '5000', WORKER_STALLED_INTERVAL_MS: '1000' }), workerLogs: logs });
  before(() => {
    // A queue of the test's own, that waits for Redis to come back rather than failing at once as the API's does.
    queue = new Queue(QUEUES.notifications, { connection: { url: redis.url }, prefix: `${app.api.config.redisPrefix}:bull` });
    queue.on('error', () => undefined);
  });
  // After the fixture's own (after hooks run in the order they are declared): the worker closes while Redis is up.
  after(async () => {
    await queue?.close();
    await redis?.stop();
  });

  const schedulers = async () => (await queue.getJobSchedulers()).map((s) => s.key).sort();
  const invite = async (email: string) =>
    assert.equal((await app.api.post('/api/v1/users', { token: app.admin.token, body: { email, fullName: 'Redis Drill Trainee', role: 'trainee' } })).status, 201);

  it('sets the sweep and the reminders up again once Redis is back, and mail flows again', async () => {
    assert.deepEqual(await schedulers(), SCHEDULERS);
    await redis.restart(); // empty: the private Redis keeps nothing on disk
    assert.deepEqual(await eventually(schedulers, (keys) => keys.length === 2, 15_000), SCHEDULERS);
    const email = uniqueEmail('after-restart');
    await invite(email);
    await app.mailbox.waitFor(email, 'account.invite', 30_000);
  });

  it('logs a job Redis lost mid-send as lost, not as Redis unavailable, and sends its e-mail once', async () => {
    app.mailbox.hold();
    const email = uniqueEmail('lost-job');
    await invite(email);
    await eventually(async () => app.mailbox.heldMessages, (n) => n > 0, 30_000);
    await redis.restart();
    await eventually(schedulers, (keys) => keys.length === 2, 15_000);
    app.mailbox.release();
    await app.mailbox.waitFor(email, 'account.invite', 30_000);
    const lost = await eventually(async () => logs.filter((line) => line.includes('Missing key for job')), (lines) => lines.length > 0, 15_000);
    for (const line of lost) {
      assert.doesNotMatch(line, /Redis unavailable/);
      assert.match(line, /Redis no longer holds this job/);
    }
    await pause(1500);
    assert.equal(app.mailbox.to(email).length, 1);
  });
});
