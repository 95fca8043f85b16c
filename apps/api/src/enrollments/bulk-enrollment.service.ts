import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { issueAccountToken } from '@amahoro/notifications/account-tokens.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { nomineeAccount } from '@amahoro/domain/users/user.rules.js';
import { AppError } from '../common/app-error.js';
import { isUniqueViolation } from '../common/sql.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { OfferingsRepository } from '../courses/offerings.repository.js';
import { NO_PASSWORD } from '../auth/password.js';
import type { BulkEnrollResponse, BulkRowResult } from './dto/enrollment.response.js';
import { BulkEnrollmentRepository } from './bulk-enrollment.repository.js';
import { EnrollmentErrors } from './enrollments.errors.js';
import { EnrollmentsService } from './enrollments.service.js';
import { auditedUser } from '../users/users.service.js';
import { nameFromEmail, type Nominee, type NomineeRow } from './bulk-rows.js';
import type { Actor } from '../common/auth.decorators.js';

/**
 * Nominations by an admin: each row in a transaction of its own, so a bad row never aborts the good ones.
 * Missing trainees are created without a password and invited to set one. An account someone registered
 * with the address but never verified gets no enrolment (whoever registered it may not own the address):
 * the row says `unverified_account` and the address is invited, so its owner can take the account over.
 * A dry run does exactly the same inside one transaction that is rolled back, each row in a savepoint: every
 * row answers what it would do, seats and waitlist counted as the rows before it left them (and no e-mail goes,
 * since the outbox rows roll back too).
 */
@Injectable()
export class BulkEnrollmentService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enrollments: EnrollmentsService,
    private readonly accounts: BulkEnrollmentRepository,
    private readonly offerings: OfferingsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async enrolAll(offeringId: string, rows: NomineeRow[], actor: Actor, dryRun = false): Promise<BulkEnrollResponse> {
    if (!(await this.offerings.exists(this.db.manager, offeringId))) throw OfferingErrors.notFound();
    if (!dryRun) return summarise(await this.enrolRows(this.db.manager, offeringId, rows, actor, false), false);
    const preview = this.db.createQueryRunner();
    await preview.startTransaction();
    try {
      return summarise(await this.enrolRows(preview.manager, offeringId, rows, actor, true), true);
    } finally {
      await preview.rollbackTransaction();
      await preview.release();
    }
  }

  /** `db.transaction` opens a transaction per row, or a savepoint when `db` is already in one. */
  private async enrolRows(db: EntityManager, offeringId: string, rows: NomineeRow[], actor: Actor, dryRun: boolean): Promise<BulkRowResult[]> {
    const results: BulkRowResult[] = [];
    for (const row of rows) {
      if (!('nominee' in row)) {
        results.push({ row: row.row, email: row.email, outcome: 'error', code: row.code, message: row.message });
        continue;
      }
      results.push(await this.enrolOne(db, offeringId, row.row, row.nominee, actor, dryRun));
    }
    return results;
  }

  private async enrolOne(db: EntityManager, offeringId: string, row: number, nominee: Nominee, actor: Actor, dryRun: boolean): Promise<BulkRowResult> {
    try {
      const done = await db.transaction(async (tx) => {
        let user = await this.accounts.userByEmail(tx, nominee.email);
        // Anyone but an active trainee goes on to the enrolment, which refuses them with its own code.
        const account = nomineeAccount(user && { ...user, hasPassword: user.passwordHash !== NO_PASSWORD });
        if (account === 'unverified') {
          await issueAccountToken(tx, user!.id, 'invite', this.config.jwt.accessSecret);
          return null;
        }
        const userCreated = account === 'create';
        if (!user) {
          const { fullName, ...profile } = nominee;
          user = await this.accounts.createTrainee(tx, { ...profile, fullName: fullName || nameFromEmail(nominee.email), passwordHash: NO_PASSWORD });
        }
        const enrollment = await this.enrollments.enrolIn(tx, offeringId, user.id, true);
        if (userCreated) {
          await issueAccountToken(tx, user.id, 'invite', this.config.jwt.accessSecret);
          // A preview writes no audit record (it would also hold the audit trail's lock until the rollback).
          if (!dryRun) await recordAudit(tx, [{ actorId: actor.id, action: 'user.created', entity: 'user', entityId: user.id, after: auditedUser(user) }], actor.requestId);
        }
        return { enrollment, userCreated };
      });
      if (!done) {
        const { code, message } = EnrollmentErrors.unverifiedAccount();
        return { row, email: nominee.email, outcome: 'unverified_account', code, message };
      }
      const { enrollment, userCreated } = done;
      return { row, email: nominee.email, outcome: 'enrolled', userCreated, enrollment };
    } catch (error) {
      if (error instanceof AppError) return { row, email: nominee.email, outcome: 'error', code: error.code, message: error.message };
      if (isUniqueViolation(error)) {
        // Someone created this user or enrolment at the same moment.
        const conflict = EnrollmentErrors.alreadyExists();
        return { row, email: nominee.email, outcome: 'error', code: conflict.code, message: conflict.message };
      }
      throw error;
    }
  }
}

function summarise(results: BulkRowResult[], dryRun: boolean): BulkEnrollResponse {
  const enrolled = results.filter((r) => r.outcome === 'enrolled');
  return {
    dryRun,
    results,
    summary: {
      rows: results.length,
      enrolled: enrolled.length,
      waitlisted: enrolled.filter((r) => r.enrollment?.status === 'waitlisted').length,
      failed: results.length - enrolled.length,
      usersCreated: results.filter((r) => r.userCreated).length,
    },
  };
}
