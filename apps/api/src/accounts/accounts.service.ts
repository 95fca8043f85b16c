import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { type RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { normalizeEmail } from '@amahoro/domain/users/user.types.js';
import { issueAccountToken, spendAccountToken } from '@amahoro/notifications/account-tokens.js';
import { REDIS } from '@amahoro/queue/redis.module.js';
import { forgetAccess } from '../auth/auth-changes.js';
import { LoginThrottleService } from '../auth/login-throttle.service.js';
import { hashPassword } from '../auth/password.js';
import { consumeOrThrow, redisLimiter } from '../common/rate-limit.js';
import { UserErrors } from '../users/users.errors.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountErrors } from './accounts.errors.js';
import { AccountsRepository } from './accounts.repository.js';
import type { Actor } from '../common/auth.decorators.js';

/** Reset requests an address may make an hour (a classroom shares one), and reset e-mails one account gets. */
const FORGOT_PER_IP_PER_HOUR = 30;
const FORGOT_MAILS_PER_EMAIL_PER_HOUR = 3;

@Injectable()
export class AccountsService {
  private readonly logger = new Logger(AccountsService.name);
  private readonly forgotByIp: RateLimiterRedis;
  private readonly resetMailsByEmail: RateLimiterRedis;
  private readonly verifyMailsByUser: RateLimiterRedis;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly loginThrottle: LoginThrottleService,
    private readonly users: UsersRepository,
    private readonly accounts: AccountsRepository,
  ) {
    this.forgotByIp = redisLimiter(redis, config, 'pwd-forgot-ip', FORGOT_PER_IP_PER_HOUR, 3600);
    this.resetMailsByEmail = redisLimiter(redis, config, 'pwd-forgot-email', FORGOT_MAILS_PER_EMAIL_PER_HOUR, 3600);
    this.verifyMailsByUser = redisLimiter(redis, config, 'verify-resend', FORGOT_MAILS_PER_EMAIL_PER_HOUR, 3600);
  }

  /**
   * Always the same answer. Beyond the address's limit, 429; beyond the e-mail's, nothing is sent (the inbox
   * is not flooded, and the caller learns nothing). The account is looked up after the answer, so the time
   * taken does not say whether it exists.
   */
  async forgot(email: string, ip: string): Promise<void> {
    await consumeOrThrow(this.forgotByIp, ip, AccountErrors.tooManyRequests);
    const normalized = normalizeEmail(email);
    void this.sendReset(normalized).catch((error: Error) => this.logger.error(`password reset for one account failed: ${error.message}`));
  }

  private async sendReset(email: string): Promise<void> {
    try {
      await this.resetMailsByEmail.consume(createHash('sha256').update(email).digest('hex'));
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return;
      throw rejection;
    }
    await this.db.transaction(async (tx) => {
      const user = await this.users.findByEmail(tx, email);
      if (user?.active) await issueAccountToken(tx, user.id, 'reset', this.config.jwt.accessSecret);
    });
  }

  /** An invitation or reset link sets the password, proves the address, and ends every login of the user. */
  async reset(token: string, password: string, requestId: string): Promise<void> {
    const passwordHash = await hashPassword(password);
    const userId = await this.db.transaction(async (tx) => {
      const spent = await spendAccountToken(tx, token, ['reset', 'invite']);
      if (!spent) throw AccountErrors.tokenInvalid();
      await this.users.setPasswordFromLink(tx, spent.userId, passwordHash);
      await this.users.revokeLogins(tx, spent.userId);
      // The other links of this person are spent too: the password is set.
      await this.accounts.spendUnusedLinks(tx, spent.userId, ['reset', 'invite']);
      await recordAudit(tx, [{ actorId: spent.userId, action: 'user.password_reset', entity: 'user', entityId: spent.userId, after: { by: spent.purpose } }], requestId);
      return spent.userId;
    });
    // The ended logins answer 401 on this process's next request, not only once PostgreSQL's notice arrives.
    forgetAccess(userId);
  }

  async verifyEmail(token: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const spent = await spendAccountToken(tx, token, ['verify']);
      if (!spent) throw AccountErrors.tokenInvalid();
      await this.users.markEmailVerified(tx, spent.userId);
    });
  }

  /** A new verification link; nothing when the address is already verified. */
  async resendVerification(userId: string): Promise<void> {
    await consumeOrThrow(this.verifyMailsByUser, userId, AccountErrors.tooManyRequests);
    await this.db.transaction(async (tx) => {
      const user = await this.users.findById(tx, userId);
      if (user && !user.emailVerified) await issueAccountToken(tx, userId, 'verify', this.config.jwt.accessSecret);
    });
  }

  async invite(userId: string, actor: Actor): Promise<void> {
    await this.db.transaction(async (tx) => {
      if (!(await this.users.findById(tx, userId))) throw UserErrors.notFound();
      await issueAccountToken(tx, userId, 'invite', this.config.jwt.accessSecret);
      await recordAudit(tx, [{ actorId: actor.id, action: 'user.invited', entity: 'user', entityId: userId }], actor.requestId);
    });
  }

  async unlock(userId: string, actor: Actor): Promise<void> {
    const user = await this.users.findById(this.db.manager, userId);
    if (!user) throw UserErrors.notFound();
    await this.loginThrottle.unlock(user.email);
    await this.db.transaction((tx) => recordAudit(tx, [{ actorId: actor.id, action: 'user.unlocked', entity: 'user', entityId: userId }], actor.requestId));
  }
}
