// The selection board: its decisions on each nomination (a selection seats the nominee) and the balance of
// the cohort it is forming.
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isTransientConflict } from '@amahoro/config/dependencies.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import { decisionEffect } from '@amahoro/domain/nominations/nomination.rules.js';
import { selectionBalance } from '@amahoro/domain/nominations/selection-balance.rules.js';
import { AppError, STATUS_BY_KIND } from '../common/app-error.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { TRANSACTION_CONFLICT } from '../common/http-exception.filter.js';
import { EnrollmentErrors } from '../enrollments/enrollments.errors.js';
import { lockOffering } from '../courses/seats.js';
import type { DecisionDto } from './dto/selection.dto.js';
import type { BalanceResponse, DecisionResult } from './dto/selection.response.js';
import { allocationsOf, findCall } from './nomination-calls.repository.js';
import { NominationErrors } from './nominations.errors.js';
import { balanceRows, findNomination, setNominationStatus } from './nominations.repository.js';
import { offeringIsFull, seatsTaken } from './nominee-seats.repository.js';
import { NomineeSeats } from './nominee-seats.js';

const DECISION_COLLIDED = 'This decision collided with another change made at the same moment and was not recorded; send it again';

@Injectable()
export class SelectionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly seats: NomineeSeats,
  ) {}

  /**
   * Each decision in a transaction of its own, so a full offering or a bad row never undoes the others. One that
   * collides with a concurrent transaction (rolled back whole) is its row's 503: the rows before it stay decided,
   * the rows after it are still decided, and the board sends that one again.
   */
  async decide(offeringId: string, decisions: DecisionDto[], actor: AuthUser): Promise<DecisionResult[]> {
    if (!(await findCall(this.db, offeringId))) throw NominationErrors.callNotFound();
    const results: DecisionResult[] = [];
    for (const [index, decision] of decisions.entries()) {
      const row = index + 1;
      try {
        results.push({ row, ...(await this.db.transaction((tx) => this.decideOne(tx, offeringId, decision, actor))) });
      } catch (error) {
        if (isTransientConflict(error)) {
          results.push({ row, nominationId: decision.nominationId, outcome: 'error', status: HttpStatus.SERVICE_UNAVAILABLE, code: TRANSACTION_CONFLICT, message: DECISION_COLLIDED });
          continue;
        }
        if (!(error instanceof AppError)) throw error;
        results.push({ row, nominationId: decision.nominationId, outcome: 'error', status: STATUS_BY_KIND[error.kind], code: error.code, message: error.message });
      }
    }
    return results;
  }

  /**
   * The nomination's lock first, then — for a selection — the account (found, or created and invited), and
   * only then the offering's lock, held for the seat itself: concurrent selections queue on it for as short a
   * time as possible. A full offering is seen before any account is made; under the lock it is checked again.
   */
  private async decideOne(tx: EntityManager, offeringId: string, decision: DecisionDto, actor: AuthUser): Promise<Omit<DecisionResult, 'row'>> {
    const nomination = await findNomination(tx, decision.nominationId, true);
    if (!nomination || nomination.offeringId !== offeringId) throw NominationErrors.notFound();
    const outcome = decision.outcome;
    const effect = decisionEffect(nomination.status, outcome);
    if (effect === 'refused') throw NominationErrors.invalidDecision(nomination.status, outcome);
    if (effect === 'unchanged') return { nominationId: nomination.id, outcome, enrollmentId: nomination.enrollmentId ?? undefined };
    const note = decision.note ?? null;
    let placed: { enrollmentId?: string; userId?: string; userCreated?: boolean } = {};
    if (outcome === 'selected') {
      if (await offeringIsFull(tx, offeringId)) throw EnrollmentErrors.offeringFull();
      const account = await this.seats.accountFor(tx, nomination, actor);
      // The invitation just written must reach the owner of the address even though no seat is given.
      if ('unverified' in account) {
        const { code, message } = EnrollmentErrors.unverifiedAccount();
        return { nominationId: nomination.id, outcome: 'unverified_account', status: 409, code, message };
      }
      const offering = (await lockOffering(tx, offeringId))!;
      placed = { ...account, enrollmentId: await this.seats.seatNominee(tx, offering, account.userId) };
    }
    await setNominationStatus(tx, nomination.id, outcome, { by: actor.id, note, enrollmentId: placed.enrollmentId ?? null, userId: placed.userId ?? null });
    await this.seats.recordOutcome(tx, nomination, outcome, note);
    await recordAudit(tx, [
      { actorId: actor.id, action: `nomination.${outcome}`, entity: 'nomination', entityId: nomination.id, before: { status: nomination.status }, after: { status: outcome, note, enrollmentId: placed.enrollmentId } },
    ], actor.requestId);
    return { nominationId: nomination.id, outcome, enrollmentId: placed.enrollmentId, userCreated: placed.userCreated };
  }

  async balance(offeringId: string): Promise<BalanceResponse> {
    const call = await findCall(this.db, offeringId);
    if (!call) throw NominationErrors.callNotFound();
    const allocations = await allocationsOf(this.db, offeringId);
    const balance = selectionBalance(await balanceRows(this.db, offeringId), allocations, call.targetWomenPercent);
    const names = new Map(allocations.map((a) => [a.organisationId, a.organisationName]));
    return {
      offeringId,
      capacity: call.capacity,
      seatsTaken: await seatsTaken(this.db, offeringId),
      ...balance,
      allocations: balance.allocations.map((a) => ({ ...a, organisationName: names.get(a.organisationId)! })),
    };
  }
}
