// Nominations end to end: organisations and their focal points, the call per offering, lists put forward by
// focal points (eligibility and parity), the selection board's decisions and balance, the funnel report.
// A focal point sees only its own organisation: anything else answers 404, as if it did not exist.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '@amahoro/config/config.module.js';
import type { AppConfig } from '@amahoro/config/config.js';
import { recordAudit } from '@amahoro/database/audit/audit-log.js';
import {
  callIsOpen,
  canDecide,
  eligibilityProblems,
  parityBreach,
  selectionBalance,
  type SelectionOutcome,
} from '@amahoro/domain/nominations/nomination.rules.js';
import { issueAccountToken } from '@amahoro/notifications/account-tokens.js';
import { AppError } from '../common/app-error.js';
import type { AuthUser } from '../common/auth.decorators.js';
import type { CsvCell } from '../common/csv.js';
import type { Page } from '../common/pagination.js';
import { isUniqueViolation } from '../common/sql.js';
import { OfferingErrors } from '../courses/courses.errors.js';
import { EnrollmentErrors } from '../enrollments/enrollments.errors.js';
import { lockOffering } from '../courses/seats.js';
import type { CandidateRow } from './candidate-rows.js';
import type {
  CandidateDto,
  CreateFocalPointDto,
  CreateOrganisationDto,
  DecisionDto,
  FunnelQuery,
  ListNominationsQuery,
  NominationCallDto,
  UpdateOrganisationDto,
} from './dto/nominations.dto.js';
import type {
  BalanceResponse,
  DecisionResult,
  FocalPointResponse,
  FunnelGroup,
  FunnelReport,
  NominationCallResponse,
  NominationResponse,
  NominationRowResult,
  OrganisationResponse,
  SubmitNominationsResponse,
} from './dto/nominations.response.js';
import { ReportErrors } from '../reports/reports.errors.js';
import { NominationErrors } from './nominations.errors.js';
import * as repo from './nominations.repository.js';
import { accountFor, handOverSeat, recordOutcome, seatNominee } from './nominee-seats.js';

function organisationView(o: repo.Organisation): OrganisationResponse {
  return { id: o.id, name: o.name, country: o.country ?? undefined, kind: o.kind, focalPoints: o.focalPoints, createdAt: o.createdAt.toISOString() };
}

function nominationView(n: repo.Nomination): NominationResponse {
  return {
    id: n.id,
    offeringId: n.offeringId,
    organisationId: n.organisationId,
    status: n.status,
    candidate: {
      email: n.email,
      fullName: n.fullName,
      gender: n.gender,
      nationality: n.nationality,
      category: n.category,
      rank: n.rank ?? undefined,
      position: n.position ?? undefined,
      languages: n.languages,
    },
    priority: n.priority ?? undefined,
    problems: n.problems,
    nominatedBy: n.nominatedBy,
    enrollmentId: n.enrollmentId ?? undefined,
    replacesId: n.replacesId ?? undefined,
    createdAt: n.createdAt.toISOString(),
    decidedAt: n.decidedAt?.toISOString(),
    note: n.note ?? undefined,
  };
}

function callView(call: repo.NominationCall, allocations: repo.Allocation[]): NominationCallResponse {
  return {
    offeringId: call.offeringId,
    courseTitle: call.courseTitle,
    startsOn: call.startsOn,
    endsOn: call.endsOn,
    opensAt: call.opensAt.toISOString(),
    closesAt: call.closesAt.toISOString(),
    open: !call.cancelled && callIsOpen(call, new Date()),
    parity: { rule: call.parityRule, targetWomenPercent: call.targetWomenPercent ?? undefined },
    eligibility: call.eligibility,
    allocations,
  };
}

