import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { AppError, STATUS_BY_KIND } from './app-error.js';
import { CODE_BY_STATUS, TRANSACTION_CONFLICT } from './http-exception.filter.js';

export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode: number;
  @ApiProperty({ example: 'Bad Request' })
  error: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] })
  message: string | string[];
  @ApiPropertyOptional({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code?: string;
  @ApiPropertyOptional({ description: 'Only on 500: quote it when reporting the problem' })
  errorId?: string;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input (unknown fields too)',
  401: 'No token, or an invalid or expired one',
  403: 'Not allowed for this caller',
  404: 'Missing, or not visible to the caller',
  409: 'Conflict with the current state',
  413: 'Body too large',
  429: 'Too many requests',
  503: 'PostgreSQL or Redis cannot be reached, or the request collided with a concurrent one: try again after Retry-After seconds',
};

/**
 * Documents the error answers of a route: for each status, the contract's body and the codes it can carry.
 * Give a status for a failure the framework raises (401 AUTH_UNAUTHENTICATED, 403 AUTH_FORBIDDEN for a wrong
 * role), and a feature's own errors as it builds them (`OfferingErrors.notFound()`), so each code comes from
 * where it is thrown. 400 VALIDATION_FAILED, 413 PAYLOAD_TOO_LARGE and 503 SERVICE_UNAVAILABLE (PostgreSQL or
 * Redis out of reach) or TRANSACTION_CONFLICT (a deadlock, a lock timeout) can answer any route.
 */
export function ApiErrors(...errors: Array<number | AppError>) {
  const codes = new Map<number, Set<string>>();
  for (const error of [400, 413, 503, ...errors]) {
    const status = typeof error === 'number' ? error : STATUS_BY_KIND[error.kind];
    const code = typeof error === 'number' ? CODE_BY_STATUS[error] : error.code;
    const known = codes.get(status) ?? new Set<string>();
    if (code) known.add(code);
    codes.set(status, known);
  }
  codes.get(503)!.add(TRANSACTION_CONFLICT);
  return applyDecorators(
    ApiExtraModels(ErrorResponse),
    ...[...codes].map(([status, known]) =>
      ApiResponse({
        status,
        description: known.size ? `${DESCRIPTIONS[status] ?? 'Error'}: ${[...known].join(', ')}` : (DESCRIPTIONS[status] ?? 'Error'),
        schema: known.size
          ? {
              allOf: [
                { $ref: getSchemaPath(ErrorResponse) },
                { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: [...known] } } },
              ],
            }
          : { $ref: getSchemaPath(ErrorResponse) },
      }),
    ),
  );
}

/** A 200 that is a file or a document of another media type (a PDF, a signed credential). */
export function ApiFileResponse(mediaType: string, description: string) {
  return ApiResponse({ status: 200, description, content: { [mediaType]: { schema: { type: 'string', format: mediaType === 'application/pdf' ? 'binary' : undefined } } } });
}

/** A 200 in JSON, or in CSV for `Accept: text/csv`. */
export function ApiJsonOrCsvResponse(type: Type, description: string) {
  return applyDecorators(
    ApiExtraModels(type),
    ApiResponse({
      status: 200,
      description,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        'text/csv': { schema: { type: 'string', description: 'UTF-8 CSV, one header line' } },
      },
    }),
  );
}
