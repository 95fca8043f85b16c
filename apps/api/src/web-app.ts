// The web application (apps/web, built by `npm run build:web`) at `/`: hashed assets cached for good and sent
// precompressed (.br/.gz written at build time); any other path that is not the API's falls back to index.html,
// where the client-side router takes over.
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';

const brotli = promisify(brotliCompress);

/** Paths the app never answers: the API, its docs, the public verification pages and keys, probes, Bull Board. */
const SERVER_PATHS = /^\/(api|docs|docs-json|docs-yaml|verify|\.well-known|health|admin)(\/|$)/;
const ASSET = /^\/assets\/[\w-]+(\.[\w-]+)+$/;
const PUBLIC_FILE = /^\/[\w-]+\.(svg|ico|png|txt|webmanifest)$/;
/** Below this a JSON answer fits a packet or two: compressing it would save nothing worth the CPU. */
const COMPRESS_MIN_BYTES = 4096;

// dist/apps/api/src/web-app.js → apps/web/dist, and likewise from the sources.
export const WEB_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/apps/') ? '../../../../apps/web/dist/' : '../../web/dist/', import.meta.url));

export async function registerWebApp(app: NestFastifyApplication, root = WEB_ROOT): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) return false;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, { root, serve: false, preCompressed: true });
  fastify.addHook('onSend', compressJsonForBrowsers);
  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (SERVER_PATHS.test(path)) return reply.callNotFound();
    if (ASSET.test(path)) return reply.sendFile(path.slice(1), { maxAge: '365d', immutable: true });
    if (PUBLIC_FILE.test(path) && existsSync(`${root}${path}`)) return reply.sendFile(path.slice(1), { maxAge: '1d' });
    if (/\.\w+$/.test(path)) return reply.callNotFound();
    // The page itself is never cached, so a new deployment's assets are picked up at once.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  });
  return true;
}

/**
 * The app's API calls on a slow link: the catalog's page of 100 courses is ~120 KB of JSON but ~9 KB in brotli, the
 * difference between seconds and a fraction of one on 3G. Only clients that ask (browsers do; load generators and
 * server-side callers mostly do not), only JSON of some size, at a quality that costs about a millisecond.
 */
async function compressJsonForBrowsers(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (typeof payload !== 'string' || payload.length < COMPRESS_MIN_BYTES || reply.hasHeader('content-encoding')) return payload;
  if (!String(reply.getHeader('content-type') ?? '').startsWith('application/json')) return payload;
  reply.header('vary', appendVary(reply.getHeader('vary'), 'Accept-Encoding'));
  if (!/\bbr\b/.test(request.headers['accept-encoding'] ?? '')) return payload;
  reply.header('content-encoding', 'br').removeHeader('content-length');
  return brotli(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(payload) } });
}

function appendVary(current: unknown, name: string): string {
  const value = Array.isArray(current) ? current.join(', ') : String(current ?? '');
  return value ? `${value}, ${name}` : name;
}
