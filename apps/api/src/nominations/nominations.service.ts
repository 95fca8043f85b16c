// Nominating: a focal point puts its organisation's candidates forward within the call's window (eligibility
// and parity checked), substitutes or withdraws them; admins read every list and withdraw at any time.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import {
  callIsOpen,
  eligibilityProblems,
  type Eligibility,
  focalPointMayWithdraw,
  isStanding,
  listBreach,
  parityBreach,
  refusedRows,
  substitutionRefusal,
} from '@amahoro/domain/nominations/nomination.rules.js';
import type { AuthUser } from '../common/auth.decorators.js';
import type { Page } from '../common/pagination.js';
import { lockOffering } from '../courses/seats.js';
import { EnrollmentsRepository } from '../enrollments/enrollments.repository.js';
import { EnrollmentsService } from '../enrollments/enrollments.service.js';
import type { CandidateRow } from './candidate-rows.js';
import type { CandidateDto, ListNominationsQuery } from './dto/nomination.dto.js';
import type { NominationResponse, NominationRowResult, SubmitNominationsResponse } from './dto/nomination.response.js';
import { focalOrganisationWithAllocation, visibleNomination } from './nomination-access.js';
import { allocationsOf, existingCourses, findCall } from './nomination-calls.repository.js';
import { NominationErrors } from './nominations.errors.js';
import * as repo from './nominations.repository.js';
import { nominationView } from './nominations.views.js';
import { accountsByEmail } from './nominee-seats.repository.js';
import { withdrawNomination } from './nominee-seats.js';

type Accepted = NominationRowResult & { candidate?: CandidateDto };

/** Stores a candidate with the eligibility problems the call finds in them: the board may still select them. */
async function store(
  tx: EntityManager,
  call: { eligibility: Eligibility },
  courseCodes: ReadonlyMap<string, string>,
  account: { userId: string; completedCourseIds: string[] } | undefined,
  values: { offeringId: string; organisationId: string; candidate: CandidateDto; nominatedBy: string; replacesId?: string },
): Promise<{ id: string; problems: string[] }> {
  const problems = eligibilityProblems({ ...values.candidate, completedCourseIds: account?.completedCourseIds ?? [] }, call.eligibility, courseCodes);
  const id = await repo.insertNomination(tx, { ...values, problems, userId: account?.userId ?? null });
  return { id, problems };
}

