// The session: the access token lives only in memory; the refresh token is an HttpOnly cookie the API sets on
// /api/v1/auth, so a reload or a new tab restores the session by a refresh, and nothing sensitive is stored.
import { useSyncExternalStore } from 'react';
import type { components } from '../api/schema';

export type User = components['schemas']['UserResponse'];
export type Role = User['role'] | 'focal_point';
type TokenPair = components['schemas']['TokenPairResponse'];

interface State {
  token: string | null;
  user: User | null;
  /** False until the first refresh attempt after a page load has answered. */
  ready: boolean;
}

// The API takes the refresh cookie only with this header: a cross-site form cannot send it.
const CSRF = { 'x-requested-with': 'amahoro-web' };

// Whether this browser signed in and has not signed out: not a secret (the cookie is), only a hint that spares a
// visitor's first page a refresh request that can only fail.
const SIGNED_IN_HINT = 'amahoro.signedIn';

const INITIAL: State = { token: null, user: null, ready: false };
let state = INITIAL;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setTimeout> | undefined;
let inFlight: Promise<boolean> | null = null;

function set(next: Partial<State>): void {
  state = { ...state, ...next };
  listeners.forEach((listener) => listener());
}

export const accessToken = (): string | null => state.token;

export function useSession(): State {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
    // What the server rendered the first page with: nobody signed in yet.
    () => INITIAL,
  );
}

/** Adopts a fresh token pair (login or refresh) and schedules the next silent refresh a minute before expiry. */
export function adopt(pair: Pick<TokenPair, 'accessToken' | 'expiresIn' | 'user'>): void {
  clearTimeout(timer);
  timer = setTimeout(() => void refreshSession(), Math.max(10, pair.expiresIn - 60) * 1000);
  localStorage.setItem(SIGNED_IN_HINT, '1');
  set({ token: pair.accessToken, user: pair.user, ready: true });
}

export function updateUser(user: User): void {
  set({ user });
}

/** On page load: the session back from the cookie, if this browser has one. */
export function restoreSession(): Promise<boolean> {
  if (localStorage.getItem(SIGNED_IN_HINT)) return refreshSession();
  set({ ready: true });
  return Promise.resolve(false);
}

/** One refresh at a time; false (and signed out) when the cookie is missing, expired or revoked. */
export function refreshSession(): Promise<boolean> {
  inFlight ??= (async () => {
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...CSRF },
        body: '{}',
      });
      if (!response.ok) {
        clear();
        return false;
      }
      adopt((await response.json()) as TokenPair);
      return true;
    } catch {
      // Offline: keep what we have; the next request tries again.
      set({ ready: true });
      return false;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

function clear(): void {
  clearTimeout(timer);
  localStorage.removeItem(SIGNED_IN_HINT);
  set({ token: null, user: null, ready: true });
}

export async function signOut(): Promise<void> {
  const token = state.token;
  clear();
  await fetch('/api/v1/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...CSRF, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: '{}',
  }).catch(() => undefined);
}
