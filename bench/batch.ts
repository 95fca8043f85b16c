// A fixed number of operations run at most n at a time, each timed: for the benchmarks whose unit of work is a
// batch (2,000 trainees enrolling once each, rounds of bulk grading) rather than a load held for a duration.
// Loaded as a worker thread by `sendRequests` (support.ts), it sends a list of HTTP requests off the main
// thread, as autocannon's workers do, so that the main thread's CPU time is the server's. No heavy imports here:
// the worker loads this file alone.
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';

export interface Timings {
  /** Whether each operation succeeded, in order. */
  ok: boolean[];
  /** Milliseconds each operation took, in order. */
  latenciesMs: number[];
  /** Wall time from the first start to the last end. */
  elapsedMs: number;
  /** The first error thrown, if any (the operation counts as failed). */
  firstError?: string;
}

/** Runs `work(0)` … `work(count - 1)`, at most `concurrency` at once, in order of index. */
export async function runConcurrently(count: number, concurrency: number, work: (index: number) => Promise<boolean>): Promise<Timings> {
  const ok = new Array<boolean>(count).fill(false);
  const latenciesMs = new Array<number>(count).fill(0);
  let firstError: string | undefined;
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      const started = performance.now();
      try {
        ok[index] = await work(index);
      } catch (error) {
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      latenciesMs[index] = performance.now() - started;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, lane));
  return { ok, latenciesMs, elapsedMs: performance.now() - started, firstError };
}

export interface PlannedRequest {
  method: string;
  /** Appended to the base URL: `/api/v1/…`. */
  path: string;
  /** Sent as `Authorization: Bearer …`. */
  token?: string;
  /** JSON text. */
  body?: string;
}

export interface Sent extends Timings {
  /** The HTTP status of each request, in order; 0 when it got no answer. */
  statuses: number[];
  /** The body of each answer, when asked for (else empty). */
  bodies: string[];
}

export interface SendOptions {
  concurrency: number;
  /** Keep the answers' bodies, to check them after the measurement. */
  keepBodies?: boolean;
}

/**
 * Sends the requests from this thread over kept-alive node:http connections, one per request in flight; a 2xx
 * answer is a success. Not fetch: undici's fetch spent ~1.5 ms of CPU per request here, on the same two cores as
 * the server it measures, which made the load generator the app's biggest competitor for CPU.
 */
export async function sendFromHere(baseUrl: string, requests: PlannedRequest[], options: SendOptions): Promise<Sent> {
  const statuses = new Array<number>(requests.length).fill(0);
  const bodies: string[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const { hostname, port, pathname } = new URL(baseUrl);
  const prefix = pathname.replace(/\/$/, '');
  const send = ({ method, path, token, body }: PlannedRequest) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(body));
      }
      const request = httpRequest({ agent, hostname, port, method, path: prefix + path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: options.keepBodies ? Buffer.concat(chunks).toString('utf8') : '' }));
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  try {
    const timings = await runConcurrently(requests.length, options.concurrency, async (index) => {
      const { status, text } = await send(requests[index]!);
      statuses[index] = status;
      if (options.keepBodies) bodies[index] = text;
      return status >= 200 && status < 300;
    });
    return { ...timings, statuses, bodies };
  } finally {
    agent.destroy();
  }
}

/** What the main thread hands the worker. */
export interface WorkerInput {
  batchWorker: true;
  baseUrl: string;
  requests: PlannedRequest[];
  options: SendOptions;
}

const input = workerData as WorkerInput | undefined;
if (!isMainThread && input?.batchWorker) {
  // A rejection is an uncaught error of the worker: its 'error' event, which the main thread awaits too.
  void sendFromHere(input.baseUrl, input.requests, input.options).then((sent) => parentPort!.postMessage(sent));
}
