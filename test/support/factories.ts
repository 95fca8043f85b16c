// Courses and offerings made through the API, as an admin would, with sensible defaults to override.
import { randomUUID } from 'node:crypto';
import type { TestApi, TestUser } from './harness.js';

export const DAY = 86_400_000;

/** The date (YYYY-MM-DD, UTC) so many days from today. */
export const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

export function uniqueCode(prefix = 'C'): string {
  return `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}

export function courseBody(overrides: Record<string, unknown> = {}) {
  return {
    code: uniqueCode(),
    title: 'Protection of Civilians in UN Peacekeeping',
    summary: 'Legal and operational foundations of protecting civilians.',
    category: 'protection_of_civilians',
    deliveryMode: 'in_person',
    language: 'en',
    durationHours: 40,
    passMark: 70,
    ...overrides,
  };
}

/** A course, published unless `publish: false`. */
export async function createCourse(api: TestApi, admin: TestUser, overrides: Record<string, unknown> = {}, publish = true) {
  const created = await api.post('/api/v1/courses', { token: admin.token, body: courseBody(overrides) });
  if (created.status !== 201) throw new Error(`course: ${created.status} ${JSON.stringify(created.body)}`);
  if (!publish) return created.body;
  const published = await api.post(`/api/v1/courses/${created.body.id}/publish`, { token: admin.token });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  return published.body;
}

/** Dates of an offering whose enrolment window is open now (or shifted by `windowShiftDays`). */
export function offeringBody(overrides: Record<string, unknown> = {}, windowShiftDays = 0) {
  const now = Date.now() + windowShiftDays * DAY;
  return {
    startsOn: day(windowShiftDays + 30),
    endsOn: day(windowShiftDays + 40),
    location: 'Musanze, Rwanda',
    capacity: 30,
    enrollmentOpensAt: new Date(now - DAY).toISOString(),
    enrollmentClosesAt: new Date(now + 20 * DAY).toISOString(),
    approvalMode: 'auto',
    instructorIds: [],
    ...overrides,
  };
}

export async function createOffering(api: TestApi, admin: TestUser, courseId: string, overrides: Record<string, unknown> = {}, windowShiftDays = 0) {
  const created = await api.post(`/api/v1/courses/${courseId}/offerings`, { token: admin.token, body: offeringBody(overrides, windowShiftDays) });
  if (created.status !== 201) throw new Error(`offering: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/** Dates of an offering that has ended (yesterday), so it can be finalised. */
export function pastDates(daysAgo = 1, lengthDays = 5) {
  return {
    startsOn: day(-(daysAgo + lengthDays)),
    endsOn: day(-daysAgo),
  };
}
