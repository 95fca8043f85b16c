// The web application (apps/web, built by `npm run build:web`) at `/`: hashed assets cached for good and sent
// precompressed (.br/.gz written at build time); any other path that is not the API's falls back to index.html,
// where the client-side router takes over. The catalog at `/` itself comes rendered, with its courses (see below).
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompress, constants } from 'node:zlib';

/** Paths the app never answers: the API, its docs, the public verification pages and keys, probes, Bull Board. */
const SERVER_PATHS = /^\/(api|docs|docs-json|docs-yaml|verify|\.well-known|health|admin)(\/|$)/;
const ASSET = /^\/assets\/[\w-]+(\.[\w-]+)+$/;
const PUBLIC_FILE = /^\/[\w-]+\.(svg|ico|png|txt|webmanifest)$/;
/** Below this a JSON answer fits a packet or two: compressing it would save nothing worth the CPU. */
const COMPRESS_MIN_BYTES = 4096;
const COMPRESSIBLE = /^(application\/json|text\/html)\b/;
/** The static page asks for the catalog's data early; a rendered catalog carries it instead. */
const CATALOG_PRELOAD = /<link rel="preload" href="\/api\/v1\/courses[^>]*>\s*/;
const EMPTY_ROOT = '<div id="root"></div>';
const STYLESHEET = /<link rel="stylesheet"[^>]* href="(\/assets\/[\w.-]+\.css)">/;

/**
 * A render serves every visit of the next second: it costs ~60 ms of CPU, and `/` is anonymous and not
 * rate-limited, so a burst of visits must not cost one render apiece. A change to the catalog shows within it.
 */
export const RENDER_SHARED_FOR_MS = 1_000;

/** apps/web/src/entry-server.tsx, built into dist/server/. */
interface CatalogRenderer {
  CATALOG_DATA_URL: string;
  CATALOG_DATA_ID: string;
  renderCatalog(courses: unknown[]): string;
}

// dist/apps/api/src/web-app.js → apps/web/dist, and likewise from the sources.
export const WEB_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/apps/') ? '../../../../apps/web/dist/' : '../../web/dist/', import.meta.url));

export async function registerWebApp(app: NestFastifyApplication, root = WEB_ROOT): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) return false;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, { root, serve: false, preCompressed: true });
  fastify.addHook('onSend', compressForBrowsers);
  const renderCatalog = catalogRenderer(fastify, root);
  fastify.get('/*', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (path === '/' && renderCatalog) {
      const page = await renderCatalog().catch((error: unknown) => request.log.warn({ err: error }, 'the catalog could not be rendered: sending the static page'));
      if (page) return sendPage(reply, page);
    }
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
 * The catalog rendered with its courses, for a first visit on a slow link: the page alone lists them, where the
 * static page needed a second round trip and ~100 KB of scripts before the browser could (Slow 3G: 6.9 s → ~2.5 s).
 * The courses come from the API's own answer to the request the page would make, and travel in the page as JSON
 * for the browser to hydrate with. Loaded on the first visit, not at start: most API processes never render it.
 */
function catalogRenderer(fastify: FastifyInstance, root: string): (() => Promise<string | null>) | null {
  const entry = `${root}/server/entry-server.js`;
  if (!existsSync(entry)) return null;
  let loaded: Promise<[CatalogRenderer, string]> | undefined;
  return sharedFor(RENDER_SHARED_FOR_MS, async () => {
    loaded ??= Promise.all([import(pathToFileURL(entry).href) as Promise<CatalogRenderer>, pageTemplate(root)]);
    const [renderer, template] = await loaded;
    const answer = await fastify.inject({ method: 'GET', url: renderer.CATALOG_DATA_URL });
    if (answer.statusCode !== 200 || !template.includes(EMPTY_ROOT)) return null;
    const courses = (answer.json() as { items: unknown[] }).items;
    // `<` escaped: a course title cannot close the script element.
    const data = JSON.stringify(courses).replace(/</g, '\\u003c');
    const rendered = `<div id="root">${renderer.renderCatalog(courses)}</div><script type="application/json" id="${renderer.CATALOG_DATA_ID}">${data}</script>`;
    return template.replace(CATALOG_PRELOAD, '').replace(EMPTY_ROOT, () => rendered);
  });
}

/** `make`, called at most once per `ms`: the calls in between (and those while it runs) share its promise. */
export function sharedFor<T>(ms: number, make: () => Promise<T>): () => Promise<T> {
  let last: { result: Promise<T>; at: number } | undefined;
  return () => {
    const now = performance.now();
    if (!last || now - last.at >= ms) last = { result: make(), at: now };
    return last.result;
  };
}

/** index.html with its (small) stylesheet inline: the rendered page paints without waiting for another round trip. */
async function pageTemplate(root: string): Promise<string> {
  const html = await readFile(`${root}/index.html`, 'utf8');
  const stylesheet = STYLESHEET.exec(html);
  if (!stylesheet) return html;
  const css = await readFile(`${root}${stylesheet[1]}`, 'utf8');
  return html.replace(stylesheet[0], () => `<style>${css}</style>`);
}

function sendPage(reply: FastifyReply, page: string): FastifyReply {
  // Compressed for browsers that accept it by compressForBrowsers, like the API's JSON.
  return reply.header('cache-control', 'no-cache').header('content-type', 'text/html; charset=utf-8').send(page);
}

/**
 * The app's API calls and the rendered catalog on a slow link: the catalog's page of 100 courses is ~120 KB of JSON
 * but ~9 KB in brotli, the difference between seconds and a fraction of one on 3G. Only clients that ask (browsers
 * do; load generators and server-side callers mostly do not), only JSON or the rendered page of some size, at a
 * quality that costs about a millisecond. (Files on disk go precompressed by @fastify/static.)
 */
function compressForBrowsers(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: Error | null, payload?: unknown) => void): void {
  // A callback hook: most answers pass through untouched, without a promise of their own.
  if (typeof payload !== 'string' || payload.length < COMPRESS_MIN_BYTES || reply.hasHeader('content-encoding')) return done(null, payload);
  if (!COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) return done(null, payload);
  reply.header('vary', appendVary(reply.getHeader('vary'), 'Accept-Encoding'));
  if (!/\bbr\b/.test(request.headers['accept-encoding'] ?? '')) return done(null, payload);
  reply.header('content-encoding', 'br').removeHeader('content-length');
  brotliCompress(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(payload) } }, done);
}

function appendVary(current: unknown, name: string): string {
  const value = Array.isArray(current) ? current.join(', ') : String(current ?? '');
  return value ? `${value}, ${name}` : name;
}
