// A batch of 10,000 certificates (one finalised offering, seeded by SQL) issued end to end by two worker processes,
// API call to all issued, with each worker's resident memory sampled every 200 ms (VmRSS of /proc/<pid>/status):
// it must stay flat, a worker streaming jobs rather than holding the batch. The workers are warmed first, as in the
// certificates benchmark (warmupPerWorker in issuing.ts). Long, so it runs only when named:
// `npm run bench -- certificates-10k`. Against it, the renderer alone in a loop in this process (1,000
// certificates, one core), for the ratio.
import { performance } from 'node:perf_hooks';
import { createApi } from '../apps/api/src/api.js';
import { assertStatusListRoom, insertCertificateCourse, insertFinalisedOffering, insertTrainees, pdfInputs, queuedElsewhere } from './issuing-seed.js';
import { renderLoop } from './issuing-render.js';
import { mb, removeRedisKeys, rssQuarters, runPrefix, startWorkers, stopWorkers, waitForWorkers, type WorkerProcess } from './issuing-workers.js';
import { checkThroughApi, describeConnections, describeCpu, type Issued, issueAndWait, issuingConfig, seedWorkerWarmup, warmUpWorkers, warmupPerWorker } from './issuing.js';
import { insertUsers, issueTokens, runTag } from './seed.js';
import { type Benchmark, benchPool, urlOf } from './support.js';

const CERTIFICATES = 10_000;
const WORKERS = 2;
/** Certificates the baseline renders, for its rate. */
const RENDERED = 1000;
/** Issue 15's goals: all issued within this time, each worker's peak RSS under this, and flat (see FLAT_SLACK_KB). */
const TIME_GOAL_MS = 45_000;
const RSS_GOAL_KB = 200 * 1024;
/** Flat: the peak of the batch's last quarter at most this above the first quarter's (a worker holding the batch grows). */
const FLAT_SLACK_KB = 10 * 1024;

const n = (value: number) => Math.round(value).toLocaleString('en-US');

export const certificateMemoryBenchmark: Benchmark = {
  name: 'certificates-10k',
  description: `bulk issue of ${n(CERTIFICATES)} certificates by ${WORKERS} worker processes, API call to all issued, worker peak RSS; vs renderCertificatePdf alone`,
  explicitOnly: true,
  goal: 'report',
  sides: { app: `${WORKERS} workers`, baseline: 'render only' },
  run: async () => {
    const db = benchPool(2);
    const tag = runTag();
    const config = issuingConfig(runPrefix(tag));
    try {
      await assertStatusListRoom(db, CERTIFICATES + WORKERS * warmupPerWorker());
      const foreign = await queuedElsewhere(db);
      const course = await insertCertificateCourse(db, `CRT-${tag}`);
      const trainees = await insertTrainees(db, tag, CERTIFICATES);
      const offeringId = await insertFinalisedOffering(db, course, trainees);
      const warmup = await seedWorkerWarmup(db, course, trainees, WORKERS);
      const baseline = (await renderLoop(config, pdfInputs(config, course, RENDERED), false)).result;

      const app = await createApi(config);
      let workers: WorkerProcess[] = [];
      let issued: Issued;
      let readyKb: number[];
      let warmKb: number[];
      let batch: [number, number];
      let exitCodes: Array<number | null>;
      let check: string;
      try {
        await app.listen({ port: 0, host: '127.0.0.1' });
        const url = urlOf(app.getHttpServer());
        const [token] = await issueTokens(app, await insertUsers(db, tag, 'admin', 1));
        workers = startWorkers(WORKERS, config.redisPrefix);
        try {
          await waitForWorkers(config, workers);
          readyKb = workers.map((w) => w.rss.lastKb);
          await warmUpWorkers(url, token!, db, warmup, workers);
          warmKb = workers.map((w) => w.rss.lastKb);
          const startedMs = performance.now();
          issued = await issueAndWait(url, token!, db, offeringId, CERTIFICATES, workers);
          batch = [startedMs, startedMs + issued.elapsedMs];
        } finally {
          exitCodes = await stopWorkers(workers);
        }
        check = await checkThroughApi(url, token!, offeringId, CERTIFICATES, `${WORKERS} workers`);
      } finally {
        await app.close();
        await removeRedisKeys(config.redisUrl, config.redisPrefix);
      }

      const peaks = workers.map((w) => w.rss.peakKb);
      const quarters = workers.map((w) => rssQuarters(w.rss.series, ...batch));
      const goals: Array<[string, boolean]> = [
        [`${n(issued.issued)} issued in ${(issued.elapsedMs / 1000).toFixed(1)} s (goal < ${TIME_GOAL_MS / 1000} s)`, issued.issued === CERTIFICATES && issued.elapsedMs < TIME_GOAL_MS],
        [`worker peak RSS ${peaks.map(mb).join(' and ')} (goal < ${mb(RSS_GOAL_KB)} each)`, peaks.every((kb) => kb > 0 && kb < RSS_GOAL_KB)],
        [
          `flat: peak RSS in each quarter of the batch ${quarters.map((q) => q.map(mb).join(' → ')).join('; ')} ` +
            `(goal: the last at most ${mb(FLAT_SLACK_KB)} above the first)`,
          quarters.every((q) => q[0]! > 0 && q[3]! <= q[0]! + FLAT_SLACK_KB),
        ],
      ];
      const notes = [
        'a request is one certificate; 2 workers: req/s = certificates ÷ time from the POST to the last one issued, p99/mean ms: from the POST ' +
          'to each one issued, cpu µs/req: CPU of the worker processes (all threads) per certificate; render only: in this process, one core.',
        ...workers.map(
          (w, i) =>
            `worker ${i + 1} (pid ${w.pid}, concurrency ${config.workerConcurrency}, heap limit ${config.workerHeap.oldMb} + ${config.workerHeap.youngMb} MB, ${config.renderThreads} render thread(s) of ${config.renderHeap.oldMb} + ${config.renderHeap.youngMb} MB): RSS ${mb(readyKb[i]!)} when ready, ${mb(warmKb[i]!)} after ${n(warmup.count * warmup.offeringIds.length)} certificates of warm-up, peak ${mb(w.rss.peakKb)}, ` +
            `${mb(w.rss.lastKb)} at the end (${n(w.rss.samples)} samples, every 200 ms); exited with ${exitCodes[i]} on SIGTERM.`,
        ),
        `the POST answered in ${n(issued.postMs)} ms (queueing ${n(CERTIFICATES)} certificates); ${describeConnections(issued)}. ${describeCpu(issued)}.`,
        check,
      ];
      if (foreign > 0) notes.push(`${n(foreign)} certificates of other offerings were left queued in this database: the workers issued those too.`);
      return { app: issued.result, baseline, goals, notes };
    } finally {
      await db.end();
    }
  },
};
