// API processes as `npm run start:api` runs them (`node <its flags> dist/apps/api/src/main.js`), each on a free port, with this
// process's environment and a Redis prefix of the run's own: for the scale-out benchmark, where several share one
// PostgreSQL and Redis with the workers.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { apiNodeFlags } from './support.js';

export interface ApiProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** The last 20,000 characters it wrote (warnings and errors only: LOG_LEVEL=warn). */
  output: () => string;
}

/** A port nothing listens on now (the OS picks it; the process started next binds it). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

async function start(redisPrefix: string): Promise<ApiProcess> {
  const script = fileURLToPath(new URL('../apps/api/src/main.js', import.meta.url));
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REDIS_PREFIX: redisPrefix };
  const child = spawn(process.execPath, [...apiNodeFlags(), script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // Should this process die, its APIs go with it rather than linger.
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  child.once('exit', () => process.removeListener('exit', orphaned));
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, child, output: () => output };
}

/** `count` API processes, once each answers GET /health with 200. */
export async function startApis(count: number, redisPrefix: string, timeoutMs = 60_000): Promise<ApiProcess[]> {
  const apis = await Promise.all(Array.from({ length: count }, () => start(redisPrefix)));
  const started = performance.now();
  for (const api of apis) {
    for (;;) {
      if (api.child.exitCode !== null) throw new Error(`an API exited (${api.child.exitCode}) before it was ready:\n${api.output()}`);
      const status = await fetch(`${api.url}/health`).then((response) => response.status, () => 0);
      if (status === 200) break;
      if (performance.now() - started > timeoutMs) throw new Error(`an API was not ready after ${timeoutMs} ms:\n${api.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return apis;
}

/** SIGTERM to each (they drain their requests), SIGKILL after 10 s. The exit codes. */
export async function stopApis(apis: ApiProcess[]): Promise<Array<number | null>> {
  return Promise.all(
    apis.map(async ({ child }) => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}
