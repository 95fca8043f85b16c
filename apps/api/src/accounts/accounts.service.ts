import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { normalizeEmail } from '@amahoro/domain/users/user.types.js';
import { issueAccountToken, spendAccountToken } from '@amahoro/notifications/account-tokens.js';
import { REDIS } from '@amahoro/queue/redis.module.js';
import { hashPassword } from '../auth/password.js';
import { UserErrors } from '../users/users.errors.js';
import { AccountErrors } from './accounts.errors.js';
import { clearLoginFailures } from './login-unlock.js';

/** Reset requests an address may make an hour (a classroom shares one), and reset e-mails one account gets. */
const FORGOT_PER_IP_PER_HOUR = 30;
const FORGOT_MAILS_PER_EMAIL_PER_HOUR = 3;

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Always the same answer. Beyond the address's limit, 429; beyond the e-mail's, nothing is sent (the inbox
   * is not flooded, and the caller learns nothing). The account is looked up after the answer, so the time
   * taken does not say whether it exists.
   */
  async forgot(email: string, ip: string): Promise<void> {
    const byIp = await this.count(`pwd-forgot:ip:${ip}`);
    if (byIp.count > FORGOT_PER_IP_PER_HOUR) throw AccountErrors.tooManyRequests(byIp.ttl);
    const normalized = normalizeEmail(email);
    void this.sendReset(normalized).catch((error: Error) => this.logger.error(`password reset for one account failed: ${error.message}`));
  }

  private async sendReset(email: string): Promise<void> {
    const byEmail = await this.count(`pwd-forgot:email:${createHash('sha256').update(email).digest('hex')}`);
    if (byEmail.count > FORGOT_MAILS_PER_EMAIL_PER_HOUR) return;
    await this.db.transaction(async (tx) => {
      const [user]: Array<{ id: string }> = await tx.query(`SELECT id FROM users WHERE email = $1 AND active`, [email]);
      if (user) await issueAccountToken(tx, user.id, 'reset', this.config.jwt.accessSecret);
    });
  }

  /** An invitation or reset link sets the password, proves the address, and ends every login of the user. */
  async reset(token: string, password: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      const spent = await spendAccountToken(tx, token, ['reset', 'invite']);
      if (!spent) throw AccountErrors.tokenInvalid();
      await tx.query(`UPDATE users SET password_hash = $2, email_verified = true, updated_at = now() WHERE id = $1`, [spent.userId, passwordHash]);
      await tx.query(`UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [spent.userId]);
      // The other links of this person are spent too: the password is set.
      await tx.query(`UPDATE user_tokens SET used_at = now() WHERE user_id = $1 AND purpose IN ('reset', 'invite') AND used_at IS NULL`, [spent.userId]);
      await recordAudit(tx, [{ actorId: spent.userId, action: 'user.password_reset', entity: 'user', entityId: spent.userId, after: { by: spent.purpose } }]);
    });
  }

  async verifyEmail(token: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const spent = await spendAccountToken(tx, token, ['verify']);
      if (!spent) throw AccountErrors.tokenInvalid();
      await tx.query(`UPDATE users SET email_verified = true, updated_at = now() WHERE id = $1`, [spent.userId]);
    });
  }

  /** A new verification link; nothing when the address is already verified. */
  async resendVerification(userId: string): Promise<void> {
    const byUser = await this.count(`verify-resend:${userId}`);
    if (byUser.count > FORGOT_MAILS_PER_EMAIL_PER_HOUR) throw AccountErrors.tooManyRequests(byUser.ttl);
    await this.db.transaction(async (tx) => {
      const [user]: Array<{ email_verified: boolean }> = await tx.query(`SELECT email_verified FROM users WHERE id = $1`, [userId]);
      if (user && !user.email_verified) await issueAccountToken(tx, userId, 'verify', this.config.jwt.accessSecret);
    });
  }

  async invite(userId: string, actorId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [user]: Array<{ id: string }> = await tx.query(`SELECT id FROM users WHERE id = $1`, [userId]);
      if (!user) throw UserErrors.notFound();
      await issueAccountToken(tx, userId, 'invite', this.config.jwt.accessSecret);
      await recordAudit(tx, [{ actorId, action: 'user.invited', entity: 'user', entityId: userId }]);
    });
  }

  async unlock(userId: string, actorId: string): Promise<void> {
    const [user]: Array<{ email: string }> = await this.db.query(`SELECT email FROM users WHERE id = $1`, [userId]);
    if (!user) throw UserErrors.notFound();
    await clearLoginFailures(this.redis, this.config.redisPrefix, user.email);
    await this.db.transaction((tx) => recordAudit(tx, [{ actorId, action: 'user.unlocked', entity: 'user', entityId: userId }]));
  }

  /** A fixed one-hour window counter in Redis: the count so far (this one included) and seconds left. */
  private async count(key: string): Promise<{ count: number; ttl: number }> {
    const full = `${this.config.redisPrefix}:${key}`;
    const [[, count], [, ttl]] = (await this.redis.multi().set(full, 0, 'EX', 3600, 'NX').incr(full).ttl(full).exec())!.slice(1) as Array<[unknown, number]>;
    return { count: count!, ttl: Math.max(1, ttl!) };
  }
}
