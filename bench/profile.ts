// `npm run bench:profile -- health|catalog|enrolment|grading [app|bare] [seconds]` (health also `nest`, its Nest floor): where the CPU goes on one benchmark's route.
// Starts the API (or the bare baseline) in this process (run with the API's node flags), loads the route from a worker thread (as the benchmark
// does; enrolment: its warm-up batch, then its 2,000 trainees; grading: its rounds twice, BENCH_GRADING_ROUNDS;
// seconds ignored for both) and records a CPU profile of the main thread during the load only (start-up and
// warm-up left out); prints the CPU the PostgreSQL backends of the bench database spent meanwhile, the functions
// with the most self time and the same time summed by package, and writes the .cpuprofile to the temporary
// directory (open it in Chrome's DevTools).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOrExit } from '@amahoro/config/process.js';
import { ensureDatabase, runMigrations } from '@amahoro/database/postgres.js';
import { createApi } from '../apps/api/src/api.js';
import { CATALOG_PATH, seedCatalog, startBareCatalog } from './catalog.bench.js';
import { bareHealth, listening, nestFloorHealth } from './health.bench.js';
import { backendCpuMicros, cpuSpent } from './issuing-workers.js';
import { type Seeded as GradingSeeded, type GradingSide, ROUNDS as GRADING_ROUNDS, seedGrading, startAppGrading, startBareGrading } from './grading.bench.js';
import { type EnrolmentSide, seedEnrolment, startAppEnrolment, startBareEnrolment, WARMUP_TRAINEES } from './enrollment.bench.js';
import type { SeededUser } from './seed.js';
import { benchConfig, benchPool, measure, rerunWithApiNodeFlags, type Result, urlOf, useBenchDatabase } from './support.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const SOCKET_WRITES = /^(writev|writeBuffer|writeUtf8String|writeLatin1String) \(native/;

/** A started server (or baseline): `run` is one measured load, called once to warm up and once profiled. */
type Target = { run: () => Promise<Result>; close: () => Promise<void> };

const onUrl = async (start: () => Promise<{ url: string; close: () => Promise<void> }>): Promise<Target> => {
  const { url, close } = await start();
  return { run: () => measure({ url }), close };
};

