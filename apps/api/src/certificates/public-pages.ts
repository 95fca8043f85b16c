// Routes outside /api/v1 that verifiers fetch: the page a QR code opens, and the issuer's public keys.
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { PathsObject } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { ISSUER_KEYS } from '@amahoro/certificates/issuer-keys.module.js';
import type { IssuerKeys } from '@amahoro/certificates/credentials/keys.js';
import { didDocument, jwks } from '@amahoro/certificates/credentials/issuer.js';
import { AppError } from '../common/app-error.js';
import { AuditErrors } from '../audit/audit.errors.js';
import { AuditRepository } from '@amahoro/database/audit/audit.repository.js';
import { sendError } from '../common/http-exception.filter.js';
import { CertificateReadsService } from './certificate-reads.service.js';
import { verificationPage } from './verification-page.js';
import { VerifyRateLimiter } from './verify-rate-limit.guard.js';

export function registerPublicPages(app: NestFastifyApplication): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  const keys = app.get<IssuerKeys>(ISSUER_KEYS);
  const certificates = app.get(CertificateReadsService);
  const audit = app.get(AuditRepository, { strict: false });
  const limiter = app.get(VerifyRateLimiter);
  const db = app.get(DataSource);
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
  // Published so that anyone may keep copies: a kept checkpoint shows a later deletion of the trail's newest records
  // even if the checkpoints in the database went with them (npm run audit:verify -- checkpoint.jws).
  fastify.get('/.well-known/audit-checkpoint', async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const jws = await audit.latestCheckpoint(db.manager);
      if (!jws) throw AuditErrors.noCheckpoint();
      return reply.type('application/jose').header('access-control-allow-origin', '*').header('cache-control', 'no-store').send(jws);
    } catch (error) {
      sendError(error, request, reply);
      return reply;
    }
  });
}

const errorBody = (code: string) => ({
  'application/json': {
    schema: { allOf: [{ $ref: '#/components/schemas/ErrorResponse' }, { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: [code] } } }] },
  },
});

/** These routes in the OpenAPI document (Swagger sees only Nest's controllers). */
export const PUBLIC_PAGES_PATHS: PathsObject = {
  '/verify/{serial}': {
    get: {
      operationId: 'verificationPage',
      summary: 'The page a certificate’s QR code opens: whether it is valid, for whom and for what',
      tags: ['certificates'],
      security: [{}],
      parameters: [{ name: 'serial', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: { description: 'The verification page', content: { 'text/html': { schema: { type: 'string' } } } },
        404: { description: 'No certificate has this serial (the page says so)', content: { 'text/html': { schema: { type: 'string' } } } },
        429: { description: 'Too many requests: VERIFY_RATE_LIMITED', content: errorBody('VERIFY_RATE_LIMITED') },
        503: { description: 'PostgreSQL or Redis cannot be reached: SERVICE_UNAVAILABLE', content: errorBody('SERVICE_UNAVAILABLE') },
      },
    },
  },
  '/.well-known/did.json': {
    get: {
      operationId: 'getDidDocument',
      summary: 'The issuer’s DID document (did:web), naming the keys that sign credentials',
      tags: ['certificates'],
      security: [{}],
      responses: { 200: { description: 'DID document', content: { 'application/did+json': { schema: { type: 'object' } } } } },
    },
  },
  '/.well-known/jwks.json': {
    get: {
      operationId: 'getJwks',
      summary: 'The public keys that verify credentials, as a JWK set (by kid)',
      tags: ['certificates'],
      security: [{}],
      responses: { 200: { description: 'JWK set', content: { 'application/jwk-set+json': { schema: { type: 'object' } } } } },
    },
  },
  '/.well-known/audit-checkpoint': {
    get: {
      operationId: 'getAuditCheckpoint',
      summary: 'The audit trail’s newest signed checkpoint (compact JWS of {seq, hash, sealedAt}, signed by the key in jwks.json); keep copies for `npm run audit:verify`',
      tags: ['audit'],
      security: [{}],
      responses: {
        200: { description: 'Compact JWS, typ audit-checkpoint+jws', content: { 'application/jose': { schema: { type: 'string' } } } },
        404: { description: 'Nothing sealed yet: AUDIT_CHECKPOINT_NOT_FOUND', content: errorBody('AUDIT_CHECKPOINT_NOT_FOUND') },
        503: { description: 'PostgreSQL cannot be reached: SERVICE_UNAVAILABLE', content: errorBody('SERVICE_UNAVAILABLE') },
      },
    },
  },
};
