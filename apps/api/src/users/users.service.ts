import { Inject, Injectable, type OnApplicationBootstrap, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { AdvisoryLock } from '@amahoro/database/advisory-locks.js';
import { RefreshToken } from '@amahoro/database/entities/refresh-token.entity.js';
import { User } from '@amahoro/database/entities/user.entity.js';
import { normalizeEmail } from '@amahoro/domain/users/user.types.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { issueAccountToken } from '@amahoro/notifications/account-tokens.js';
import type { Page } from '../common/pagination.js';
import { containsPattern, isUniqueViolation } from '../common/sql.js';
import { hashPassword, NO_PASSWORD, verifyPassword } from '../auth/password.js';
import type { CreateUserDto, ListUsersQuery, RegisterDto, UpdateMeDto, UpdateUserDto } from './dto/users.dto.js';
import { UserErrors } from './users.errors.js';
import { forgetAccess } from '../auth/access-cache.js';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The first admin from ADMIN_EMAIL / ADMIN_PASSWORD; an existing user with that email is left as it is. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin) return;
    const { email, password } = this.config.admin;
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      const [created]: User[] = await tx.query(
        `INSERT INTO users (email, password_hash, full_name, role) VALUES ($1, $2, 'Administrator', 'admin')
         ON CONFLICT (email) DO NOTHING RETURNING id, email, full_name AS "fullName", role, active`,
        [email, passwordHash],
      );
      if (!created) return;
      await recordAudit(tx, [{ actorId: null, action: 'user.created', entity: 'user', entityId: created.id, after: auditedUser(created) }]);
      this.logger.log(`created the first admin ${email}`);
    });
  }

  /** A trainee signs up: the audit trail names them as the actor of their own creation. */
  register(dto: RegisterDto): Promise<User> {
    return this.create({ ...dto, role: 'trainee' }, 'self');
  }

  /** `createdBy`: the admin's id, 'self' for a registration, null for the system (first admin, demo data). */
  async create(dto: CreateUserDto, createdBy: string | 'self' | null): Promise<User> {
    const { password, ...fields } = dto;
    const passwordHash = password ? await hashPassword(password) : NO_PASSWORD;
    try {
      return await this.db.transaction(async (tx) => {
        // An admin (or the system) giving a password vouches for the address; everyone else proves it by e-mail.
        const emailVerified = createdBy !== 'self' && password !== undefined;
        const user = await tx.getRepository(User).save(tx.getRepository(User).create({ ...fields, email: normalizeEmail(dto.email), passwordHash, emailVerified }));
        if (createdBy === 'self') await issueAccountToken(tx, user.id, 'verify', this.config.jwt.accessSecret);
        else if (password === undefined) await issueAccountToken(tx, user.id, 'invite', this.config.jwt.accessSecret);
        await recordAudit(tx, [
          { actorId: createdBy === 'self' ? user.id : createdBy, action: 'user.created', entity: 'user', entityId: user.id, after: auditedUser(user) },
        ]);
        return user;
      });
    } catch (error) {
      throw isUniqueViolation(error) ? UserErrors.emailTaken() : error;
    }
  }

  async get(id: string): Promise<User> {
    const user = await this.db.getRepository(User).findOneBy({ id });
    if (!user) throw UserErrors.notFound();
    return user;
  }

  findById(id: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ id });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.db.getRepository(User).findOneBy({ email: normalizeEmail(email) });
  }

  async list(query: ListUsersQuery): Promise<Page<User>> {
    const qb = this.db.getRepository(User).createQueryBuilder('u').orderBy('u.created_at', 'DESC').addOrderBy('u.id');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.active) qb.andWhere('u.active = :active', { active: query.active === 'true' });
    if (query.q) qb.andWhere('(u.email ILIKE :q OR u.full_name ILIKE :q)', { q: containsPattern(query.q) });
    const [items, total] = await qb.skip(query.offset).take(query.limit).getManyAndCount();
    return { items, total, page: query.page, limit: query.limit };
  }

  /** A new password ends every other login of the user (their refresh and access tokens); this one goes on. */
  async updateMe(id: string, sessionId: string, dto: UpdateMeDto): Promise<User> {
    const { password, currentPassword, ...profile } = dto;
    const user = await this.get(id);
    if (password !== undefined) {
      if (currentPassword === undefined) throw UserErrors.currentPasswordRequired();
      if (!(await verifyPassword(user.passwordHash, currentPassword))) throw UserErrors.currentPasswordWrong();
      user.passwordHash = await hashPassword(password);
    }
    return this.db.transaction(async (tx) => {
      if (password !== undefined) {
        await tx.getRepository(RefreshToken).update({ userId: id, familyId: Not(sessionId), revokedAt: IsNull() }, { revokedAt: new Date() });
      }
      return tx.getRepository(User).save(Object.assign(user, profile));
    });
  }

  /** Admin edit. Demoting or deactivating the last active admin is refused; deactivating ends every login. */
  update(id: string, dto: UpdateUserDto, actorId: string): Promise<User> {
    return this.db.transaction(async (tx) => {
      // Role and active changes take turns, so two admins demoting each other at once cannot both succeed.
      if (dto.role !== undefined || dto.active !== undefined) await tx.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.AdminChanges]);
      const user = await tx.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw UserErrors.notFound();
      const losesAdmin = user.role === 'admin' && user.active && (dto.active === false || (dto.role && dto.role !== 'admin'));
      if (losesAdmin && (await tx.getRepository(User).countBy({ role: 'admin', active: true })) <= 1) {
        throw UserErrors.lastAdmin();
      }
      if (dto.active === false && user.active) {
        await tx.getRepository(RefreshToken).update({ userId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
      }
      const before = { role: user.role, active: user.active };
      const saved = await tx.getRepository(User).save(Object.assign(user, dto));
      const after = { role: saved.role, active: saved.active };
      await recordAudit(tx, [
        ...(before.role !== after.role ? [{ actorId, action: 'user.role_changed' as const, entity: 'user', entityId: id, before: { role: before.role }, after: { role: after.role } }] : []),
        ...(before.active !== after.active
          ? [{ actorId, action: after.active ? ('user.activated' as const) : ('user.deactivated' as const), entity: 'user', entityId: id, before: { active: before.active }, after: { active: after.active } }]
          : []),
      ]);
      return saved;
    }).finally(() => forgetAccess(id));
  }
}

/** What the audit trail keeps of a user: never the password hash. */
export function auditedUser(user: User) {
  return { email: user.email, fullName: user.fullName, role: user.role, active: user.active };
}
