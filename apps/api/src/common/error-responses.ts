import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

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
  403: 'Authenticated, but the wrong role',
  404: 'Missing, or not visible to the caller',
  409: 'Conflict with the current state',
  413: 'Body too large',
  429: 'Too many requests',
  503: 'PostgreSQL or Redis cannot be reached (SERVICE_UNAVAILABLE): try again after Retry-After seconds',
};

/** Documents the contract's error body for each status a route can answer (any route may answer 503). */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...[...new Set([400, 413, 503, ...statuses])].map((status) => ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorResponse })),
  );
}
