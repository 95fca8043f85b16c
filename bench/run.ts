// `npm run bench [-- name…]`: throughput of the app against a bare baseline doing the same work, printed as a
// table. A missed goal is reported, never an error: the exit code is 0 unless something crashes.
// Knobs: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (20), BENCH_WORKERS (load threads, 1),
// BENCH_CERTIFICATES (1,000), BENCH_ROUNDS (3: the certificates benchmark's rounds, judged on their medians), WORKER_CONCURRENCY (of the worker processes the benchmarks start; the worker's default otherwise),
// BENCH_API_NODE_FLAGS (this process's, where the API runs, and the scale-out's API processes'; empty: node's defaults),
// BENCH_WORKER_NODE_FLAGS (the worker processes' node flags; empty: node's defaults), BENCH_GRADING_ROUNDS (20).
// A benchmark marked explicitOnly (a long one) runs only when named exactly: `npm run bench -- certificates-10k`.
import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { runOrExit } from '@amahoro/config/process.js';
import { ensureDatabase, runMigrations } from '@amahoro/database/postgres.js';
import { assertRedisReachable } from '@amahoro/queue/redis.js';
import { catalogBenchmark } from './catalog.bench.js';
import { certificateMemoryBenchmark } from './certificates-memory.bench.js';
import { certificatesBenchmark } from './certificates.bench.js';
import { emailBenchmark } from './email.bench.js';
import { enrollmentBenchmark } from './enrollment.bench.js';
import { gradingBenchmark } from './grading.bench.js';
import { healthBenchmark } from './health.bench.js';
import { scaleOutBenchmark } from './scale-out.bench.js';
import { summaryBenchmark } from './summary.bench.js';
import { webBenchmark } from './web.bench.js';
import { type Benchmark, benchConfig, benchSettings, rerunWithApiNodeFlags, useBenchDatabase } from './support.js';
import { type Outcome, printTable } from './table.js';

/** Every benchmark, in the order they run. Add an entry here: `{ name, description, goal, run }`. */
const BENCHMARKS: Benchmark[] = [
  healthBenchmark,
  catalogBenchmark,
  enrollmentBenchmark,
  gradingBenchmark,
  certificatesBenchmark,
  emailBenchmark,
  summaryBenchmark,
  scaleOutBenchmark,
  webBenchmark,
  certificateMemoryBenchmark,
];

/** A word on the command line picks the benchmarks whose name contains it; an explicitOnly one only by its whole name. */
const picks = (benchmark: Benchmark, word: string) => (benchmark.explicitOnly ? benchmark.name === word : benchmark.name.includes(word));

await runOrExit(async () => {
  if (await rerunWithApiNodeFlags()) return;
  await useBenchDatabase();
  const wanted = process.argv.slice(2);
  const selected = wanted.length ? BENCHMARKS.filter((b) => wanted.some((w) => picks(b, w))) : BENCHMARKS.filter((b) => !b.explicitOnly);
  if (selected.length === 0) {
    console.error(`No benchmark matches ${wanted.join(', ')}; there are: ${BENCHMARKS.map((b) => b.name).join(', ')}.`);
    process.exitCode = 1;
    return;
  }

  const settings = benchSettings();
  const config = benchConfig();
  await ensureDatabase(config.databaseUrl);
  await runMigrations(config.databaseUrl);
  await assertRedisReachable(config.redisUrl);

  console.log(
    `bench: ${settings.durationSeconds} s measured after ${settings.warmupSeconds} s warm-up, ` +
      `${settings.connections} connections, load from ${settings.loadWorkers || 'the main'} thread(s); ` +
      `node ${process.version} ${process.execArgv.length ? `with ${process.execArgv.join(' ')}` : 'without flags'} (the API's, so the baselines' too), ${availableParallelism()} CPUs`,
  );
  const skipped = wanted.length ? [] : BENCHMARKS.filter((b) => b.explicitOnly);
  if (skipped.length) console.log(`(not run unless named: ${skipped.map((b) => `npm run bench -- ${b.name}`).join(', ')})`);
  const outcomes: Outcome[] = [];
  for (const benchmark of selected) {
    console.log(`- ${benchmark.name}: ${benchmark.description}`);
    try {
      outcomes.push({ benchmark, ...(await benchmark.run()) });
    } catch (error) {
      console.error(`  ${benchmark.name} crashed:`, error);
      outcomes.push({ benchmark, error });
      process.exitCode = 1;
    }
  }
  console.log('');
  printTable(outcomes);
});
