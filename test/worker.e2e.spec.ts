import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestApi, type TestUser, startWorker } from './support/harness.js';
import { runEntryPoint } from './support/processes.js';

async function waitForJob(api: TestApi, token: string, jobId: string, state: string, timeoutMs = 15_000) {
  const started = Date.now();
  for (;;) {
    const reply = await api.get(`/api/v1/system/ping/${jobId}`, { token });
    if (reply.body.state === state) return reply.body;
    if (Date.now() - started > timeoutMs) throw new Error(`job ${jobId} is ${reply.body.state}, not ${state}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('worker: typed jobs from the API', () => {
  let api: TestApi;
  let admin: TestUser;
  before(async () => {
    api = await TestApi.start();
    admin = await api.signUp('admin');
  });
  after(() => api.close());

  it('processes a job the API enqueued', async () => {
    const worker = await startWorker();
    try {
      const queued = await api.post('/api/v1/system/ping', { token: admin.token, body: { message: 'amahoro' } });
      assert.equal(queued.status, 202);
      const done = await waitForJob(api, admin.token, queued.body.jobId, 'completed');
      assert.equal(done.result.echo, 'amahoro');
    } finally {
      await worker.close();
    }
  });

  it('finishes the job in hand when the worker process gets SIGTERM', async () => {
    const worker = runEntryPoint('dist/apps/worker/src/main.js', { ...(process.env as Record<string, string>), LOG_LEVEL: 'info', WORKER_HEAP_MB: '100', WORKER_YOUNG_HEAP_MB: '16' });
    try {
      await worker.waitFor(/"msg":"worker ready"/, 30_000);
      // It runs under the heap limit it was given (old generation, plus the young one's 16 MB and V8's slack).
      const heapLimitMb = Number(/"heapLimitMb":(\d+)/.exec(worker.output())?.[1]);
      assert.ok(heapLimitMb >= 100 && heapLimitMb <= 150, `heap limit ${heapLimitMb} MB`);
      const queued = await api.post('/api/v1/system/ping', { token: admin.token, body: { message: 'slow', workMs: 1500 } });
      await waitForJob(api, admin.token, queued.body.jobId, 'active');
      worker.child.kill('SIGTERM');
      assert.equal(await worker.exited, 0, worker.output());
      const done = await waitForJob(api, admin.token, queued.body.jobId, 'completed', 1000);
      assert.equal(done.result.worker, worker.child.pid, 'the same process finished it before exiting');
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }
  });

  it('answers 404 for an unknown job and 400 for a bad ping', async () => {
    assert.equal((await api.get('/api/v1/system/ping/999999999', { token: admin.token })).status, 404);
    assert.equal((await api.get('/api/v1/system/ping/abc', { token: admin.token })).status, 404);
    assert.equal((await api.post('/api/v1/system/ping', { token: admin.token, body: { message: '' } })).status, 400);
    assert.equal((await api.post('/api/v1/system/ping', { token: admin.token, body: { message: 'x', workMs: -1 } })).status, 400);
  });
});
