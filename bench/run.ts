// `npm run bench [-- name…]`: throughput of the app against a bare baseline doing the same work, printed as a
// table. A missed goal is reported, never an error: the exit code is 0 unless something crashes.
// Knobs: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, 2), BENCH_CONNECTIONS (20), BENCH_WORKERS (load threads, 1).
import 'reflect-metadata';
import { availableParallelism } from 'node:os';
import { runOrExit } from '@amahoro/config/process.js';
import { ensureDatabase, runMigrations } from '@amahoro/database/postgres.js';
import { assertRedisReachable } from '@amahoro/queue/redis.js';
import { catalogBenchmark } from './catalog.bench.js';
import { enrollmentBenchmark } from './enrollment.bench.js';
import { gradingBenchmark } from './grading.bench.js';
import { healthBenchmark } from './health.bench.js';
import { type Benchmark, benchConfig, benchSettings, type Outcome, printTable } from './support.js';

/** Every benchmark, in the order they run. Add an entry here: `{ name, description, goal, run }`. */
const BENCHMARKS: Benchmark[] = [healthBenchmark, catalogBenchmark, enrollmentBenchmark, gradingBenchmark];

await runOrExit(async () => {
  const wanted = process.argv.slice(2);
  const selected = wanted.length ? BENCHMARKS.filter((b) => wanted.some((w) => b.name.includes(w))) : BENCHMARKS;
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
      `node ${process.version}, ${availableParallelism()} CPUs`,
  );
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