/** The funnel as CSV lines: the total first, then each group of each breakdown. */
export function funnelCsvLines(report: FunnelReport): CsvCell[][] {
  const columns = ['nominated', 'selected', 'enrolled', 'completed', 'certified'] as const;
  const lines: CsvCell[][] = [['breakdown', 'group', ...columns], ['total', 'all', ...columns.map((c) => report.total[c])]];
  for (const [breakdown, groups] of [['gender', report.byGender], ['nationality', report.byNationality], ['organisation', report.byOrganisation]] as const) {
    for (const group of groups) lines.push([breakdown, group.group, ...columns.map((c) => group[c])]);
  }
  return lines;
}

@Injectable()
export class NominationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Organisations and focal points

  async createOrganisation(dto: CreateOrganisationDto, actor: AuthUser): Promise<OrganisationResponse> {
    const id = await this.db.transaction(async (tx) => {
      const created = await repo.insertOrganisation(tx, { name: dto.name, country: dto.country ?? null, kind: dto.kind }).catch((error: unknown) => {
        throw isUniqueViolation(error) ? NominationErrors.organisationNameTaken() : error;
      });
      await recordAudit(tx, [{ actorId: actor.id, action: 'organisation.created', entity: 'organisation', entityId: created, after: dto }]);
      return created;
    });
    return organisationView((await repo.findOrganisation(this.db, id))!);
  }

  async listOrganisations(actor: AuthUser, page: { limit: number; offset: number; page: number }): Promise<Page<OrganisationResponse>> {
    if (actor.role === 'focal_point') {
      const own = await repo.findOrganisation(this.db, (await repo.organisationOf(this.db, actor.id))!);
      return { items: own ? [organisationView(own)] : [], total: own ? 1 : 0, page: 1, limit: page.limit };
    }
    const { items, total } = await repo.listOrganisations(this.db, page);
    return { items: items.map(organisationView), total, page: page.page, limit: page.limit };
  }

  async getOrganisation(id: string, actor: AuthUser): Promise<OrganisationResponse> {
    if (actor.role === 'focal_point' && (await repo.organisationOf(this.db, actor.id)) !== id) throw NominationErrors.organisationNotFound();
    const found = await repo.findOrganisation(this.db, id);
    if (!found) throw NominationErrors.organisationNotFound();
    return organisationView(found);
  }

  async updateOrganisation(id: string, dto: UpdateOrganisationDto, actor: AuthUser): Promise<OrganisationResponse> {
    await this.db.transaction(async (tx) => {
      const before = await repo.findOrganisation(tx, id);
      if (!before) throw NominationErrors.organisationNotFound();
      await repo.updateOrganisation(tx, id, dto).catch((error: unknown) => {
        throw isUniqueViolation(error) ? NominationErrors.organisationNameTaken() : error;
      });
      await recordAudit(tx, [{ actorId: actor.id, action: 'organisation.updated', entity: 'organisation', entityId: id, before: { name: before.name, country: before.country, kind: before.kind }, after: dto }]);
    });
    return this.getOrganisation(id, actor);
  }

  /** A focal point: an account tied to the organisation, without a password, invited by e-mail to set one. */
  async addFocalPoint(organisationId: string, dto: CreateFocalPointDto, actor: AuthUser): Promise<FocalPointResponse> {
    const email = dto.email.toLowerCase();
    const id = await this.db.transaction(async (tx) => {
      const organisation = await repo.findOrganisation(tx, organisationId);
      if (!organisation) throw NominationErrors.organisationNotFound();
      const userId = await repo
        .insertFocalPoint(tx, { email, fullName: dto.fullName, organisationId, preferredLanguage: dto.preferredLanguage ?? 'en', country: organisation.country, organisationName: organisation.name })
        .catch((error: unknown) => {
          throw isUniqueViolation(error) ? NominationErrors.focalPointEmailTaken() : error;
        });
      await issueAccountToken(tx, userId, 'invite', this.config.jwt.accessSecret);
      await recordAudit(tx, [{ actorId: actor.id, action: 'user.created', entity: 'user', entityId: userId, after: { email, fullName: dto.fullName, role: 'focal_point', organisationId } }]);
      return userId;
    });
    return { id, email, fullName: dto.fullName, role: 'focal_point', organisationId };
  }

  // The call for nominations

  async saveCall(offeringId: string, dto: NominationCallDto, actor: AuthUser): Promise<NominationCallResponse> {
    if (new Date(dto.opensAt) >= new Date(dto.closesAt)) throw NominationErrors.callInvalid('opensAt must be before closesAt');
    const organisationIds = dto.allocations.map((a) => a.organisationId);
    if (new Set(organisationIds).size !== organisationIds.length) throw NominationErrors.callInvalid('an organisation appears twice in allocations');
    const eligibility = dto.eligibility ?? {};
    await this.db.transaction(async (tx) => {
      if (!(await lockOffering(tx, offeringId))) throw OfferingErrors.notFound();
      const known = await repo.existingOrganisations(tx, organisationIds);
      const unknown = organisationIds.filter((id) => !known.has(id));
      if (unknown.length > 0) throw NominationErrors.callInvalid(`unknown organisations: ${unknown.join(', ')}`);
      const courses = await repo.existingCourses(tx, eligibility.requiredCourseIds ?? []);
      const missing = (eligibility.requiredCourseIds ?? []).filter((id) => !courses.has(id));
      if (missing.length > 0) throw NominationErrors.callInvalid(`unknown courses in requiredCourseIds: ${missing.join(', ')}`);
      const call = { opensAt: dto.opensAt, closesAt: dto.closesAt, parityRule: dto.parity.rule, targetWomenPercent: dto.parity.targetWomenPercent ?? null, eligibility, allocations: dto.allocations };
      await repo.saveCall(tx, offeringId, call);
      await recordAudit(tx, [{ actorId: actor.id, action: 'nomination.call_saved', entity: 'offering', entityId: offeringId, after: call }]);
    });
    return this.getCall(offeringId, actor);
  }

  /** Admins see every allocation; a focal point sees the call only with an allocation, and only its own. */
  async getCall(offeringId: string, actor: AuthUser): Promise<NominationCallResponse> {
    const call = await repo.findCall(this.db, offeringId);
    if (!call) throw NominationErrors.callNotFound();
    if (actor.role === 'admin') return callView(call, await repo.allocationsOf(this.db, offeringId));
    const own = await repo.allocationsOf(this.db, offeringId, (await repo.organisationOf(this.db, actor.id)) ?? undefined);
    if (actor.role !== 'focal_point' || own.length === 0) throw NominationErrors.callNotFound();
    return callView(call, own);
  }

  async myCalls(actor: AuthUser): Promise<NominationCallResponse[]> {
    const organisationId = (await repo.organisationOf(this.db, actor.id))!;
    const calls = await repo.openCallsFor(this.db, organisationId);
    return Promise.all(calls.map(async (call) => callView(call, await repo.allocationsOf(this.db, call.offeringId, organisationId))));
  }

  // Nominating

  /**
   * A focal point's list. Checked as a whole under the call's row lock (one list at a time per call): the
   * window, then the allocation and the parity rule over everything the organisation has standing once this
   * list is in — a breach refuses the list whole. Each row is then stored with its eligibility problems, or
   * reported as an error (an invalid row, a candidate already standing) with nothing stored for it.
   */
  async submit(offeringId: string, rows: CandidateRow[], actor: AuthUser): Promise<SubmitNominationsResponse> {
    const organisationId = await this.focalOrganisationWithAllocation(offeringId, actor);
    const results = await this.db.transaction(async (tx) => {
      const call = (await repo.findCall(tx, offeringId, true))!;
      if (call.cancelled || !callIsOpen(call, new Date())) throw NominationErrors.callClosed();
      const standing = await repo.alreadyStanding(tx, offeringId, rows.map((r) => r.email));
      const seen = new Set<string>();
      const outcomes: Array<NominationRowResult & { candidate?: CandidateDto }> = rows.map((row) => {
        if ('problems' in row) return { row: row.row, email: row.email, outcome: 'error', code: 'NOMINATION_INVALID_ROW', message: row.problems.join('; '), problems: row.problems };
        const error = seen.has(row.email) ? NominationErrors.duplicateRow() : standing.has(row.email) ? NominationErrors.alreadyNominated() : null;
        seen.add(row.email);
        if (error) return { row: row.row, email: row.email, outcome: 'error', code: error.code, message: error.message };
        return { row: row.row, email: row.email, outcome: 'nominated', candidate: { ...row.candidate, email: row.email } };
      });
      const accepted = outcomes.filter((o) => o.candidate);
      const [allocation] = await repo.allocationsOf(tx, offeringId, organisationId);
      const genders = [...(await repo.standingGenders(tx, offeringId, organisationId)), ...accepted.map((o) => o.candidate!.gender)];
      if (genders.length > allocation!.seats) throw NominationErrors.allocationExceeded(allocation!.seats, genders.length);
      const breach = parityBreach(call.parityRule, genders);
      if (breach) throw NominationErrors.parity(breach);

      const accounts = await repo.accountsByEmail(tx, accepted.map((o) => o.email));
      const courseCodes = await repo.existingCourses(tx, call.eligibility.requiredCourseIds ?? []);
      for (const outcome of accepted) {
        const candidate = outcome.candidate!;
        const account = accounts.get(outcome.email);
        const problems = eligibilityProblems({ ...candidate, completedCourseIds: account?.completedCourseIds ?? [] }, call.eligibility, courseCodes);
        outcome.nominationId = await repo.insertNomination(tx, { offeringId, organisationId, candidate, problems, userId: account?.userId ?? null, nominatedBy: actor.id });
        if (problems.length > 0) Object.assign(outcome, { outcome: 'ineligible', problems });
        delete outcome.candidate;
      }
      return outcomes as NominationRowResult[];
    });
    return {
      results,
      summary: {
        rows: results.length,
        nominated: results.filter((r) => r.outcome === 'nominated').length,
        ineligible: results.filter((r) => r.outcome === 'ineligible').length,
        failed: results.filter((r) => r.outcome === 'error').length,
      },
    };
  }

  async list(offeringId: string, query: ListNominationsQuery, actor: AuthUser): Promise<Page<NominationResponse>> {
    let organisationId = query.organisationId;
    if (actor.role === 'focal_point') organisationId = await this.focalOrganisationWithAllocation(offeringId, actor);
    else if (!(await repo.findCall(this.db, offeringId))) throw NominationErrors.callNotFound();
    const { items, total } = await repo.listNominations(this.db, offeringId, { status: query.status, organisationId }, { limit: query.limit, offset: query.offset });
    return { items: items.map(nominationView), total, page: query.page, limit: query.limit };
  }

  async get(id: string, actor: AuthUser): Promise<NominationResponse> {
    return nominationView(await this.visible(this.db, id, actor));
  }

  /** Before closesAt, a focal point replaces a standing, undecided candidate; the list must still keep the parity rule. */
  async substitute(id: string, candidate: CandidateDto, actor: AuthUser): Promise<NominationResponse> {
    const newId = await this.db.transaction(async (tx) => {
      const old = await this.visible(tx, id, actor);
      const call = (await repo.findCall(tx, old.offeringId, true))!;
      if (call.cancelled || !callIsOpen(call, new Date())) throw NominationErrors.callClosed();
      const current = (await repo.findNomination(tx, id, true))!;
      if (current.status !== 'nominated') throw current.status === 'withdrawn' || current.status === 'substituted' ? NominationErrors.notStanding(current.status) : NominationErrors.decided(current.status);
      const email = candidate.email.toLowerCase();
      if (email !== current.email && (await repo.alreadyStanding(tx, old.offeringId, [email])).size > 0) throw NominationErrors.alreadyNominated();
      const breach = parityBreach(call.parityRule, [...(await repo.standingGenders(tx, old.offeringId, old.organisationId, id)), candidate.gender]);
      if (breach) throw NominationErrors.parity(breach);
      await repo.setNominationStatus(tx, id, 'substituted');
      const account = (await repo.accountsByEmail(tx, [email])).get(email);
      const problems = eligibilityProblems({ ...candidate, completedCourseIds: account?.completedCourseIds ?? [] }, call.eligibility, await repo.existingCourses(tx, call.eligibility.requiredCourseIds ?? []));
      const created = await repo.insertNomination(tx, {
        offeringId: old.offeringId,
        organisationId: old.organisationId,
        candidate: { ...candidate, email },
        problems,
        userId: account?.userId ?? null,
        nominatedBy: actor.id,
        replacesId: id,
      });
      await recordAudit(tx, [{ actorId: actor.id, action: 'nomination.substituted', entity: 'nomination', entityId: id, before: { email: current.email }, after: { by: created, email } }]);
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
      const found = await this.visible(tx, id, actor);
      const call = (await repo.findCall(tx, found.offeringId))!;
      if (actor.role === 'focal_point' && new Date() >= call.closesAt) throw NominationErrors.callClosed();
      // The nomination's lock before the offering's, in the order a decision takes them.
      const nomination = (await repo.findNomination(tx, id, true))!;
      if (nomination.status === 'withdrawn' || nomination.status === 'substituted') throw NominationErrors.notStanding(nomination.status);
      const offering = (await lockOffering(tx, found.offeringId))!;
      if (nomination.status === 'selected' && nomination.enrollmentId && (await repo.enrollmentStatusOf(tx, nomination.enrollmentId)) === 'approved') {
        await tx.query(`UPDATE enrollments SET status = 'withdrawn', updated_at = now() WHERE id = $1`, [nomination.enrollmentId]);
        await tx.query('UPDATE offerings SET seats_taken = seats_taken - 1, updated_at = now() WHERE id = $1', [offering.id]);
        offering.seatsTaken -= 1;
        await recordAudit(tx, [{ actorId: actor.id, action: 'enrollment.withdrawn', entity: 'enrollment', entityId: nomination.enrollmentId, before: { status: 'approved' }, after: { status: 'withdrawn', nominationId: id } }]);
        await handOverSeat(tx, offering, nomination, actor.id, this.config.jwt.accessSecret);
        return;
      }
      await repo.setNominationStatus(tx, id, 'withdrawn');
      await recordAudit(tx, [{ actorId: actor.id, action: 'nomination.withdrawn', entity: 'nomination', entityId: id, before: { status: nomination.status }, after: { status: 'withdrawn' } }]);
    });
    return this.get(id, actor);
  }

  // The selection board

  /** Each decision in a transaction of its own, so a full offering or a bad row never undoes the others. */
  async decide(offeringId: string, decisions: DecisionDto[], actor: AuthUser): Promise<DecisionResult[]> {
    if (!(await repo.findCall(this.db, offeringId))) throw NominationErrors.callNotFound();
    const results: DecisionResult[] = [];
    for (const [index, decision] of decisions.entries()) {
      const row = index + 1;
      try {
        results.push({ row, ...(await this.db.transaction((tx) => this.decideOne(tx, offeringId, decision, actor))) });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const status = error.kind === 'not_found' ? 404 : error.kind === 'invalid' ? 400 : 409;
        results.push({ row, nominationId: decision.nominationId, outcome: 'error', status, code: error.code, message: error.message });
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
    const nomination = await repo.findNomination(tx, decision.nominationId, true);
    if (!nomination || nomination.offeringId !== offeringId) throw NominationErrors.notFound();
    const outcome: SelectionOutcome = decision.outcome;
    if (!canDecide(nomination.status, outcome)) throw NominationErrors.invalidDecision(nomination.status, outcome);
    if (nomination.status === outcome && outcome === 'selected') return { nominationId: nomination.id, outcome, enrollmentId: nomination.enrollmentId ?? undefined };
    const note = decision.note ?? null;
    let placed: { enrollmentId?: string; userId?: string; userCreated?: boolean } = {};
    if (outcome === 'selected') {
      if (await repo.offeringIsFull(tx, offeringId)) throw EnrollmentErrors.offeringFull();
      const account = await accountFor(tx, nomination, actor.id, this.config.jwt.accessSecret);
      // The invitation just written must reach the owner of the address even though no seat is given.
      if ('unverified' in account) return { nominationId: nomination.id, outcome: 'unverified_account', status: 409, code: EnrollmentErrors.unverifiedAccount().code, message: EnrollmentErrors.unverifiedAccount().message };
      const offering = (await lockOffering(tx, offeringId))!;
      placed = { ...account, enrollmentId: await seatNominee(tx, offering, account.userId) };
    }
    await repo.setNominationStatus(tx, nomination.id, outcome, { by: actor.id, note, enrollmentId: placed.enrollmentId ?? null, userId: placed.userId ?? null });
    await recordOutcome(tx, nomination, outcome, note);
    await recordAudit(tx, [
      { actorId: actor.id, action: `nomination.${outcome}`, entity: 'nomination', entityId: nomination.id, before: { status: nomination.status }, after: { status: outcome, note, enrollmentId: placed.enrollmentId } },
    ]);
    return { nominationId: nomination.id, outcome, enrollmentId: placed.enrollmentId, userCreated: placed.userCreated };
  }

  async balance(offeringId: string): Promise<BalanceResponse> {
    const call = await repo.findCall(this.db, offeringId);
    if (!call) throw NominationErrors.callNotFound();
    const allocations = await repo.allocationsOf(this.db, offeringId);
    const [{ seats_taken }]: Array<{ seats_taken: number }> = await this.db.query('SELECT seats_taken FROM offerings WHERE id = $1', [offeringId]);
    const balance = selectionBalance(await repo.balanceRows(this.db, offeringId), allocations, call.targetWomenPercent);
    const names = new Map(allocations.map((a) => [a.organisationId, a.organisationName]));
    return {
      offeringId,
      capacity: call.capacity,
      seatsTaken: seats_taken,
      ...balance,
      allocations: balance.allocations.map((a) => ({ ...a, organisationName: names.get(a.organisationId)! })),
    };
  }

  // The funnel

  async funnel(query: FunnelQuery): Promise<FunnelReport> {
    if (query.offeringId && !(await this.db.query('SELECT 1 FROM offerings WHERE id = $1', [query.offeringId])).length) throw OfferingErrors.notFound();
    if (query.from && query.to && query.from > query.to) throw ReportErrors.invalidRange();
    const rows = await repo.funnel(this.db, query);
    const figures = (r?: repo.FunnelRow) => ({ nominated: r?.nominated ?? 0, selected: r?.selected ?? 0, enrolled: r?.enrolled ?? 0, completed: r?.completed ?? 0, certified: r?.certified ?? 0 });
    const groups = (dimension: repo.FunnelRow['dimension']): FunnelGroup[] => rows.filter((r) => r.dimension === dimension).map((r) => ({ group: r.grp, ...figures(r) }));
    return {
      from: query.from,
      to: query.to,
      offeringId: query.offeringId,
      total: figures(rows.find((r) => r.dimension === 'total')),
      byGender: groups('gender'),
      byNationality: groups('nationality'),
      byOrganisation: groups('organisation'),
    };
  }

  // Access

  /** The focal point's organisation, when it has an allocation in this offering's call; else 404. */
  private async focalOrganisationWithAllocation(offeringId: string, actor: AuthUser): Promise<string> {
    const organisationId = await repo.organisationOf(this.db, actor.id);
    if (!organisationId || (await repo.allocationsOf(this.db, offeringId, organisationId)).length === 0) throw NominationErrors.callNotFound();
    return organisationId;
  }

  /** Admins see every nomination; a focal point its own organisation's; to anyone else it does not exist. */
  private async visible(db: EntityManager | DataSource, id: string, actor: AuthUser): Promise<repo.Nomination> {
    const found = await repo.findNomination(db, id);
    if (!found) throw NominationErrors.notFound();
    if (actor.role === 'admin') return found;
    if (actor.role === 'focal_point' && (await repo.organisationOf(db, actor.id)) === found.organisationId) return found;
    throw NominationErrors.notFound();
  }
}
