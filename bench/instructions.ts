// `npm run bench:instructions -- [requests]`: machine instructions per GET /health (user space) of each
// side of the health benchmark, counted by valgrind's callgrind. Unlike CPU time, the count does not move with the
// machine's load as much: on a shared 2-core VM the same build's CPU per request swung 101-181 µs between runs, too much
// to judge a 10 % goal on (the app's count here: 261-272k over five runs); it splits the app's cost above bare Fastify
// into Nest's, the headers' and ours.
// Each side runs alone in a process under callgrind with the API's node flags; a load of `requests` (default 8,000)
// warms it up uncounted, then the same load is counted. Slow (~50× under valgrind): a few minutes in all. Not counted:
// the kernel (socket writes, which grow with the headers' bytes), PostgreSQL and Redis. The split is of the main thread
// (the server's): the other threads (V8's compilers) add 25-50k a request and move the sides' totals by up to 15 %.
import 'reflect-metadata';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { runOrExit } from '@amahoro/config/process.js';
import { ensureDatabase, runMigrations } from '@amahoro/database/postgres.js';
import { HEALTH_SIDES, HEALTHY, listening } from './health.bench.js';
import { apiNodeFlags, benchConfig, expectJson, useBenchDatabase } from './support.js';

type SideName = keyof typeof HEALTH_SIDES;

/** In the process under callgrind: the side listening, its URL on stdout. */
async function serve(name: SideName): Promise<void> {
  const { url, close } = await listening(await HEALTH_SIDES[name]());
  console.log(url);
  await once(process, 'SIGTERM');
  await close();
}

/** Instructions per request of one side: its main thread (the server's), and all its threads (V8's compilers too). */
async function count(name: SideName, requests: number): Promise<{ main: number; all: number }> {
  const out = join(tmpdir(), `amahoro-instructions-${process.pid}-${Date.now()}`);
  const server = spawn(
    'valgrind',
    ['--tool=callgrind', '--instr-atstart=no', '--smc-check=all-non-file', '--separate-threads=yes', `--callgrind-out-file=${out}`, process.execPath, ...apiNodeFlags(), fileURLToPath(import.meta.url), '--serve', name],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  try {
    const [url] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
    await expectJson(url, 200, HEALTHY);
    const run = () => Promise.resolve(autocannon({ url, connections: 10, amount: requests }));
    const control = (option: string) => spawnSync('callgrind_control', [option, String(server.pid)], { stdio: 'ignore' });
    await run();
    control('--instr=on');
    const answered = await run();
    control('--instr=off');
    control('--dump');
    if (answered.non2xx > 0 || answered.errors > 0) throw new Error(`${name}: ${answered.non2xx} answers not 2xx, ${answered.errors} errors`);
    server.kill('SIGTERM');
    await once(server, 'exit');
    // The dump (out.1-<thread>) holds the counted load; the files written at exit, nothing more.
    const dumps = readdirSync(dirname(out)).filter((file) => file.startsWith(`${basename(out)}.1-`));
    const totals = dumps.map((file) => Number(readFileSync(join(dirname(out), file), 'utf8').match(/^totals: (\d+)/m)?.[1] ?? 0));
    const main = totals[dumps.findIndex((file) => file.endsWith('-01'))];
    if (main === undefined) throw new Error(`${name}: callgrind wrote no count of the main thread`);
    return { main: main / requests, all: totals.reduce((a, b) => a + b, 0) / requests };
  } finally {
    server.kill('SIGKILL');
    for (const file of readdirSync(dirname(out))) if (file.startsWith(basename(out))) rmSync(join(dirname(out), file), { force: true });
  }
}

await runOrExit(async () => {
  if (process.argv[2] === '--serve') return serve(process.argv[3] as SideName);
  if (spawnSync('valgrind', ['--version']).status !== 0) throw new Error('valgrind is not installed (apt-get install -y valgrind)');
  await useBenchDatabase();
  await ensureDatabase(benchConfig().databaseUrl);
  await runMigrations(benchConfig().databaseUrl);
  const requests = Number(process.argv[2] ?? 8000);
  const counted = {} as Record<SideName, number>;
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  for (const name of Object.keys(HEALTH_SIDES) as SideName[]) {
    const { main, all } = await count(name, requests);
    counted[name] = main;
    console.log(`${name}: ${n(main)} instructions per request on the main thread, ${n(all)} with the other threads`);
  }
  const { bare, app } = counted;
  const floor = counted['nest floor'] - bare;
  const headers = counted['nest floor + headers'] - counted['nest floor'];
  const rest = app - counted['nest floor + headers'];
  const share = (value: number) => `${n(value)} (${Math.round((100 * value) / (app - bare))} %)`;
  console.log(
    `main thread: bare ÷ app ${(bare / app).toFixed(2)}×; of the app's instructions over bare, Nest's request path ${share(floor)}, ` +
      `the response headers ${share(headers)}, the rest (CORS, request ids, input checks, guards, the checks' deadline) ${share(rest)}`,
  );
});
