// PostgreSQL that stops answering on connections already open (a frozen server, a proxy that stops forwarding):
// requests answer 503 within a few seconds instead of hanging, and recover when it answers again; a query that
// is merely slow, on a server that still answers, runs to its end.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from './support/classroom.js';
import { TestApi } from './support/harness.js';

/** A TCP proxy to PostgreSQL that can freeze: it keeps every socket open and holds what it reads until thawed. */
class FreezableProxy {
  private readonly sockets = new Set<Socket>();
  private held: Array<[Socket, Buffer]> | null = null;
  private constructor(private readonly server: Server) {}

  static async start(target: { host: string; port: number }): Promise<FreezableProxy> {
    const server = createServer();
    const proxy = new FreezableProxy(server);
    server.on('connection', (client) => {
      const upstream = connect(target.port, target.host);
      for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
        proxy.sockets.add(from);
        from.on('error', () => undefined);
        from.on('data', (data) => (proxy.held ? proxy.held.push([to, data]) : to.write(data)));
        from.on('close', () => {
          proxy.sockets.delete(from);
          to.destroy();
        });
      }
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  freeze(): void {
    this.held ??= [];
  }

  thaw(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const [to, data] of held) if (!to.destroyed) to.write(data);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((closed) => this.server.close(closed));
  }
}

/** A request the test gives up on after 15 s: before the bound, a frozen PostgreSQL held it forever. */
async function timedGet(api: TestApi, path: string): Promise<{ status: number; code?: string; retryAfter: string | null; ms: number }> {
  const started = performance.now();
  try {
    const response = await fetch(api.baseUrl + path, { signal: AbortSignal.timeout(15_000) });
    const body = (await response.json().catch(() => ({}))) as { code?: string };
    return { status: response.status, code: body.code, retryAfter: response.headers.get('retry-after'), ms: performance.now() - started };
  } catch {
    return { status: 0, retryAfter: null, ms: performance.now() - started };
  }
}

describe('PostgreSQL that stops answering mid-connection', () => {
  let proxy: FreezableProxy;
  let api: TestApi;

  before(async () => {
    const url = new URL(process.env.DATABASE_URL!);
    proxy = await FreezableProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    api = await TestApi.start({ DATABASE_URL: url.toString(), DATABASE_QUERY_CHECK_MS: '1000' });
  });
  after(async () => {
    proxy?.thaw();
    await api?.close().catch(() => undefined);
    await proxy?.close();
  });

  it('answers 503 within a few seconds while frozen, and 200 again once it answers', async () => {
    assert.equal((await timedGet(api, '/api/v1/courses')).status, 200, 'the pool holds open connections');
    proxy.freeze();
    try {
      const [catalog, again] = await Promise.all([timedGet(api, '/api/v1/courses'), timedGet(api, '/api/v1/courses?limit=5')]);
      for (const reply of [catalog, again]) {
        assert.equal(reply.status, 503, `answered ${reply.status} after ${Math.round(reply.ms)} ms`);
        assert.equal(reply.code, 'SERVICE_UNAVAILABLE');
        assert.ok(reply.retryAfter, 'with Retry-After');
        assert.ok(reply.ms < 6000, `within a few seconds (${Math.round(reply.ms)} ms)`);
      }
    } finally {
      proxy.thaw();
    }
    const back = await eventually(() => timedGet(api, '/api/v1/courses'), (reply) => reply.status === 200, 15_000);
    assert.equal(back.status, 200);
  });

  it('lets a slow statement on a live server run past the check, up to the statement timeout', async () => {
    const db = api.app.get(DataSource);
    const started = performance.now();
    const [row] = (await db.query('SELECT pg_sleep(3), 1 AS done')) as Array<{ done: number }>;
    assert.equal(row?.done, 1);
    assert.ok(performance.now() - started >= 3000);
    assert.deepEqual(await db.query('SHOW statement_timeout'), [{ statement_timeout: '1min' }], 'bounded still, by DATABASE_STATEMENT_TIMEOUT_MS');
  });
});
