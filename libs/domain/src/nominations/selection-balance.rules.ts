// The balance of the cohort the selection board is forming: who stands and who is selected, by gender,
// nationality, category and organisation, against the call's target share of women and each allocation.
import { isStanding, type NominationStatus } from './nomination.rules.js';

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
  const standing = rows.filter((row) => isStanding(row.status));
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