/** The app in this process, listening, its URL for the benchmark's route. */
async function startApp(path: string): Promise<{ url: string; close: () => Promise<void> }> {
  const app = await createApi(benchConfig());
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${urlOf(app.getHttpServer())}${path}`, close: () => app.close() };
}

/** The enrolment benchmark's side: first run its warm-up offering, then its measured one. */
async function enrolment(start: (trainees: SeededUser[]) => Promise<EnrolmentSide> | EnrolmentSide): Promise<Target> {
  const db = benchPool(2);
  const seeded = await seedEnrolment(db).finally(() => db.end());
  const side = await start(seeded.trainees);
  const batches = [() => side.enrol(seeded.app.warmup, WARMUP_TRAINEES), () => side.enrol(seeded.app.measured, seeded.trainees.length)];
  return { run: () => batches.shift()!(), close: side.close };
}

/** The grading benchmark's side: its rounds, once to warm up and once profiled. */
async function grading(start: (seeded: GradingSeeded) => Promise<GradingSide> | GradingSide): Promise<Target> {
  const db = benchPool(2);
  const side = await start(await seedGrading(db).finally(() => db.end()));
  return { run: () => side.grade(GRADING_ROUNDS), close: side.close };
}

const TARGETS: Record<string, Record<string, () => Promise<Target>>> = {
  health: {
    app: () => onUrl(() => startApp('/health')),
    bare: () => onUrl(async () => listening(await bareHealth())),
    nest: () => onUrl(async () => listening(await nestFloorHealth())),
  },
  catalog: { app: () => onUrl(() => startApp(CATALOG_PATH)), bare: () => onUrl(startBareCatalog) },
  enrolment: { app: () => enrolment(startAppEnrolment), bare: () => enrolment(startBareEnrolment) },
  grading: { app: () => grading(startAppGrading), bare: () => grading(startBareGrading) },
};

/** Where a script belongs: its package in node_modules, node's internals, or the project's own files. */
function owner(url: string): string {
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1]!;
  if (url.startsWith('node:')) return 'node';
  if (url === '') return '(native, GC)';
  return url.includes('/dist/') ? `amahoro ${url.slice(url.indexOf('/dist/') + 6).split('/').slice(0, 3).join('/')}` : url;
}

/** Self time in ms of each key, largest first. */
function selfTimes(profile: Profile, key: (node: Node) => string): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  const profiler = profilerNodes(profile);
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const k = node.callFrame.functionName === '(idle)' || profiler.has(id) ? '(idle)' : key(node);
    totals.set(k, (totals.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}

/** The nodes under the inspector's own calls (Profiler.stop serialising the profile): not the server's work. */
function profilerNodes(profile: Profile): Set<number> {
  const ids = new Set<number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const mark = (id: number): void => {
    ids.add(id);
    for (const child of byId.get(id)?.children ?? []) mark(child);
  };
  for (const node of profile.nodes) if (node.callFrame.url === 'node:inspector' && !ids.has(node.id)) mark(node.id);
  return ids;
}

function print(title: string, rows: Array<[string, number]>, total: number, requests: number, top: number): void {
  console.log(`\n${title}: share of the busy time, µs per request`);
  for (const [name, ms] of rows.slice(0, top)) {
    console.log(`${((100 * ms) / total).toFixed(1).padStart(5)} %  ${((1000 * ms) / requests).toFixed(1).padStart(6)}  ${name}`);
  }
}

await runOrExit(async () => {
  if (await rerunWithApiNodeFlags()) return;
  await useBenchDatabase();
  const [name = 'health', side = 'app', seconds = '10'] = process.argv.slice(2);
  const start = TARGETS[name]?.[side];
  if (!start) throw new Error(`nothing to profile named ${name} ${side}: ${Object.keys(TARGETS).join(', ')}, then app or bare (health: or nest)`);
  await ensureDatabase(benchConfig().databaseUrl);
  await runMigrations(benchConfig().databaseUrl);
  if (name === 'catalog') {
    const db = benchPool(2);
    await seedCatalog(db).finally(() => db.end());
  }
  process.env.BENCH_DURATION = seconds;
  const target = await start();
  const session = new Session();
  const db = benchPool(1);
  try {
    // Warm-up first, then the profile over a second measured run.
    await target.run();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    const pgBefore = await backendCpuMicros(db);
    await session.post('Profiler.start');
    const result = await target.run();
    const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
    const pgAfter = await backendCpuMicros(db);
    const pgMicros = cpuSpent(pgBefore, pgAfter);
    const file = join(tmpdir(), `amahoro-${name}-${side}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    const total = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0) / 1000;
    const byPackage = selfTimes(profile, (n) => owner(n.callFrame.url));
    const idle = byPackage.find(([k]) => k === '(idle)')?.[1] ?? 0;
    console.log(`${name} ${side}: ${Math.round(result.requestsPerSecond)} req/s, ${Math.round(result.cpuMicrosPerRequest ?? 0)} cpu µs/req; profile ${file}`);
    console.log(`PostgreSQL backends of the bench database (${pgAfter.size}): ${Math.round(pgMicros / result.requests)} cpu µs/req`);
    // A socket write is one syscall; on a shared machine, time preempted inside it lands there, so it swings the most.
    const byFunction = selfTimes(profile, (n) => `${n.callFrame.functionName || '(anonymous)'} ${owner(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`);
    const writes = byFunction.filter(([k]) => SOCKET_WRITES.test(k)).reduce((sum, [, ms]) => sum + ms, 0);
    const perRequest = (ms: number) => ((1000 * ms) / result.requests).toFixed(1);
    console.log(
      `busy ${(total - idle).toFixed(0)} ms of ${total.toFixed(0)} ms sampled: ${perRequest(total - idle)} µs per request, ` +
        `${perRequest(total - idle - writes)} µs without the socket writes`,
    );
    const busy = (rows: Array<[string, number]>) => rows.filter(([k]) => k !== '(idle)');
    print('self time by package', busy(byPackage), total - idle, result.requests, 15);
    print('self time by function', busy(byFunction), total - idle, result.requests, 30);
  } finally {
    session.disconnect();
    await target.close();
    await db.end();
  }
});
