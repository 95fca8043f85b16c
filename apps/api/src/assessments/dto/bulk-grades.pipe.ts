// The body of a bulk grading, checked in one pass. class-validator's nested validation of 2,000 rows costs
// several milliseconds (metadata lookups and an instance per row); these are the same checks, with its own
// UUID and length functions, and a 400 of the same shape (every problem in `message`).
import { BadRequestException, type PipeTransform } from '@nestjs/common';
import { isUUID, maxLength } from 'class-validator';
import { hasDecimalPlaces } from '../../common/validation.js';

export const BULK_GRADES_MAX_ROWS = 2000;
export const FEEDBACK_MAX_LENGTH = 5000;
export const REASON_MAX_LENGTH = 500;

export interface BulkGradesBody {
  grades: Array<{ enrollmentId: string; score: number; feedback?: string | null }>;
  reason?: string | null;
}

const BODY_KEYS = new Set(['grades', 'reason']);
const ROW_KEYS = new Set(['enrollmentId', 'score', 'feedback']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** An optional text: absent or null, or a string of at most `max` characters (a surrogate pair counting one). */
function textProblem(value: unknown, max: number): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return 'must be a string';
  // Counting can only shorten a string (a pair or a presentation sequence counts one): no count needed within max.
  return value.length <= max || maxLength(value, max) ? null : `must be shorter than or equal to ${max} characters`;
}

function rowProblems(row: unknown, index: number, problems: string[]): void {
  // Messages (and their paths) are built only for a bad row: a good one allocates nothing.
  if (!isRecord(row)) {
    problems.push(`grades.${index} must be an object`);
    return;
  }
  for (const key in row) if (!ROW_KEYS.has(key)) problems.push(`grades.${index}.property ${key} should not exist`);
  if (!isUUID(row.enrollmentId)) problems.push(`grades.${index}.enrollmentId must be a UUID`);
  if (!hasDecimalPlaces(row.score, 2)) problems.push(`grades.${index}.score must be a number with at most 2 decimals`);
  const feedback = textProblem(row.feedback, FEEDBACK_MAX_LENGTH);
  if (feedback) problems.push(`grades.${index}.feedback ${feedback}`);
}

/** Every problem with the body, in words; empty when it is a valid bulk grading. */
export function bulkGradesProblems(body: unknown): string[] {
  const problems: string[] = [];
  const fields = isRecord(body) ? body : {};
  for (const key of Object.keys(fields)) if (!BODY_KEYS.has(key)) problems.push(`property ${key} should not exist`);
  const grades = fields.grades;
  if (!Array.isArray(grades)) problems.push(`grades must be an array of 1 to ${BULK_GRADES_MAX_ROWS} rows`);
  else if (grades.length === 0) problems.push('grades must contain at least 1 elements');
  else if (grades.length > BULK_GRADES_MAX_ROWS) problems.push(`grades must contain no more than ${BULK_GRADES_MAX_ROWS} elements`);
  else grades.forEach((row, index) => rowProblems(row, index, problems));
  const reason = textProblem(fields.reason, REASON_MAX_LENGTH);
  if (reason) problems.push(`reason ${reason}`);
  return problems;
}

/** Used instead of the global ValidationPipe: the route's parameter type is an interface, which that pipe lets through. */
export class BulkGradesPipe implements PipeTransform<unknown, BulkGradesBody> {
  transform(body: unknown): BulkGradesBody {
    const problems = bulkGradesProblems(body);
    if (problems.length > 0) throw new BadRequestException(problems);
    return body as BulkGradesBody;
  }
}
