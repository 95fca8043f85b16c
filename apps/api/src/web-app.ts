// The web application (apps/web, built by `npm run build:web`) at `/`: hashed assets cached for good and sent
// precompressed (.br/.gz written at build time); any other path that is not the API's falls back to index.html,
// where the client-side router takes over.
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Paths the app never answers: the API, its docs, the public verification pages and keys, probes, Bull Board. */
const SERVER_PATHS = /^\/(api|docs|docs-json|docs-yaml|verify|\.well-known|health|admin)(\/|$)/;
const ASSET = /^\/assets\/[\w-]+(\.[\w-]+)+$/;
const PUBLIC_FILE = /^\/[\w-]+\.(svg|ico|png|txt|webmanifest)$/;

// dist/apps/api/src/web-app.js → apps/web/dist, and likewise from the sources.
export const WEB_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/apps/') ? '../../../../apps/web/dist/' : '../../web/dist/', import.meta.url));

export async function registerWebApp(app: NestFastifyApplication, root = WEB_ROOT): Promise<boolean> {
  if (!existsSync(`${root}/index.html`)) return false;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, { root, serve: false, preCompressed: true });
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
