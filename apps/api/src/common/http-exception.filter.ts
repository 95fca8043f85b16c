import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { isDependencyUnavailable, isTransientConflict } from '@amahoro/config/dependencies.js';
import { AppError, STATUS_BY_KIND } from './app-error.js';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code?: string;
  errorId?: string;
}

// Codes for failures raised by the framework rather than by a feature.
export const CODE_BY_STATUS: Partial<Record<number, string>> = {
  400: 'VALIDATION_FAILED',
  401: 'AUTH_UNAUTHENTICATED',
  403: 'AUTH_FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** How long a client should wait before trying again while PostgreSQL or Redis cannot be reached. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** A 503 for a request whose transaction PostgreSQL rolled back because it collided with a concurrent one. */
export const TRANSACTION_CONFLICT = 'TRANSACTION_CONFLICT';
/** The other transaction is done well before then: collisions last milliseconds. */
export const CONFLICT_RETRY_AFTER_SECONDS = 1;

/**
 * Turns any error into the contract's error body. Errors of the client keep their message; anything
 * unexpected is logged with an error id and the client sees only that id.
 */
export function toErrorBody(error: unknown, request: FastifyRequest): { body: ErrorBody; retryAfter?: number } {
  if (error instanceof AppError) {
    const statusCode = STATUS_BY_KIND[error.kind];
    return { body: body(statusCode, error.message, error.code), retryAfter: error.retryAfterSeconds };
  }
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? (response as { message: string | string[] }).message
        : error.message;
    return { body: body(statusCode, statusCode === 401 ? 'Unauthorized' : message) };
  }
  // Fastify's own client errors (malformed JSON, body too large, wrong content type) carry a 4xx statusCode.
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { body: body(statusCode, (error as Error).message) };
  }
  // A deadlock, a serialization failure or a lock timeout: not a bug in the request, which succeeds sent again.
  if (isTransientConflict(error)) {
    request.log.warn({ reason: (error as Error).message }, 'a transaction collided with a concurrent one and was rolled back');
    return {
      body: body(HttpStatus.SERVICE_UNAVAILABLE, 'The request collided with another one made at the same moment; try again shortly', TRANSACTION_CONFLICT),
      retryAfter: CONFLICT_RETRY_AFTER_SECONDS,
    };
  }
  // PostgreSQL or Redis out of reach: every route answers the same, and recovers when they return.
  if (isDependencyUnavailable(error)) {
    request.log.warn({ reason: (error as Error).message }, 'a dependency is unavailable');
    return {
      body: body(HttpStatus.SERVICE_UNAVAILABLE, 'A service the platform depends on is unavailable; try again shortly'),
      retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS,
    };
  }
  const errorId = randomUUID();
  request.log.error({ err: error, errorId }, 'unexpected error');
  return {
    body: { ...body(HttpStatus.INTERNAL_SERVER_ERROR, `Internal server error (error id ${errorId})`, 'INTERNAL_ERROR'), errorId },
  };
}

function body(statusCode: number, message: string | string[], code = CODE_BY_STATUS[statusCode]): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(code ? { code } : {}) };
}

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const { body: errorBody, retryAfter } = toErrorBody(error, request);
  if (retryAfter !== undefined) void reply.header('retry-after', String(retryAfter));
  void reply.status(errorBody.statusCode).type('application/json; charset=utf-8').send(errorBody);
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendError(error, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}
