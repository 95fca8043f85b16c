import type { Redis } from 'ioredis';

/** Deletes an account's failed-login counters (per account, and per account and address). */
export async function clearLoginFailures(redis: Redis, redisPrefix: string, email: string): Promise<void> {
  const keys = [`${redisPrefix}:login-fail:acct:${email}`];
  const pattern = `${redisPrefix}:login-fail:acct-ip:${email.replace(/[*?[\]\\]/g, '\\$&')}:*`;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  await redis.del(...keys);
}
