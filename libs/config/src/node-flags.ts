// The node flags each process is started with: the one list. A V8 flag cannot be set once the process runs
// (v8.setFlagsFromString made the worker hang) nor through NODE_OPTIONS (node refuses these), so every command that
// starts a process spells them out: package.json (start:api, start:worker, start), docker-compose.yml and the
// Dockerfile, checked against these lists by test/deployment.e2e.spec.ts; the bench starts its processes with them.

/**
 * The API (`npm run start:api`, the image, compose; the bench runs it in its own process with them): garbage collection
 * on the main thread alone, not spread over V8's helper threads, which compete for the few cores the API shares with
 * PostgreSQL. Measured with the API in a process of its own, CPU of all its threads per request, interleaved A/B pairs:
 * the helpers' share moves onto the main thread (grading, 500 rows a request: other threads 1.3-2.0 → 0.5-1.1 ms per
 * request) at about the same total (grading: 6 of 10 pairs lower, enrolment: 5 of 9; medians within 4 % either way),
 * at no cost in memory.
 * Not --max-semi-space-size=32 (half the scavenges): 14 of 21 pairs lower, 3-5 % in the medians, within the noise, for
 * ~33 MB more peak RSS (enrolment 205 → 235 MB, grading 262 → 296 MB); 64 MB saved no more for ~90 MB.
 */
export const API_NODE_FLAGS = ['--single-threaded-gc'];

/**
 * The worker (`npm run start:worker`, compose, the bench's worker processes): garbage collection on the worker thread
 * alone. V8's default spreads each collection over helper threads; on the few cores a worker shares with PostgreSQL and
 * Redis they spent 1.5-2.5 ms of CPU per certificate, of which about 0.6 ms is saved (bench certificates, 4 A/B pairs:
 * ~7 % less CPU per certificate, 1 or 2 workers, as many per second). No semi-space size here: the worker thread's
 * young generation is WORKER_YOUNG_HEAP_MB (worker-host.ts), which a --max-semi-space-size would override.
 *
 * No allocation-site pretenuring: the render thread's scavenges (8 MB semi-spaces, RENDER_YOUNG_HEAP_MB) find much of
 * the document in progress alive, so V8 took PDFKit's allocation sites for long-lived and allocated their objects in
 * the old generation, where they died: it refilled from ~18 to ~32 MB every ~170 certificates (12 mark-compacts per
 * 2,000 instead of 3) and each scavenge cost ~3× (2.4 against 0.7 ms: the old generation's pointers into the young).
 * Render thread per certificate, 1,000 after 1,000 (probe, 4 pairs): 900-946 → 736-802 µs; bench certificates, 1 worker
 * (6 pairs): 970-1,170 → 810-990 µs, 60-260 less in each pair; certificates-10k (7 interleaved runs): 1,003-1,130 →
 * 833-942 µs, the batch 10.5-11.7 → 9.3-10.7 s, peak RSS 184-190 MB against 182-189, flat. The renderer pays it in any
 * thread (a main-thread loop: 790-840 → 620-680 µs).
 *
 * No compiler flags. The worker's threads besides its worker and render threads (~200-450 µs a certificate) are V8's
 * platform threads running TurboFan (perf: ~96 % in its compiler, no collection), and they keep at it past the warm-up
 * (~250 µs per certificate over certificates-10k): functions that get hot late, and code optimised again after each
 * render-thread mark-compact drops the maps it embeds (deopt "weak objects": maps of objects alive during part of a
 * document only, such as qrcode's BitMatrix; --retain-maps-for-n-gc=64 did not keep them). Bench certificates,
 * interleaved: --no-concurrent-recompilation moved that work onto the render and worker threads at the same total
 * (1 worker 0.39× render-only against 0.61×, 3 pairs); --interrupt-budget ×4 traded it for slower code on the render
 * thread (other threads ~100 µs less with 1 worker, ~400 with 2; render thread ~85-235 more; totals lower in 2 of 6
 * pairs with 1 worker, 4 of 6 with 2), ×2 likewise (2 of 3 each); --no-flush-bytecode changed nothing.
 */
export const WORKER_NODE_FLAGS = ['--single-threaded-gc', '--no-allocation-site-pretenuring'];

/**
 * The worker's environment besides its configuration (`npm run start:worker`, compose, the bench's worker processes):
 * glibc's malloc at two arenas rather than up to eight per core. The worker's three threads (host, worker, render) each
 * allocate buffers (PDFs, their clones, the driver's) and, each in an arena of its own, kept ~7-10 MB more memory:
 * bench certificates-10k, peak RSS 184/188 and 187/188 MB against 195/196, at no cost in CPU per certificate.
 */
export const WORKER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };

/**
 * `npm start` (the launcher): the API and a worker thread in one process, so both's flags. A young-generation flag
 * (--max-semi-space-size) would also override the worker thread's WORKER_YOUNG_HEAP_MB.
 */
export const LAUNCHER_NODE_FLAGS = [...new Set([...API_NODE_FLAGS, ...WORKER_NODE_FLAGS])];