@Injectable()
export class NominationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enrollments: EnrollmentsRepository,
    private readonly enrollmentActs: EnrollmentsService,
  ) {}

  /**
   * A focal point's list. Checked as a whole under the call's row lock (one list at a time per call): the
   * window, then the allocation and the parity rule over everything the organisation has standing once this
   * list is in — a breach refuses the list whole. Each row is then stored with its eligibility problems, or
   * reported as an error (an invalid row, a candidate already standing) with nothing stored for it.
   */
  async submit(offeringId: string, rows: CandidateRow[], actor: AuthUser): Promise<SubmitNominationsResponse> {
    const organisationId = await focalOrganisationWithAllocation(this.db, offeringId, actor);
    const results = await this.db.transaction(async (tx) => {
      const call = (await findCall(tx, offeringId, true))!;
      if (!callIsOpen(call, new Date())) throw NominationErrors.callClosed();
      const outcomes = await this.rowOutcomes(tx, offeringId, rows);
      const accepted = outcomes.filter((o) => o.candidate);
      const [allocation] = await allocationsOf(tx, offeringId, organisationId);
      const genders = [...(await repo.standingGenders(tx, offeringId, organisationId)), ...accepted.map((o) => o.candidate!.gender)];
      const breach = listBreach(allocation!.seats, call.parityRule, genders);
      if (breach) throw breach.kind === 'allocation' ? NominationErrors.allocationExceeded(breach.seats, breach.standing) : NominationErrors.parity(breach.reason);

      const accounts = await accountsByEmail(tx, accepted.map((o) => o.email));
      const courseCodes = await existingCourses(tx, call.eligibility.requiredCourseIds ?? []);
      for (const outcome of accepted) {
        const stored = await store(tx, call, courseCodes, accounts.get(outcome.email), { offeringId, organisationId, candidate: outcome.candidate!, nominatedBy: actor.id });
        outcome.nominationId = stored.id;
        if (stored.problems.length > 0) Object.assign(outcome, { outcome: 'ineligible', problems: stored.problems });
        delete outcome.candidate;
      }
      return outcomes as NominationRowResult[];
    });
    const count = (outcome: NominationRowResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
    return { results, summary: { rows: results.length, nominated: count('nominated'), ineligible: count('ineligible'), failed: count('error') } };
  }

  /** Each row of a list: an error (invalid, twice in the list, already standing), or a candidate to nominate. */
  private async rowOutcomes(tx: EntityManager, offeringId: string, rows: CandidateRow[]): Promise<Accepted[]> {
    const valid = rows.filter((row) => 'candidate' in row);
    const refusals = refusedRows(valid.map((row) => row.email), await repo.alreadyStanding(tx, offeringId, rows.map((r) => r.email)));
    const refusalOf = new Map(valid.map((row, index) => [row, refusals[index]]));
    return rows.map((row) => {
      if ('problems' in row) {
        const { code, message } = NominationErrors.invalidRow(row.problems.join('; '));
        return { row: row.row, email: row.email, outcome: 'error', code, message, problems: row.problems };
      }
      const refusal = refusalOf.get(row);
      if (refusal) {
        const { code, message } = refusal === 'duplicate_row' ? NominationErrors.duplicateRow() : NominationErrors.alreadyNominated();
        return { row: row.row, email: row.email, outcome: 'error', code, message };
      }
      return { row: row.row, email: row.email, outcome: 'nominated', candidate: { ...row.candidate, email: row.email } };
    });
  }

  async list(offeringId: string, query: ListNominationsQuery, actor: AuthUser): Promise<Page<NominationResponse>> {
    let organisationId = query.organisationId;
    if (actor.role === 'focal_point') organisationId = await focalOrganisationWithAllocation(this.db, offeringId, actor);
    else if (!(await findCall(this.db, offeringId))) throw NominationErrors.callNotFound();
    const { items, total } = await repo.listNominations(this.db, offeringId, { status: query.status, organisationId }, { limit: query.limit, offset: query.offset });
    return { items: items.map(nominationView), total, page: query.page, limit: query.limit };
  }

  async get(id: string, actor: AuthUser): Promise<NominationResponse> {
    return nominationView(await visibleNomination(this.db, id, actor));
  }

  /** Before closesAt, a focal point replaces a standing, undecided candidate; the list must still keep the parity rule. */
  async substitute(id: string, candidate: CandidateDto, actor: AuthUser): Promise<NominationResponse> {
    const newId = await this.db.transaction(async (tx) => {
      const old = await visibleNomination(tx, id, actor);
      const call = (await findCall(tx, old.offeringId, true))!;
      if (!callIsOpen(call, new Date())) throw NominationErrors.callClosed();
      const current = (await repo.findNomination(tx, id, true))!;
      const refusal = substitutionRefusal(current.status);
      if (refusal) throw refusal === 'not_standing' ? NominationErrors.notStanding(current.status) : NominationErrors.decided(current.status);
      const email = candidate.email.toLowerCase();
      if (email !== current.email && (await repo.alreadyStanding(tx, old.offeringId, [email])).size > 0) throw NominationErrors.alreadyNominated();
      const breach = parityBreach(call.parityRule, [...(await repo.standingGenders(tx, old.offeringId, old.organisationId, id)), candidate.gender]);
      if (breach) throw NominationErrors.parity(breach);
      await repo.setNominationStatus(tx, id, 'substituted');
      const account = (await accountsByEmail(tx, [email])).get(email);
      const courseCodes = await existingCourses(tx, call.eligibility.requiredCourseIds ?? []);
      const { id: created } = await store(tx, call, courseCodes, account, { offeringId: old.offeringId, organisationId: old.organisationId, candidate: { ...candidate, email }, nominatedBy: actor.id, replacesId: id });
      await recordAudit(tx, [{ actorId: actor.id, action: 'nomination.substituted', entity: 'nomination', entityId: id, before: { email: current.email }, after: { by: created, email } }], actor.requestId);
      return created;
    });
    return this.get(newId, actor);
  }

  /**
   * A focal point withdraws its candidate until closesAt; an admin at any time. A selected candidate's
   * enrolment is withdrawn with it, and the seat goes to the organisation's first alternate.
   */
  async withdraw(id: string, actor: AuthUser): Promise<NominationResponse> {
    await this.db.transaction(async (tx) => {
      const found = await visibleNomination(tx, id, actor);
      const call = (await findCall(tx, found.offeringId))!;
      if (actor.role === 'focal_point' && !focalPointMayWithdraw(call, new Date())) throw NominationErrors.callClosed();
      // The nomination's lock before the offering's, in the order a decision takes them.
      const nomination = (await repo.findNomination(tx, id, true))!;
      if (!isStanding(nomination.status)) throw NominationErrors.notStanding(nomination.status);
      const offering = (await lockOffering(tx, found.offeringId))!;
      const enrollment = nomination.status === 'selected' && nomination.enrollmentId ? await this.enrollments.find(tx, nomination.enrollmentId) : null;
      // Withdrawn as the trainee's own withdrawal would be; the seat it frees withdraws the nomination and goes to an alternate (NomineeSeats).
      if (enrollment?.status === 'approved') return this.enrollmentActs.actIn(tx, offering, enrollment, 'withdraw', actor, { audited: { nominationId: id } });
      await withdrawNomination(tx, nomination, actor);
    });
    return this.get(id, actor);
  }
}
