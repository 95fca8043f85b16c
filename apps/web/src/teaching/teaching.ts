import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

type Gradebook = components['schemas']['GradebookResponse'];

export function useOffering(id: string) {
  return useQuery({ queryKey: ['offering', id], queryFn: () => unwrap(api.GET('/api/v1/offerings/{id}', { params: { path: { id } } })) });
}

export function useRoster(offeringId: string) {
  return useQuery({
    queryKey: ['roster', offeringId],
    queryFn: () => unwrap(api.GET('/api/v1/offerings/{id}/enrollments', { params: { path: { id: offeringId }, query: { limit: 100 } as never } })),
  });
}

export function useGradebook(offeringId: string) {
  return useQuery({
    queryKey: ['gradebook', offeringId],
    // The route also answers CSV (Accept: text/csv); asked for JSON, it answers the gradebook.
    queryFn: async () => (await unwrap(api.GET('/api/v1/offerings/{id}/gradebook', { params: { path: { id: offeringId } }, headers: { accept: 'application/json' } }))) as Gradebook,
  });
}

/** Calendar days from the first to the last (YYYY-MM-DD), for the attendance register. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = new Date(`${first}T00:00:00Z`); day <= new Date(`${last}T00:00:00Z`) && days.length < 366; day.setUTCDate(day.getUTCDate() + 1)) {
    days.push(day.toISOString().slice(0, 10));
  }
  return days;
}
