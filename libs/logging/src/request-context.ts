import { AsyncLocalStorage } from 'node:async_hooks';

/** What code deep in a request may want to know of it without having it passed down: its id, for the audit trail. */
export interface RequestContext {
  requestId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | null {
  return requestContext.getStore()?.requestId ?? null;
}
