import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppConfig } from '@amahoro/config/config.js';
import { createLogger, NestPinoLogger, requestLogger } from '@amahoro/logging/logger.js';
import { AppModule } from './app.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { checkEveryInput, decodeBody, jsonBodyParser, onFrameworkError } from './common/input-checks.js';
import { registerPublicPages } from './certificates/public-pages.js';
import { SECURITY_HEADERS } from './common/security-headers.js';
import { createValidationPipe } from './common/validation.js';
import { setupDocs } from './docs.js';
import { registerQueueBoard } from './queue-board.js';
import { registerWebApp } from './web-app.js';

/** Routes outside /api/v1: probes, docs, and the public pages and keys that verifiers fetch. */
export const UNPREFIXED_ROUTES = ['health'];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The client's address is the last X-Forwarded-For entry that a trusted proxy added. A hop count trusts that
 * many proxies in front (Express's rule; Fastify itself trusts no hop for a bare number), so the API must be
 * reachable only through them; addresses trust exactly those peers.
 */
function trustedProxies(trust: AppConfig['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}

export interface ApiHooks {
  /** Sees each route as it is registered (the docs test compares them with the OpenAPI document). */
  onRoute?: (route: RouteOptions) => void;
}

/** The HTTP API, ready to listen: used by `start:api`, the all-in-one launcher, the tests and the benchmark. */
export async function createApi(config: AppConfig, logger: Logger = createLogger(config.logLevel, 'api'), hooks: ApiHooks = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: trustedProxies(config.trustProxy),
    frameworkErrors: onFrameworkError,
    childLoggerFactory: requestLogger,
    // No Nest middleware (nothing `configure`s a MiddlewareConsumer): middie's hook would run on every request for none.
    skipMiddie: true,
    // A caller's own request id is kept (to follow a request across services) if it is a sane one.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new NestPinoLogger(logger),
  });
  const fastify = app.getHttpAdapter().getInstance();
  if (hooks.onRoute) fastify.addHook('onRoute', hooks.onRoute);
  // The browser's session cookie (auth/session-cookie.ts), which parses it itself: no hook on every request.
  await app.register(fastifyCookie, { hook: false });
  app.useBodyParser('application/json', { bodyLimit: config.bodyLimitBytes }, jsonBodyParser(fastify));
  // Nomination lists arrive as CSV files.
  fastify.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes }, (_request: FastifyRequest, body: Buffer, done: (error: Error | null, body?: string) => void) => {
    try {
      done(null, decodeBody(body));
    } catch (error) {
      done(error as Error);
    }
  });
  // @fastify/cors itself rather than app.enableCors(): Nest's wrapper copies the CORS headers onto the raw
  // response for middleware that ends a response itself (this app has none), which sends every response's
  // headers down Node's slower merging path. Registered first, so its onRequest hook still answers preflights
  // before the others run, as Nest's did.
  await app.register(fastifyCors, { origin: config.corsOrigins === '*' ? true : config.corsOrigins, maxAge: 600 });
  checkEveryInput(fastify);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.headers(SECURITY_HEADERS).header('x-request-id', request.id);
    done();
  });

  app.setGlobalPrefix('api/v1', { exclude: UNPREFIXED_ROUTES });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter());
  setupDocs(app);
  registerPublicPages(app);
  registerQueueBoard(app);
  await registerWebApp(app);
  await app.init();
  return app;
}
