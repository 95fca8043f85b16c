// API failures as something a person understands: the error code's message when the catalogs have one, else
// one for the status; never the raw code.
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code?: string,
    cause?: unknown,
    readonly details: string[] = [],
  ) {
    super(code ?? `HTTP ${status}`, { cause });
  }

  static from(status: number, body: unknown): ApiError {
    const error = (body ?? {}) as { code?: unknown; message?: unknown };
    const details = Array.isArray(error.message) ? error.message.filter((m): m is string => typeof m === 'string') : [];
    return new ApiError(status, typeof error.code === 'string' ? error.code : undefined, undefined, details);
  }
}

type Translate = (key: string, vars?: Record<string, string | number>) => string;

export function errorMessage(error: unknown, t: Translate & { has: (key: string) => boolean }): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  if (error.status === 0) return t('errors.network');
  if (error.code && t.has(`errors.code.${error.code}`)) return t(`errors.code.${error.code}`);
  const status = [400, 401, 403, 404, 409, 413, 429, 503].includes(error.status) ? String(error.status) : error.status >= 500 ? '500' : 'other';
  return t(`errors.status.${status}`);
}
