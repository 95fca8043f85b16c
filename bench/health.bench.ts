// GET /health through the whole app (Nest, guards, security headers, CORS, request ids, TypeORM) against the same
// work on bare Fastify: `SELECT 1` on PostgreSQL and `PING` on Redis, answered with the same JSON. Two more sides,
// for reference only: Nest's floor (the same handler in a Nest app with nothing of ours around it), and that floor
// sending the app's response headers, which splits the app's cost above bare into Nest's, the headers' and the rest.
import { Controller, Get, Inject, Module, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { fastify, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createApi } from '../apps/api/src/api.js';
import { SECURITY_HEADERS } from '../apps/api/src/common/security-headers.js';
import { type Benchmark, benchConfig, expectJson, measure, type Result, urlOf } from './support.js';

/** What every side answers when PostgreSQL and Redis are up. */
export const HEALTHY = { status: 'ok', db: 'up', redis: 'up' };

type Status = 'up' | 'down';
interface HealthBody {
  status: 'ok' | 'degraded';
  db: Status;
  redis: Status;
}
type HealthHandler = (reply: { status(code: number): unknown }) => Promise<HealthBody>;

/** The baselines' /health: its checks on their own pool and client, closed with it. */
function healthHandler(): { handle: HealthHandler; close: () => Promise<void> } {
  const config = benchConfig();
  // The same pool size as the app's TypeORM data source, the same Redis client options as its RedisModule.
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 20, connectionTimeoutMillis: 5000 });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  const probe = (check: Promise<unknown>) => check.then(() => 'up' as const, () => 'down' as const);
  return {
    handle: async (reply) => {
      const [db, cache] = await Promise.all([probe(pool.query('SELECT 1')), probe(redis.ping())]);
      const healthy = db === 'up' && cache === 'up';
      void reply.status(healthy ? 200 : 503);
      return { status: healthy ? 'ok' : 'degraded', db, redis: cache };
    },
    close: async () => {
      await pool.end();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** A side, built but not listening (profiles and probes may inject() into it). */
export interface HealthSide {
  server: FastifyInstance;
  close: () => Promise<void>;
}

/** Bare Fastify doing the app's /health work. */
export async function bareHealth(): Promise<HealthSide> {
  const { handle, close } = healthHandler();
  const server = fastify({ logger: false });
  server.get('/health', (_request, reply) => handle(reply));
  return {
    server,
    close: async () => {
      await server.close();
      await close();
    },
  };
}

const HANDLER = Symbol('the baselines’ /health');

@Controller('health')
class NestFloorController {
  constructor(@Inject(HANDLER) private readonly handle: HealthHandler) {}

  @Get()
  getHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthBody> {
    return this.handle(reply);
  }
}

@Module({})
class NestFloorModule {}

/**
 * Nest's floor: NestFactory on the FastifyAdapter (without middie, as the app), one controller with the baselines'
 * handler, nothing of ours (no guards, pipes, filters, hooks, headers, request ids, response schema). What it costs
 * over bare Fastify is what any Nest app pays per request. With `headers`, it also sends the app's response headers
 * (the security headers and a request id, set as the app sets them): what writing and sending them costs Fastify, Node
 * and the socket, apart from the app's own code.
 */
export async function nestFloorHealth(options: { headers?: boolean } = {}): Promise<HealthSide> {
  const { handle, close } = healthHandler();
  const module = { module: NestFloorModule, controllers: [NestFloorController], providers: [{ provide: HANDLER, useValue: handle }] };
  const app = await NestFactory.create<NestFastifyApplication>(module, new FastifyAdapter({ logger: false, skipMiddie: true }), { logger: false });
  if (options.headers) {
    app.getHttpAdapter().getInstance().addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      void reply.headers(SECURITY_HEADERS).header('x-request-id', request.id);
      done();
    });
  }
  await app.init();
  return {
    server: app.getHttpAdapter().getInstance(),
    close: async () => {
      await app.close();
      await close();
    },
  };
}

/** A side listening on a free port, with its /health URL (shared with `npm run bench:profile -- health bare|nest`). */
export async function listening(side: HealthSide): Promise<{ url: string; close: () => Promise<void> }> {
  await side.server.listen({ port: 0, host: '127.0.0.1' });
  return { url: `${urlOf(side.server.server)}/health`, close: side.close };
}

async function measureSide(start: () => Promise<HealthSide>): Promise<Result> {
  const { url, close } = await listening(await start());
  try {
    await expectJson(url, 200, HEALTHY);
    return await measure({ url });
  } finally {
    await close();
  }
}

/** The whole app, as `npm start` builds it (initialised by createApi). */
async function appHealth(): Promise<HealthSide> {
  const app = await createApi(benchConfig());
  return { server: app.getHttpAdapter().getInstance(), close: () => app.close() };
}

/** The four sides, in the order they are measured (also counted by `npm run bench:instructions`). */
export const HEALTH_SIDES = {
  bare: bareHealth,
  'nest floor': () => nestFloorHealth(),
  'nest floor + headers': () => nestFloorHealth({ headers: true }),
  app: appHealth,
} satisfies Record<string, () => Promise<HealthSide>>;

/** Where the app's CPU per request above bare Fastify goes: Nest's floor, then sending the headers, then the rest. */
function floorNote(app: Result, floor: Result, headers: Result, bare: Result): string[] {
  const [a, f, h, b] = [app.cpuMicrosPerRequest, floor.cpuMicrosPerRequest, headers.cpuMicrosPerRequest, bare.cpuMicrosPerRequest];
  if (a === undefined || f === undefined || h === undefined || b === undefined) return [];
  const µs = (value: number) => Math.round(value);
  const share = (value: number) => (a > b ? ` (${Math.round((100 * value) / (a - b))} %)` : '');
  return [
    "nest floor: the baselines' handler in a Nest app with nothing of ours (FastifyAdapter, one controller); + headers: the same, " +
      'sending the app\'s response headers (14 security headers and a request id, ~1.1 kB instead of ~0.3 kB). For reference, not ' +
      `judged. CPU µs/req app ${µs(a)}, nest floor + headers ${µs(h)}, nest floor ${µs(f)}, bare ${µs(b)}: of the app's ${µs(a - b)} µs ` +
      `over bare, Nest's own request path takes ${µs(f - b)}${share(f - b)}, writing and sending the headers ${µs(h - f)}${share(h - f)}, ` +
      `the rest (CORS, request ids, input checks, guards, the checks' deadline) ${µs(a - h)}${share(a - h)}.`,
  ];
}

export const healthBenchmark: Benchmark = {
  name: 'health',
  description: 'GET /health (SELECT 1 + PING): whole app vs bare Fastify + pg + ioredis, and Nest with nothing of ours',
  // Issue 15: at least 0.90× bare Fastify's throughput.
  goal: 0.9,
  // One side after the other, never two at once: they share two cores with PostgreSQL, Redis and the load.
  run: async () => {
    const baseline = await measureSide(HEALTH_SIDES.bare);
    const floor = await measureSide(HEALTH_SIDES['nest floor']);
    const headers = await measureSide(HEALTH_SIDES['nest floor + headers']);
    const app = await measureSide(HEALTH_SIDES.app);
    return {
      app,
      baseline,
      more: [
        { side: 'nest floor', result: floor },
        { side: 'nest floor + headers', result: headers },
      ],
      notes: floorNote(app, floor, headers, baseline),
    };
  },
};
