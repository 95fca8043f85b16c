// Routes outside /api/v1 that verifiers fetch: the page a QR code opens, and the issuer's public keys.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { ISSUER_KEYS } from '@amahoro/certificates/issuer-keys.module.js';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { didDocument, jwks } from '@amahoro/certificates/credentials/issuer.js';
import { AppError } from '../common/app-error.js';
import { sendError } from '../common/http-exception.filter.js';
import { CertificatesService } from './certificates.service.js';
import { verificationPage } from './verification-page.js';
import { VerifyRateLimiter } from './verify-rate-limit.guard.js';

export function registerPublicPages(app: NestFastifyApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  const keys = app.get<IssuerKeys>(ISSUER_KEYS);
  const certificates = app.get(CertificatesService);
  const limiter = app.get(VerifyRateLimiter);
  const fastify = app.getHttpAdapter().getInstance();

  fastify.get('/verify/:serial', async (request: FastifyRequest<{ Params: { serial: string } }>, reply: FastifyReply) => {
    try {
      await limiter.hit(request.ip);
      const result = await certificates.verifySerial(request.params.serial).catch((error: unknown) => {
        if (error instanceof AppError && error.kind === 'not_found') return null;
        throw error;
      });
      return reply
        .status(result ? 200 : 404)
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(verificationPage(result, request.params.serial));
    } catch (error) {
      sendError(error, request, reply);
      return reply;
    }
  });
  fastify.get('/.well-known/did.json', async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type('application/did+json').header('access-control-allow-origin', '*').send(didDocument(config.publicBaseUrl, keys)),
  );
  fastify.get('/.well-known/jwks.json', async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type('application/jwk-set+json').header('access-control-allow-origin', '*').send(jwks(keys, config.publicBaseUrl)),
  );
}
