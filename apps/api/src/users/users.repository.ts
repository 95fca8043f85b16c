// The users table and the logins (refresh-token families) that belong to a user. Every method takes the manager
// to run on, so the service that owns the use case owns the transaction.
import { Injectable } from '@nestjs/common';
import { type EntityManager, IsNull, Not } from 'typeorm';
import { AdvisoryLock } from '@amahoro/database/advisory-locks.js';
import { RefreshToken } from '@amahoro/database/entities/refresh-token.entity.js';
import { User } from '@amahoro/database/entities/user.entity.js';
import type { Role } from '@amahoro/domain/users/user.types.js';
import { containsPattern } from '../common/sql.js';

export interface UserFilter {
  role?: Role;
  active?: boolean;
  /** Part of the email or the name. */
  text?: string;
  offset: number;
  limit: number;
}

@Injectable()
export class UsersRepository {
  findById(db: EntityManager, id: string): Promise<User | null> {
    return db.getRepository(User).findOneBy({ id });
  }

  /** `email` already normalised. */
  findByEmail(db: EntityManager, email: string): Promise<User | null> {
    return db.getRepository(User).findOneBy({ email });
  }

  /**
   * The user, locked until the transaction ends (their edits take turns). NO KEY UPDATE, not UPDATE: an edit changes
   * no key, and rows that refer to the user (their enrolment, under its offering's lock; a notification to them)
   * take KEY SHARE on the row and need not wait for it.
   */
  findForUpdate(db: EntityManager, id: string): Promise<User | null> {
    return db.getRepository(User).findOne({ where: { id }, lock: { mode: 'for_no_key_update' } });
  }

  /** Newest first. */
  async list(db: EntityManager, filter: UserFilter): Promise<{ items: User[]; total: number }> {
    const qb = db.getRepository(User).createQueryBuilder('u').orderBy('u.created_at', 'DESC').addOrderBy('u.id');
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.active !== undefined) qb.andWhere('u.active = :active', { active: filter.active });
    if (filter.text) qb.andWhere('(u.email ILIKE :q OR u.full_name ILIKE :q)', { q: containsPattern(filter.text) });
    const [items, total] = await qb.skip(filter.offset).take(filter.limit).getManyAndCount();
    return { items, total };
  }

  count(db: EntityManager): Promise<number> {
    return db.getRepository(User).count();
  }

  countActiveAdmins(db: EntityManager): Promise<number> {
    return db.getRepository(User).countBy({ role: 'admin', active: true });
  }

  insert(db: EntityManager, fields: Partial<User>): Promise<User> {
    return db.getRepository(User).save(db.getRepository(User).create(fields));
  }

  save(db: EntityManager, user: User): Promise<User> {
    return db.getRepository(User).save(user);
  }

  /** The first admin, unless a user with that email exists already (then null). */
  async insertAdminUnlessTaken(db: EntityManager, email: string, passwordHash: string): Promise<Pick<User, 'id' | 'email' | 'fullName' | 'role' | 'active'> | null> {
    const [created]: Array<Pick<User, 'id' | 'email' | 'fullName' | 'role' | 'active'>> = await db.query(
      `INSERT INTO users (email, password_hash, full_name, role) VALUES ($1, $2, 'Administrator', 'admin')
       ON CONFLICT (email) DO NOTHING RETURNING id, email, full_name AS "fullName", role, active`,
      [email, passwordHash],
    );
    return created ?? null;
  }

  /** A new password that also proves the address (it came through an e-mailed link). */
  async setPasswordFromLink(db: EntityManager, id: string, passwordHash: string): Promise<void> {
    await db.getRepository(User).update({ id }, { passwordHash, emailVerified: true });
  }

  async markEmailVerified(db: EntityManager, id: string): Promise<void> {
    await db.getRepository(User).update({ id }, { emailVerified: true });
  }

  /** Role and activity changes take turns until the transaction ends (the last active admin stays). */
  async lockAdminChanges(db: EntityManager): Promise<void> {
    await db.query('SELECT pg_advisory_xact_lock($1)', [AdvisoryLock.AdminChanges]);
  }

  /** Ends the user's logins (their refresh and access tokens), all of them or all but one. */
  async revokeLogins(db: EntityManager, userId: string, except?: { sessionId: string }): Promise<void> {
    await db
      .getRepository(RefreshToken)
      .update({ userId, revokedAt: IsNull(), ...(except ? { familyId: Not(except.sessionId) } : {}) }, { revokedAt: new Date() });
  }
}
