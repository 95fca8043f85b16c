import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type Assessment = components['schemas']['AssessmentResponse'];
export type Question = components['schemas']['QuestionResponse'];

export function useAssessments(offeringId: string) {
  return useQuery({
    queryKey: ['assessments', offeringId],
    queryFn: () => unwrap(api.GET('/api/v1/offerings/{id}/assessments', { params: { path: { id: offeringId } } })),
  });
}
