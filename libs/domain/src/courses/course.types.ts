export const COURSE_CATEGORIES = [
  'protection_of_civilians',
  'conflict_prevention',
  'peace_operations',
  'gender_peace_security',
  'child_protection',
  'ddr_ssr',
  'humanitarian_law',
  'leadership',
  'medical',
  'other',
] as const;
export type CourseCategory = (typeof COURSE_CATEGORIES)[number];

export const DELIVERY_MODES = ['in_person', 'online', 'blended'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

/** Course codes such as POC-101 or UNSOC-2: capitals, digits and dashes. */
export const COURSE_CODE = /^[A-Z0-9][A-Z0-9-]{1,29}$/;

/** Which lifecycle moves are allowed: a published course can be archived, an archived one published again. */
export function canMoveCourse(from: CourseStatus, to: CourseStatus): boolean {
  switch (to) {
    case 'published':
      return from === 'draft' || from === 'archived';
    case 'archived':
      return from === 'draft' || from === 'published';
    case 'draft':
      return false;
  }
}

/**
 * Would making `courseId` require `prerequisiteIds` create a cycle? `requires` maps each course to the courses
 * it requires today.
 */
export function createsPrerequisiteCycle(courseId: string, prerequisiteIds: string[], requires: Map<string, string[]>): boolean {
  const seen = new Set<string>();
  const stack = [...prerequisiteIds];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === courseId) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(requires.get(next) ?? []));
  }
  return false;
}
