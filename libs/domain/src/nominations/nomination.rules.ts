// How an academy fills a course through nominations: when a call takes lists, who may stand (eligibility),
// what a nominating authority's list must look like (allocation, parity), and what the selection board may
// decide. Plain rules, no framework; the cohort's balance is in selection-balance.rules.ts.
import type { Gender, ParticipantCategory } from '../users/user.types.js';

export const ORGANISATION_KINDS = [
  'ministry_of_defence',
  'police',
  'ministry_of_foreign_affairs',
  'ministry_of_interior',
  'regional_body',
  'un_entity',
  'ngo',
  'academy',
  'other',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const PARITY_RULES = ['none', 'at_least_one_woman', 'women_at_least_men'] as const;
export type ParityRule = (typeof PARITY_RULES)[number];

export const NOMINATION_STATUSES = ['nominated', 'selected', 'alternate', 'not_selected', 'withdrawn', 'substituted'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

export const SELECTION_OUTCOMES = ['selected', 'alternate', 'not_selected'] as const;
export type SelectionOutcome = (typeof SELECTION_OUTCOMES)[number];

/** A withdrawn or substituted candidate no longer stands (SQL states it as the predicate of a partial index). */
export const NOT_STANDING_STATUSES = ['withdrawn', 'substituted'] as const satisfies readonly NominationStatus[];

/** A candidate still standing counts against the allocation and in the parity check. */
export function isStanding(status: NominationStatus): boolean {
  return !(NOT_STANDING_STATUSES as readonly NominationStatus[]).includes(status);
}

export interface Eligibility {
  categories?: ParticipantCategory[];
  ranks?: string[];
  /** ISO 639-1 working languages; a candidate needs one of them. */
  languages?: string[];
  requiredCourseIds?: string[];
}

export interface CandidateFacts {
  category: ParticipantCategory;
  rank?: string | null;
  languages?: readonly string[];
  /** Courses the candidate's account has completed (none without an account). */
  completedCourseIds: readonly string[];
}

/**
 * Why a candidate does not meet the call's eligibility rules, in words for the board; empty when eligible.
 * An ineligible candidate is still nominated: the board may decide otherwise.
 */
export function eligibilityProblems(candidate: CandidateFacts, rules: Eligibility, courseCodes: ReadonlyMap<string, string> = new Map()): string[] {
  const problems: string[] = [];
  if (rules.categories?.length && !rules.categories.includes(candidate.category)) {
    problems.push(`category ${candidate.category} is not among ${rules.categories.join(', ')}`);
  }
  if (rules.ranks?.length) {
    const rank = candidate.rank?.trim().toLowerCase();
    if (!rank) problems.push(`no rank given; the call asks for ${rules.ranks.join(', ')}`);
    else if (!rules.ranks.some((allowed) => allowed.trim().toLowerCase() === rank)) problems.push(`rank ${candidate.rank} is not among ${rules.ranks.join(', ')}`);
  }
  if (rules.languages?.length) {
    const spoken = (candidate.languages ?? []).map((l) => l.toLowerCase());
    if (!rules.languages.some((language) => spoken.includes(language.toLowerCase()))) {
      problems.push(`no working language among ${rules.languages.join(', ')}`);
    }
  }
  const missing = (rules.requiredCourseIds ?? []).filter((id) => !candidate.completedCourseIds.includes(id));
  if (missing.length > 0) problems.push(`has not completed ${missing.map((id) => courseCodes.get(id) ?? id).join(', ')}`);
  return problems;
}

/** What the parity rule asks, in words: the message of a refusal names it. */
export function describeParity(rule: ParityRule): string {
  switch (rule) {
    case 'none':
      return 'no parity rule';
    case 'at_least_one_woman':
      return 'at_least_one_woman: the list must include at least one woman';
    case 'women_at_least_men':
      return 'women_at_least_men: the list must have at least as many women as men';
  }
}

/**
 * Whether an organisation's list (every candidate it has standing once this submission is in) keeps the
 * rule. Returns null when it does, else the reason. An empty list breaks nothing.
 */
export function parityBreach(rule: ParityRule, genders: readonly Gender[]): string | null {
  if (rule === 'none' || genders.length === 0) return null;
  const women = genders.filter((g) => g === 'female').length;
  const men = genders.filter((g) => g === 'male').length;
  if (rule === 'at_least_one_woman' && women === 0) return `${describeParity(rule)} (it has none)`;
  if (rule === 'women_at_least_men' && women < men) return `${describeParity(rule)} (it has ${women} women and ${men} men)`;
  return null;
}

/** Why a list cannot stand whole: more candidates than the allocation, or a parity breach (checked in that order). */
export type ListBreach = { kind: 'allocation'; seats: number; standing: number } | { kind: 'parity'; reason: string };

/** An organisation's standing list once a submission is in (`genders`, one a candidate) against its allocation and the rule. */
export function listBreach(seats: number, rule: ParityRule, genders: readonly Gender[]): ListBreach | null {
  if (genders.length > seats) return { kind: 'allocation', seats, standing: genders.length };
  const reason = parityBreach(rule, genders);
  return reason === null ? null : { kind: 'parity', reason };
}

export type RowRefusal = 'duplicate_row' | 'already_nominated';

/**
 * For each e-mail of a list (normalised), why it cannot be nominated, or null: a candidate appears once in a
 * list, and stands at most once for an offering.
 */
export function refusedRows(emails: readonly string[], standing: ReadonlySet<string>): Array<RowRefusal | null> {
  const seen = new Set<string>();
  return emails.map((email) => {
    const refusal = seen.has(email) ? 'duplicate_row' : standing.has(email) ? 'already_nominated' : null;
    seen.add(email);
    return refusal;
  });
}

/**
 * What a board decision does to a nomination: `refused` (withdrawn and substituted ones are final; a
 * selected one holds a seat and leaves only by withdrawal), `unchanged` (selecting the selected again), or `apply`.
 */
export function decisionEffect(from: NominationStatus, to: SelectionOutcome): 'refused' | 'unchanged' | 'apply' {
  if (from === 'selected' && to === 'selected') return 'unchanged';
  if (!isStanding(from) || from === 'selected') return 'refused';
  return 'apply';
}

/** Only a candidate the board has not decided on can be substituted: null when it can, else why not. */
export function substitutionRefusal(status: NominationStatus): 'not_standing' | 'decided' | null {
  if (!isStanding(status)) return 'not_standing';
  return status === 'nominated' ? null : 'decided';
}

export interface CallWindow {
  opensAt: Date;
  closesAt: Date;
  /** The offering was cancelled: its call takes nothing more. */
  cancelled: boolean;
}

/** Whether a call takes lists and substitutions at `now`: from opensAt (inclusive) to closesAt (exclusive), unless cancelled. */
export function callIsOpen(call: CallWindow, now: Date): boolean {
  return !call.cancelled && call.opensAt.getTime() <= now.getTime() && now.getTime() < call.closesAt.getTime();
}

/** A focal point withdraws its candidates until closesAt (an admin at any time). */
export function focalPointMayWithdraw(call: Pick<CallWindow, 'closesAt'>, now: Date): boolean {
  return now.getTime() < call.closesAt.getTime();
}
