// What the admin pages read from the API, as queries; the pages render, these fetch.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type Course = components['schemas']['CourseResponse'];
export type Offering = components['schemas']['OfferingResponse'];
export type Enrolment = components['schemas']['EnrollmentResponse'];
export type Certificate = components['schemas']['CertificateResponse'];
export type AdminUser = components['schemas']['UserResponse'];
export type Role = AdminUser['role'];
/** Focal points are made through their organisation, never given as a role. */
export type AssignableRole = Exclude<Role, 'focal_point'>;

export const ROLES: AssignableRole[] = ['trainee', 'instructor', 'admin'];

export function useCourses() {
  return useQuery({ queryKey: ['admin', 'courses'], queryFn: () => unwrap(api.GET('/api/v1/courses', { params: { query: { limit: 100 } as never } })) });
}

export function useCourse(id: string) {
  return useQuery({ queryKey: ['admin', 'course', id], queryFn: () => unwrap(api.GET('/api/v1/courses/{id}', { params: { path: { id } } })) });
}

export function useCourseOfferings(courseId: string) {
  return useQuery({
    queryKey: ['admin', 'offerings', courseId],
    queryFn: () => unwrap(api.GET('/api/v1/offerings', { params: { query: { courseId, limit: 100 } as never } })),
  });
}

export function useAdminOffering(id: string) {
  return useQuery({ queryKey: ['offering', id], queryFn: () => unwrap(api.GET('/api/v1/offerings/{id}', { params: { path: { id } } })) });
}

/** Every active instructor, so an offering's instructors are picked by name. */
export function useInstructors() {
  return useQuery({
    queryKey: ['admin', 'instructors'],
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query: { role: 'instructor', active: 'true', limit: 100 } } })),
  });
}

/** A datetime-local value (the browser's local time) from an ISO instant, and back. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function fromLocalInput(value: string): string {
  return new Date(value).toISOString();
}

/** Only the fields that were given: an empty optional field is left out rather than sent as "". */
export function given<T extends object>(form: T): Partial<T> {
  return Object.fromEntries(Object.entries(form).filter(([, value]) => value !== '' && value !== undefined && !Number.isNaN(value))) as Partial<T>;
}
