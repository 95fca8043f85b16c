// The node flags each process is started with: the one list. A V8 flag cannot be set once the process runs
// (v8.setFlagsFromString made the worker hang) nor through NODE_OPTIONS (node refuses these), so every command that
// starts a process spells them out: package.json (start:api, start:worker, start), docker-compose.yml and the
// Dockerfile, checked against these lists by test/deployment.e2e.spec.ts; the bench starts its processes with them.

/**
 * The API (`npm run start:api`, the image, compose; the bench runs it in its own process with them). Measured with the
 * API in a process of its own, CPU of all its threads per request, interleaved A/B pairs:
 * --single-threaded-gc: garbage collection on the main thread alone, not spread over V8's helper threads, which on the
 * few cores the API shares with PostgreSQL cost more than they save: grading (500 rows a request) 11.1/13.0/10.9/11.6 →
 * 10.0/10.3/10.3/12.8 ms; enrolment and /health unchanged (within the noise).
 * --max-semi-space-size=32: semi-spaces of 32 MB instead of V8's 16, so half the scavenges, each copying about the same
 * in-flight requests. On top of the first: grading 10.0/10.3/10.3/12.8 → 9.3/8.7/10.7/10.3 ms, enrolment
 * 1,635/1,590/1,640 → 1,520/1,530/1,500 µs, for ~33 MB more peak RSS (enrolment 204 → 237 MB, grading 263 → 296 MB).
 * 64 MB saved no more (enrolment 1,420/1,580/1,580 µs) for ~90 MB.
 */
export const API_NODE_FLAGS = ['--single-threaded-gc', '--max-semi-space-size=32'];

/**
 * The worker (`npm run start:worker`, compose, the bench's worker processes): garbage collection on the worker thread
 * alone. V8's default spreads each collection over helper threads; on the few cores a worker shares with PostgreSQL and
 * Redis they spent 1.5-2.5 ms of CPU per certificate, of which about 0.6 ms is saved (bench certificates, 4 A/B pairs:
 * ~7 % less CPU per certificate, 1 or 2 workers, as many per second). No semi-space size here: the worker thread's
 * young generation is WORKER_YOUNG_HEAP_MB (worker-host.ts), which a --max-semi-space-size would override.
 */
export const WORKER_NODE_FLAGS = ['--single-threaded-gc'];

/**
 * `npm start` (the launcher): the API and a worker thread in one process. The worker's flags, which the API's include:
 * the API's young generation would also be the worker thread's, whatever WORKER_YOUNG_HEAP_MB says.
 */
export const LAUNCHER_NODE_FLAGS = WORKER_NODE_FLAGS;
