// GET /health through the whole app (Nest, guards, helmet, CORS, request ids, TypeORM) against the same work on
// bare Fastify: `SELECT 1` on PostgreSQL and `PING` on Redis, answered with the same JSON.
import { fastify } from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
import { createApi } from '../apps/api/src/api.js';
import { type Benchmark, benchConfig, expectJson, measure, type Result, urlOf } from './support.js';

const HEALTHY = { status: 'ok', db: 'up', redis: 'up' };

async function measureApp(): Promise<Result> {
  const app = await createApi(benchConfig());
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${urlOf(app.getHttpServer())}/health`;
    await expectJson(url, 200, HEALTHY);
    return await measure({ url });
  } finally {
    await app.close();
  }
}

/** Bare Fastify doing the app's /health work (shared with `npm run bench:profile -- health bare`). */
export async function startBareHealth(): Promise<{ url: string; close: () => Promise<void> }> {
  const config = benchConfig();
  // The same pool size as the app's TypeORM data source, the same Redis client options as its RedisModule.
  const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 20, connectionTimeoutMillis: 5000 });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 2 });
  const server = fastify({ logger: false });
  const probe = (check: Promise<unknown>) => check.then(() => 'up' as const, () => 'down' as const);
  server.get('/health', async (_request, reply) => {
    const [db, cache] = await Promise.all([probe(pool.query('SELECT 1')), probe(redis.ping())]);
    const healthy = db === 'up' && cache === 'up';
    void reply.status(healthy ? 200 : 503);
    return { status: healthy ? 'ok' : 'degraded', db, redis: cache };
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `${urlOf(server.server)}/health`,
    close: async () => {
      await server.close();
      await pool.end();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

async function measureBare(): Promise<Result> {
  const bare = await startBareHealth();
  try {
    await expectJson(bare.url, 200, HEALTHY);
    return await measure({ url: bare.url });
  } finally {
    await bare.close();
  }
}

export const healthBenchmark: Benchmark = {
  name: 'health',
  description: 'GET /health (SELECT 1 + PING): whole app vs bare Fastify + pg + ioredis',
  // Issue 15: at least 0.90× bare Fastify's throughput.
  goal: 0.9,
  // One side after the other, never both at once: they share two cores with PostgreSQL, Redis and the load.
  run: async () => {
    const baseline = await measureBare();
    const app = await measureApp();
    return { app, baseline };
  },
};
