// The one HTTP client: typed from the API's OpenAPI document (schema.d.ts, generated), with the session's access
// token added to each request and one silent refresh (through the HttpOnly cookie) when the API answers 401.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { accessToken, refreshSession } from '../auth/session';
import { ApiError } from './errors';

const pending = new WeakMap<Request, Request>();

const auth: Middleware = {
  onRequest({ request }) {
    const token = accessToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    if (!request.url.includes('/api/v1/auth/')) pending.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const retry = pending.get(request);
    pending.delete(request);
    if (response.status !== 401 || !retry || !accessToken()) return response;
    if (!(await refreshSession())) return response;
    retry.headers.set('authorization', `Bearer ${accessToken()}`);
    return fetch(retry);
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(auth);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The data of a successful call, or an ApiError carrying the status and the API's error code. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (cause) {
    throw new ApiError(0, undefined, cause);
  }
  if (!result.response.ok) throw ApiError.from(result.response.status, result.error);
  return result.data as T;
}

/** A file the API answers to the signed-in user (PDF, credential, CSV), saved through the browser. */
export async function download(path: string, fileName: string): Promise<void> {
  const send = () => fetch(path, { headers: accessToken() ? { authorization: `Bearer ${accessToken()}` } : {}, credentials: 'same-origin' });
  let response: Response;
  try {
    response = await send();
    if (response.status === 401 && (await refreshSession())) response = await send();
  } catch (cause) {
    throw new ApiError(0, undefined, cause);
  }
  if (!response.ok) throw ApiError.from(response.status, await response.json().catch(() => undefined));
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
