// How an academy fills a course through nominations: who may stand (eligibility), what a nominating
// authority's list must look like (parity), and the balance of the cohort the selection board is forming.
// Plain rules, no framework.
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

/** Statuses of a candidate still standing: they count against the allocation and in the parity check. */
export const STANDING_STATUSES: readonly NominationStatus[] = ['nominated', 'selected', 'alternate', 'not_selected'];

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

export interface BalanceRow {
  organisationId: string;
  status: NominationStatus;
  gender: string;
  nationality: string;
  category: string;
}

export interface CountsBy {
  total: number;
  women: number;
  byGender: Record<string, number>;
  byNationality: Record<string, number>;
  byCategory: Record<string, number>;
  byOrganisation: Record<string, number>;
}

export interface AllocationUse {
  organisationId: string;
  seats: number;
  nominated: number;
  selected: number;
}

export interface Balance {
  nominated: CountsBy;
  selected: CountsBy;
  targetWomenPercent: number | null;
  womenShare: { nominated: number | null; selected: number | null };
  /** null without a target; else whether the selected cohort's share of women reaches it. */
  meetsTarget: boolean | null;
  allocations: AllocationUse[];
}

const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((10_000 * part) / whole) / 100);

function countsOf(rows: readonly BalanceRow[]): CountsBy {
  const counts: CountsBy = { total: rows.length, women: 0, byGender: {}, byNationality: {}, byCategory: {}, byOrganisation: {} };
  const bump = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);
  for (const row of rows) {
    if (row.gender === 'female') counts.women += 1;
    bump(counts.byGender, row.gender);
    bump(counts.byNationality, row.nationality);
    bump(counts.byCategory, row.category);
    bump(counts.byOrganisation, row.organisationId);
  }
  return counts;
}

/**
 * The cohort the board is forming: standing nominations against those selected, by gender, nationality,
 * category and organisation; the women's share of each against the target; and each allocation's use.
 */
export function selectionBalance(rows: readonly BalanceRow[], allocations: ReadonlyArray<{ organisationId: string; seats: number }>, targetWomenPercent: number | null): Balance {
  const standing = rows.filter((row) => STANDING_STATUSES.includes(row.status));
  const selected = standing.filter((row) => row.status === 'selected');
  const nominated = countsOf(standing);
  const chosen = countsOf(selected);
  const selectedShare = percent(chosen.women, chosen.total);
  return {
    nominated,
    selected: chosen,
    targetWomenPercent,
    womenShare: { nominated: percent(nominated.women, nominated.total), selected: selectedShare },
    meetsTarget: targetWomenPercent === null ? null : (selectedShare ?? 0) >= targetWomenPercent,
    allocations: allocations.map(({ organisationId, seats }) => ({
      organisationId,
      seats,
      nominated: nominated.byOrganisation[organisationId] ?? 0,
      selected: chosen.byOrganisation[organisationId] ?? 0,
    })),
  };
}

/** The board's decisions a nomination can take; a selected one holds a seat and leaves only by withdrawal. */
export function canDecide(from: NominationStatus, to: SelectionOutcome): boolean {
  if (from === 'withdrawn' || from === 'substituted' || from === 'selected') return from === to;
  return true;
}

/** Whether a call takes nominations at `now`: from opensAt (inclusive) to closesAt (exclusive). */
export function callIsOpen(call: { opensAt: Date; closesAt: Date }, now: Date): boolean {
  return call.opensAt.getTime() <= now.getTime() && now.getTime() < call.closesAt.getTime();
}
