import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type Course = components['schemas']['CourseResponse'];
export type Offering = components['schemas']['OfferingResponse'];

// The academy's own lists, from the domain, so the filters and forms never drift from what the API accepts.
export { COURSE_CATEGORIES, DELIVERY_MODES } from '../../../../libs/domain/src/courses/course.types';
export const COURSE_LANGUAGES = ['en', 'fr', 'pt', 'ar', 'sw', 'rw'] as const;

export interface CatalogFilters {
  q: string;
  language: string;
  category: string;
  deliveryMode: string;
  /** YYYY-MM: courses with an offering starting that month. */
  month: string;
}

export const NO_FILTERS: CatalogFilters = { q: '', language: '', category: '', deliveryMode: '', month: '' };
/** The id of the JSON block in which the server sends the courses it rendered the first page with. */
export const CATALOG_DATA_ID = 'catalog-data';
export const catalogKey = (filters: CatalogFilters) => ['catalog', filters] as const;

export function useCatalog(filters: CatalogFilters) {
  return useQuery({
    queryKey: catalogKey(filters),
    placeholderData: keepPreviousData,
    queryFn: async () => {
      const query = {
        limit: 100,
        ...(filters.q && { q: filters.q }),
        ...(filters.language && { language: filters.language }),
        ...(filters.category && { category: filters.category }),
        ...(filters.deliveryMode && { deliveryMode: filters.deliveryMode }),
      };
      const courses = await unwrap(api.GET('/api/v1/courses', { params: { query: query as never } }));
      if (!filters.month) return courses.items;
      const [year, month] = filters.month.split('-').map(Number) as [number, number];
      const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
      const offerings = await unwrap(
        api.GET('/api/v1/offerings', { params: { query: { from: `${filters.month}-01`, to: `${filters.month}-${String(last).padStart(2, '0')}`, limit: 100 } as never } }),
      );
      const courseIds = new Set(offerings.items.map((offering) => offering.courseId));
      return courses.items.filter((course) => courseIds.has(course.id));
    },
  });
}

export function useCourse(id: string) {
  return useQuery({ queryKey: ['course', id], queryFn: () => unwrap(api.GET('/api/v1/courses/{id}', { params: { path: { id } } })) });
}

export function useCourseOfferings(courseId: string) {
  return useQuery({
    queryKey: ['offerings', { courseId }],
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/offerings', { params: { query: { courseId, limit: 100 } as never } }));
      const today = new Date().toISOString().slice(0, 10);
      return page.items.filter((offering) => offering.endsOn >= today && offering.status !== 'cancelled').sort((a, b) => a.startsOn.localeCompare(b.startsOn));
    },
  });
}
