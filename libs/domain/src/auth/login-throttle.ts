// Which counters a login attempt feeds. Pure: the counting lives in Redis (rate-limiter-flexible).

export interface LoginThrottleLimits {
  maxFailuresPerAccountAndIp: number;
  maxFailuresPerIp: number;
}

export interface LoginCounter {
  /** Names the counter's family (a Redis key prefix). */
  name: 'login-fail-account-ip' | 'login-fail-ip';
  key: string;
  limit: number;
}

/**
 * A guesser from one address is stopped after a few tries on one account, and one address at a much higher
 * bar over all accounts, since a classroom shares one. No counter is the account's alone: failures from
 * other addresses must never lock its owner out (the scheme of rate-limiter-flexible's login recipe).
 */
export function loginCounters(accountKey: string, ip: string, limits: LoginThrottleLimits): LoginCounter[] {
  return [
    { name: 'login-fail-account-ip', key: `${accountKey}:${ip}`, limit: limits.maxFailuresPerAccountAndIp },
    { name: 'login-fail-ip', key: ip, limit: limits.maxFailuresPerIp },
  ];
}
