// The one shape every verification step answers in: passed with what it established, failed, or not done.

export type Outcome<T = undefined> =
  | { kind: 'passed'; detail: string; value: T }
  | { kind: 'failed'; detail: string }
  | { kind: 'skipped'; detail: string };

export function passed<T>(detail: string, value: T): Outcome<T>;
export function passed(detail: string): Outcome;
export function passed<T>(detail: string, value?: T): Outcome<T | undefined> {
  return { kind: 'passed', detail, value };
}

export function failed(detail: string): Outcome<never> {
  return { kind: 'failed', detail };
}

export function skipped(detail: string): Outcome<never> {
  return { kind: 'skipped', detail };
}

export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
