// Who can be graded, and which rows of a bulk grading are refused: one pass over the rows, whatever their number.
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '../enrollments/enrollment.rules.js';

/** Trainees approved in the offering hand in work and are graded; finalised, pending or waitlisted ones are not. */
export function isGradable(status: EnrollmentStatus): boolean {
  return status === 'approved';
}

export const GRADABLE_STATUSES: readonly EnrollmentStatus[] = ENROLLMENT_STATUSES.filter(isGradable);

export function scoreInRange(score: number, maxScore: number): boolean {
  return score >= 0 && score <= maxScore;
}

export type GradeRowProblem =
  | { problem: 'notInOffering' }
  | { problem: 'notGradable'; status: EnrollmentStatus }
  | { problem: 'scoreOutOfRange'; maxScore: number }
  /** The enrolment already has a good row earlier in the request. */
  | { problem: 'duplicate' };

/**
 * The enrolments named in a grading that cannot be graded: their status in the offering, or null when they are
 * not in it. Every other enrolment named is gradable.
 */
export type Refusals = ReadonlyMap<string, EnrollmentStatus | null>;

/**
 * Which rows to try, before the enrolments' statuses are known (so that the write can check them itself): each
 * row in range that is the first in-range row of its enrolment. Of these, the rows of gradable enrolments are
 * exactly those gradeRowProblems lets through.
 */
export function gradeRowsToTry(rows: ReadonlyArray<{ enrollmentId: string; score: number }>, maxScore: number): boolean[] {
  const seen = new Set<string>();
  return rows.map(({ enrollmentId, score }) => {
    if (!scoreInRange(score, maxScore) || seen.has(enrollmentId)) return false;
    seen.add(enrollmentId);
    return true;
  });
}

/**
 * For each row, in order, what is wrong with it or null. Checked in this order: the enrolment is in the offering
 * and gradable (not in `refused`), the score is in range, and no earlier good row grades it.
 */
export function gradeRowProblems(rows: ReadonlyArray<{ enrollmentId: string; score: number }>, refused: Refusals, maxScore: number): Array<GradeRowProblem | null> {
  const seen = new Set<string>();
  return rows.map(({ enrollmentId, score }): GradeRowProblem | null => {
    const status = refused.get(enrollmentId);
    if (status === null) return { problem: 'notInOffering' };
    if (status !== undefined) return { problem: 'notGradable', status };
    if (!scoreInRange(score, maxScore)) return { problem: 'scoreOutOfRange', maxScore };
    if (seen.has(enrollmentId)) return { problem: 'duplicate' };
    seen.add(enrollmentId);
    return null;
  });
}
