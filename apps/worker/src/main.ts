// `npm run start:worker`: the queue worker alone; run as many as the load needs. The worker runs in a thread whose
// heap is bounded by WORKER_HEAP_MB (worker-host.ts); this thread only starts it, passes signals on and watches it.
import { loadConfig } from '@amahoro/config/config.js';
import { runOrExit, stopOnSignals } from '@amahoro/config/process.js';
import { createLogger } from '@amahoro/logging/logger.js';
import { startWorkerThread } from './worker-host.js';

await runOrExit(async () => {
  const config = loadConfig();
  const logger = createLogger(config.logLevel, 'worker');
  const worker = await startWorkerThread(config, { checkDependencies: true, logger });
  stopOnSignals(() => worker.close(), (message) => logger.info(message));
});
