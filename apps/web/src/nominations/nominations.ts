// What the nomination pages read from the API (focal-point portal and selection board), as queries.
import { useQuery } from '@tanstack/react-query';
import { parse } from 'csv-parse/browser/esm/sync';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { candidateColumn } from '../../../../libs/domain/src/nominations/candidate-list.rules';

export type Call = components['schemas']['NominationCallResponse'];
export type Nomination = components['schemas']['NominationResponse'];
export type Candidate = components['schemas']['CandidateDto'];
export type RowResult = components['schemas']['NominationRowResult'];
export type Balance = components['schemas']['BalanceResponse'];

// The academy's own lists, from the domain, so the forms never drift from what the API accepts.
export { GENDERS, PARTICIPANT_CATEGORIES as CATEGORIES } from '../../../../libs/domain/src/users/user.types';
export { PARITY_RULES } from '../../../../libs/domain/src/nominations/nomination.rules';

export function useMyCalls() {
  return useQuery({ queryKey: ['nominations', 'my-calls'], queryFn: () => unwrap(api.GET('/api/v1/me/nomination-calls')) });
}

export function useCall(offeringId: string) {
  return useQuery({
    queryKey: ['nominations', 'call', offeringId],
    queryFn: () => unwrap(api.GET('/api/v1/offerings/{id}/nomination-call', { params: { path: { id: offeringId } } })),
  });
}

export function useNominations(offeringId: string) {
  return useQuery({
    queryKey: ['nominations', 'list', offeringId],
    queryFn: () => unwrap(api.GET('/api/v1/offerings/{id}/nominations', { params: { path: { id: offeringId }, query: { limit: 100 } as never } })),
  });
}

export function useBalance(offeringId: string) {
  return useQuery({
    queryKey: ['nominations', 'balance', offeringId],
    queryFn: () => unwrap(api.GET('/api/v1/offerings/{id}/selection/balance', { params: { path: { id: offeringId } } })),
  });
}

/** A row of the file as the focal point will send it, read the way the API reads it (headers matched loosely). */
export interface PreviewRow {
  row: number;
  fullName: string;
  email: string;
  gender: string;
  nationality: string;
  category: string;
  rank: string;
  position: string;
  priority: string;
}

/** The rows of a CSV list for the preview, its columns named as the API names them; throws when the file cannot be read as CSV. */
export function previewRows(csv: string): PreviewRow[] {
  const records = parse(csv, { columns: (header: string[]) => header.map((h) => candidateColumn(h) ?? h), skip_empty_lines: true, trim: true, bom: true }) as Array<Record<string, string>>;
  return records.map((r, i) => ({
    row: i + 1,
    fullName: r.fullName ?? '',
    email: r.email ?? '',
    gender: r.gender ?? '',
    nationality: r.nationality ?? '',
    category: r.category ?? '',
    rank: r.rank ?? '',
    position: r.position ?? '',
    priority: r.priority ?? '',
  }));
}
