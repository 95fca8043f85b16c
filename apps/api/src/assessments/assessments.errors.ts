import { AppError, type ErrorCodes } from '../common/app-error.js';

export const AssessmentErrors = {
  notFound: () => new AppError('ASSESSMENT_NOT_FOUND', 'not_found', 'Assessment not found'),
  notStaff: () => new AppError('ASSESSMENT_NOT_STAFF', 'forbidden', 'Only admins and the offering’s instructors may do this'),
  notParticipant: () => new AppError('ASSESSMENT_NOT_PARTICIPANT', 'forbidden', 'Only trainees approved in this offering and its staff see its assessments'),
  offeringFinal: () =>
    new AppError('OFFERING_FINALIZED', 'conflict', 'The offering is finalised: grades are locked until an admin reopens it'),
  offeringCancelled: () => new AppError('OFFERING_CANCELLED', 'conflict', 'The offering is cancelled'),
  hasResults: (fields: readonly string[]) =>
    new AppError('ASSESSMENT_HAS_RESULTS', 'conflict', `Submissions or grades exist: ${fields.join(', ')} can no longer change (title, dueAt, maxAttempts and weight can)`),
  notNullable: (fields: string[]) => new AppError('VALIDATION_FAILED', 'invalid', `${fields.join(', ')} cannot be null`),
  notCalendarDate: () => new AppError('VALIDATION_FAILED', 'invalid', 'date must be a real calendar date written YYYY-MM-DD'),
  hasResultsCannotDelete: () =>
    new AppError('ASSESSMENT_HAS_RESULTS', 'conflict', 'Submissions or grades exist: the assessment can no longer be deleted'),
  questionsRequired: () => new AppError('ASSESSMENT_QUESTIONS_REQUIRED', 'invalid', 'A quiz needs questions'),
  questionsNotAllowed: () => new AppError('ASSESSMENT_QUESTIONS_NOT_ALLOWED', 'invalid', 'Only a quiz has questions'),
  maxScoreRequired: () => new AppError('ASSESSMENT_MAX_SCORE_REQUIRED', 'invalid', 'maxScore is required for this kind'),
  maxScoreMismatch: (sum: number) =>
    new AppError('ASSESSMENT_MAX_SCORE_MISMATCH', 'invalid', `A quiz's maxScore is the sum of its points (${sum})`),
  badQuestion: (why: string) => new AppError('ASSESSMENT_INVALID_QUESTION', 'invalid', why),
  badAnswers: (why: string) => new AppError('SUBMISSION_INVALID_ANSWERS', 'invalid', why),
  wrongSubmissionKind: (kind: string) =>
    new AppError('SUBMISSION_WRONG_KIND', 'invalid', kind === 'quiz' ? 'A quiz takes answers, not text' : 'This assessment takes text, not answers'),
  noAttemptsLeft: (max: number) => new AppError('SUBMISSION_NO_ATTEMPTS_LEFT', 'conflict', `All ${max} attempts are used`),
  notEnrolled: () => new AppError('SUBMISSION_NOT_ENROLLED', 'forbidden', 'Only trainees approved in this offering can submit'),
  scoreOutOfRange: (max: number) => new AppError('GRADE_SCORE_OUT_OF_RANGE', 'invalid', `score must be from 0 to ${max}`),
  enrollmentNotInOffering: () => new AppError('GRADE_ENROLLMENT_NOT_FOUND', 'not_found', 'No such enrolment in this offering'),
  enrollmentNotGradable: (status: string) =>
    new AppError('GRADE_ENROLLMENT_NOT_GRADABLE', 'conflict', `An enrolment that is ${status} cannot be graded`),
  duplicateRow: () => new AppError('GRADE_DUPLICATE_ROW', 'invalid', 'This enrolment appears earlier in the request'),
  gradeNotFound: () => new AppError('GRADE_NOT_FOUND', 'not_found', 'Grade not found'),
  weightsNot100: (total: number) =>
    new AppError('OFFERING_WEIGHTS_NOT_100', 'conflict', `The assessments' weights sum to ${total}, not 100`),
  notEnded: (endsOn: string) =>
    new AppError('OFFERING_NOT_ENDED', 'conflict', `The offering ends on ${endsOn}: it can be finalised from that day on`),
  notFinal: () => new AppError('OFFERING_NOT_FINALIZED', 'conflict', 'The offering is not finalised'),
  attendanceNotApplicable: () =>
    new AppError('ATTENDANCE_NOT_APPLICABLE', 'conflict', 'Attendance is recorded for in-person and blended offerings only'),
  attendanceOutsideDates: () => new AppError('ATTENDANCE_OUTSIDE_DATES', 'invalid', 'The date is outside the offering’s dates'),
  attendanceUnknownEnrollments: (ids: string[]) =>
    new AppError('ATTENDANCE_UNKNOWN_ENROLLMENTS', 'invalid', `Not approved enrolments of this offering: ${ids.join(', ')}`),
};
export type AssessmentErrorCode = ErrorCodes<typeof AssessmentErrors>;
