// Starts the worker (worker-thread.ts) in a thread with a bounded heap: the one place the worker's memory limits are
// set, for `npm run start:worker`, the image, docker-compose, the bench and `npm start` alike.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { AppConfig } from '@amahoro/config/config.js';
import { StartupError } from '@amahoro/config/process.js';
import type { WorkerThreadData, WorkerThreadMessage } from './worker-thread.js';

export interface WorkerThread {
  /** Stops taking jobs, finishes those in hand, closes connections; resolves once the thread has ended. */
  close(): Promise<void>;
}

/** V8 limits of the worker thread's heap (WORKER_HEAP_MB, WORKER_YOUNG_HEAP_MB). */
export function workerResourceLimits(config: AppConfig): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: config.workerHeap.oldMb, maxYoungGenerationSizeMb: config.workerHeap.youngMb };
}

/**
 * Starts the worker thread; resolves once it logged 'worker ready', rejects (a StartupError for a known cause) if it
 * could not start. Should it end later without being asked (a crash, its heap limit reached), the process exits 1, to
 * be restarted, rather than live on without a worker.
 */
export function startWorkerThread(config: AppConfig, options: { checkDependencies: boolean; logger: Logger }): Promise<WorkerThread> {
  const thread = new Worker(new URL('./worker-thread.js', import.meta.url), {
    workerData: { config, checkDependencies: options.checkDependencies } satisfies WorkerThreadData,
    resourceLimits: workerResourceLimits(config),
  });
  let started = false;
  let closing: Promise<void> | undefined;
  const ended = new Promise<number>((resolve) => thread.once('exit', resolve));
  const died = new Promise<Error>((resolve) => {
    thread.once('error', resolve);
    void ended.then((code) => {
      if (!closing) resolve(new Error(`the worker thread ended with code ${code}`));
    });
  });
  void died.then((error) => {
    if (!started) return;
    options.logger.fatal({ err: error }, 'the worker thread died');
    process.exit(1);
  });
  const close = () =>
    (closing ??= (async () => {
      thread.postMessage('stop');
      const code = await ended;
      if (code !== 0) throw new Error(`the worker thread stopped with code ${code}`);
    })());
  return new Promise((ready, fail) => {
    void died.then(fail);
    thread.on('message', (message: WorkerThreadMessage) => {
      if (message.type === 'ready') {
        started = true;
        return ready({ close });
      }
      const known = message.name === 'StartupError' || message.name === 'ConfigError';
      fail(known ? new StartupError(message.message) : Object.assign(new Error(message.message), { name: message.name, stack: message.stack }));
      void thread.terminate();
    });
  });
}
