// Which counters a failed login feeds, and when one of them is over its bar. Pure: the counting lives in Redis.

export interface LoginThrottleLimits {
  maxFailuresPerAccountAndIp: number;
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
}

export interface LoginCounter {
  key: string;
  limit: number;
}

/**
 * A guesser from one address is stopped after a few tries on one account; a distributed guess at a higher
 * bar on the account alone; and one address at a much higher bar over all accounts, since a classroom
 * shares one. Each counter expires with its window, so nobody can lock a real user out for long.
 */
export function loginCounters(email: string, ip: string, limits: LoginThrottleLimits): LoginCounter[] {
  return [
    { key: `login-fail:acct-ip:${email}:${ip}`, limit: limits.maxFailuresPerAccountAndIp },
    { key: `login-fail:acct:${email}`, limit: limits.maxFailuresPerAccount },
    { key: `login-fail:ip:${ip}`, limit: limits.maxFailuresPerIp },
  ];
}

export function isOverLimit(counters: LoginCounter[], counts: number[]): boolean {
  return counters.some((counter, index) => (counts[index] ?? 0) >= counter.limit);
}
