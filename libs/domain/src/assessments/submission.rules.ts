// Handing in work (trainees who are gradable: grades.rules.ts): what an assessment takes, how many times, and when it is late.
import type { AssessmentKind } from './grading.rules.js';

/** A submission after the due date is accepted and flagged late; without a due date nothing is late. */
export function isLate(dueAt: Date | null, submittedAt: Date): boolean {
  return dueAt !== null && submittedAt.getTime() > dueAt.getTime();
}

/** A quiz takes answers and no text; every other kind takes text and no answers. */
export function fitsKind(kind: AssessmentKind, submission: { answers?: unknown; text?: unknown }): boolean {
  const hasAnswers = submission.answers !== undefined;
  const hasText = submission.text !== undefined;
  return kind === 'quiz' ? hasAnswers && !hasText : hasText && !hasAnswers;
}

/** null attempts allowed: as many as the trainee likes. */
export function hasAttemptLeft(attemptsUsed: number, maxAttempts: number | null): boolean {
  return maxAttempts === null || attemptsUsed < maxAttempts;
}
