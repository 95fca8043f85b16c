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
 * For each row, in order, what is wrong with it or null. Checked in this order: the enrolment is in the offering
 * (`statusOf` answers its status), it is gradable, the score is in range, and no earlier good row grades it.
 */
export function gradeRowProblems(rows: ReadonlyArray<{ enrollmentId: string; score: number }>, statusOf: ReadonlyMap<string, EnrollmentStatus>, maxScore: number): Array<GradeRowProblem | null> {
  const seen = new Set<string>();
  return rows.map(({ enrollmentId, score }): GradeRowProblem | null => {
    const status = statusOf.get(enrollmentId);
    if (status === undefined) return { problem: 'notInOffering' };
    if (!isGradable(status)) return { problem: 'notGradable', status };
    if (!scoreInRange(score, maxScore)) return { problem: 'scoreOutOfRange', maxScore };
    if (seen.has(enrollmentId)) return { problem: 'duplicate' };
    seen.add(enrollmentId);
    return null;
  });
}
