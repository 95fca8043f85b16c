import { Inject, Injectable, type OnApplicationBootstrap, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import type { User } from '@amahoro/database/entities/user.entity.js';
import { removesLastActiveAdmin } from '@amahoro/domain/users/user.rules.js';
import { normalizeEmail } from '@amahoro/domain/users/user.types.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { issueAccountToken } from '@amahoro/notifications/account-tokens.js';
import type { Page } from '../common/pagination.js';
import { isUniqueViolation } from '../common/sql.js';
import { hashPassword, NO_PASSWORD, verifyPassword } from '../auth/password.js';
import type { CreateUserDto, ListUsersQuery, RegisterDto, UpdateMeDto, UpdateUserDto } from './dto/users.dto.js';
import { UserErrors } from './users.errors.js';
import { UsersRepository } from './users.repository.js';
import { forgetAccess } from '../auth/access-cache.js';
import type { Actor } from '../common/auth.decorators.js';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
  ) {}

  /** The first admin from ADMIN_EMAIL / ADMIN_PASSWORD; an existing user with that email is left as it is. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin) return;
    const { email, password } = this.config.admin;
    const passwordHash = await hashPassword(password);
    await this.db.transaction(async (tx) => {
      const created = await this.users.insertAdminUnlessTaken(tx, email, passwordHash);
      if (!created) return;
      await recordAudit(tx, [{ actorId: null, action: 'user.created', entity: 'user', entityId: created.id, after: auditedUser(created) }], null);
      this.logger.log(`created the first admin ${email}`);
    });
  }

  /** A trainee signs up: the audit trail names them as the actor of their own creation. */
  register(dto: RegisterDto, requestId: string): Promise<User> {
    return this.create({ ...dto, role: 'trainee' }, 'self', requestId);
  }

  /**
   * `createdBy`: the admin's id, 'self' for a registration, null for the system (first admin, demo data);
   * `requestId`: the request it is made in, for the audit trail (none for the system).
   */
  async create(dto: CreateUserDto, createdBy: string | 'self' | null, requestId?: string): Promise<User> {
    const { password, ...fields } = dto;
    const passwordHash = password ? await hashPassword(password) : NO_PASSWORD;
    try {
      return await this.db.transaction(async (tx) => {
        // An admin (or the system) giving a password vouches for the address; everyone else proves it by e-mail.
        const emailVerified = createdBy !== 'self' && password !== undefined;
        const user = await this.users.insert(tx, { ...fields, email: normalizeEmail(dto.email), passwordHash, emailVerified });
        if (createdBy === 'self') await issueAccountToken(tx, user.id, 'verify', this.config.jwt.accessSecret);
        else if (password === undefined) await issueAccountToken(tx, user.id, 'invite', this.config.jwt.accessSecret);
        await recordAudit(tx, [
          { actorId: createdBy === 'self' ? user.id : createdBy, action: 'user.created', entity: 'user', entityId: user.id, after: auditedUser(user) },
        ], requestId);
        return user;
      });
    } catch (error) {
      throw isUniqueViolation(error) ? UserErrors.emailTaken() : error;
    }
  }

  async get(id: string): Promise<User> {
    const user = await this.users.findById(this.db.manager, id);
    if (!user) throw UserErrors.notFound();
    return user;
  }

  findById(id: string): Promise<User | null> {
    return this.users.findById(this.db.manager, id);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(this.db.manager, normalizeEmail(email));
  }

  async list(query: ListUsersQuery): Promise<Page<User>> {
    const { items, total } = await this.users.list(this.db.manager, {
      role: query.role,
      active: query.active === undefined ? undefined : query.active === 'true',
      text: query.q,
      offset: query.offset,
      limit: query.limit,
    });
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
      // The user's row before their logins' rows, in the order an admin's deactivation takes them (else a deadlock).
      const saved = await this.users.save(tx, Object.assign(user, profile));
      if (password !== undefined) await this.users.revokeLogins(tx, id, { sessionId });
      return saved;
    }).finally(() => forgetAccess(id));
  }

  /** Admin edit. Demoting or deactivating the last active admin is refused; deactivating ends every login. */
  update(id: string, dto: UpdateUserDto, actor: Actor): Promise<User> {
    return this.db.transaction(async (tx) => {
      // Role and active changes take turns, so two admins demoting each other at once cannot both succeed.
      const standingChanges = dto.role !== undefined || dto.active !== undefined;
      if (standingChanges) await this.users.lockAdminChanges(tx);
      const user = await this.users.findForUpdate(tx, id);
      if (!user) throw UserErrors.notFound();
      if (standingChanges && removesLastActiveAdmin(user, dto, await this.users.countActiveAdmins(tx))) throw UserErrors.lastAdmin();
      if (dto.active === false && user.active) await this.users.revokeLogins(tx, id);
      const before = { role: user.role, active: user.active };
      const saved = await this.users.save(tx, Object.assign(user, dto));
      const after = { role: saved.role, active: saved.active };
      await recordAudit(tx, [
        ...(before.role !== after.role ? [{ actorId: actor.id, action: 'user.role_changed' as const, entity: 'user', entityId: id, before: { role: before.role }, after: { role: after.role } }] : []),
        ...(before.active !== after.active
          ? [{ actorId: actor.id, action: after.active ? ('user.activated' as const) : ('user.deactivated' as const), entity: 'user', entityId: id, before: { active: before.active }, after: { active: after.active } }]
          : []),
      ], actor.requestId);
      return saved;
    }).finally(() => forgetAccess(id));
  }
}

/** What the audit trail keeps of a user: never the password hash. */
export function auditedUser(user: Pick<User, 'email' | 'fullName' | 'role' | 'active'>) {
  return { email: user.email, fullName: user.fullName, role: user.role, active: user.active };
}
