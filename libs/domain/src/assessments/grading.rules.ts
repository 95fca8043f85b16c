// How scores become results: quiz scoring, weighted final scores, pass or fail. Pure arithmetic, in integer
// hundredths where it rounds, so the same inputs give the same result on every machine.

export const ASSESSMENT_KINDS = ['quiz', 'assignment', 'exam', 'practical'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/** Which of a trainee's quiz attempts counts. */
export const ATTEMPT_POLICIES = ['best', 'last'] as const;
export type AttemptPolicy = (typeof ATTEMPT_POLICIES)[number];

/** all_or_nothing: full points only for exactly the right set. partial: points for each right choice, less each wrong one. */
export const QUESTION_SCORING = ['all_or_nothing', 'partial'] as const;
export type QuestionScoring = (typeof QUESTION_SCORING)[number];

export interface QuizQuestion {
  id: string;
  prompt: string;
  choices: string[];
  /** Indexes into choices: one for single choice and true/false, several for multiple choice. */
  correct: number[];
  points: number;
  scoring: QuestionScoring;
}

/**
 * Rounds half up to 2 decimals: 72.345 → 72.35, 1.005 → 1.01 (the documented rounding of final scores).
 * Binary floating point stores 1.005 as 1.00499999…; reading the product at 12 significant digits first
 * rounds as a person would.
 */
export function round2(value: number): number {
  return Math.round(Number((value * 100).toPrecision(12))) / 100;
}

/**
 * Points for one answer. All or nothing: the exact set of correct choices. Partial: the question's points
 * times (right choices picked − wrong choices picked) / number of right choices, never below zero.
 */
export function scoreQuestion(question: QuizQuestion, picked: number[]): number {
  const chosen = new Set(picked);
  const correct = new Set(question.correct);
  const right = [...chosen].filter((choice) => correct.has(choice)).length;
  const wrong = chosen.size - right;
  if (question.scoring === 'all_or_nothing') return right === correct.size && wrong === 0 ? question.points : 0;
  return round2(Math.max(0, (question.points * (right - wrong)) / correct.size));
}

/** A quiz attempt's score: the sum over its questions (an unanswered question scores 0). */
export function scoreQuiz(questions: QuizQuestion[], answers: Record<string, number[]>): number {
  return round2(questions.reduce((sum, question) => sum + scoreQuestion(question, answers[question.id] ?? []), 0));
}

/** Attempts a quiz allows when its instructor sets none: one, so the score of an attempt cannot be used to read the key. */
export const DEFAULT_QUIZ_ATTEMPTS = 1;

/** The questions of the quiz that an attempt leaves unanswered (no choice picked): every one must be answered. */
export function unansweredQuestions(questions: Pick<QuizQuestion, 'id'>[], answers: Record<string, number[]>): string[] {
  return questions.filter((question) => !answers[question.id]?.length).map((question) => question.id);
}

export interface QuestionReview {
  questionId: string;
  points: number;
  maxPoints: number;
  /** Full points for this question. */
  correct: boolean;
}

/**
 * A trainee sees which questions they got right only once they have no attempt left or the due date has
 * passed: earlier, attempt after attempt would read the answer key off the results.
 */
export function mayReviewQuiz(attemptsUsed: number, maxAttempts: number | null, dueAt: Date | null, now: Date): boolean {
  return (maxAttempts !== null && attemptsUsed >= maxAttempts) || (dueAt !== null && now.getTime() > dueAt.getTime());
}

export function reviewQuiz(questions: QuizQuestion[], answers: Record<string, number[]>): QuestionReview[] {
  return questions.map((question) => {
    const points = scoreQuestion(question, answers[question.id] ?? []);
    return { questionId: question.id, points, maxPoints: question.points, correct: points === question.points };
  });
}

export function quizMaxScore(questions: Pick<QuizQuestion, 'points'>[]): number {
  return round2(questions.reduce((sum, question) => sum + question.points, 0));
}

/** The attempt that counts: the highest or the latest. */
export function countingScore(scoresInOrder: number[], policy: AttemptPolicy): number | null {
  if (scoresInOrder.length === 0) return null;
  return policy === 'best' ? Math.max(...scoresInOrder) : scoresInOrder[scoresInOrder.length - 1]!;
}

export interface WeightedItem {
  weight: number;
  maxScore: number;
  /** Missing (not graded) counts as 0. */
  score: number | null;
}

export const TOTAL_WEIGHT = 100;

export function weightsTotal(items: Pick<WeightedItem, 'weight'>[]): number {
  return round2(items.reduce((sum, item) => sum + item.weight, 0));
}

/** Σ score / maxScore × weight, over weights summing to 100, rounded half up to 2 decimals: 0 … 100. */
export function weightedScore(items: WeightedItem[]): number {
  const total = items.reduce((sum, item) => sum + ((item.score ?? 0) / item.maxScore) * item.weight, 0);
  return Math.min(100, Math.max(0, round2(total)));
}

/** Present days over recorded days, in percent (2 decimals); null when no day was recorded. */
export function attendancePercent(presentDays: number, recordedDays: number): number | null {
  return recordedDays === 0 ? null : round2((presentDays / recordedDays) * 100);
}

/** Why a trainee failed: the score below the pass mark, attendance below the minimum, or both. */
export const FAILED_ON = ['score', 'attendance', 'both'] as const;
export type FailedOn = (typeof FAILED_ON)[number];

/**
 * null when passed: final score at least the pass mark, and attendance at least the minimum where the
 * offering sets one and attendance was recorded. Otherwise what fell short.
 */
export function failedOn(finalScore: number, passMark: number, attendance: number | null, minAttendance: number | null): FailedOn | null {
  const scoreShort = !passedOnScore(finalScore, passMark);
  const attendanceShort = minAttendance !== null && attendance !== null && attendance < minAttendance;
  if (scoreShort && attendanceShort) return 'both';
  if (scoreShort) return 'score';
  return attendanceShort ? 'attendance' : null;
}

export function hasPassed(finalScore: number, passMark: number, attendance: number | null, minAttendance: number | null): boolean {
  return failedOn(finalScore, passMark, attendance, minAttendance) === null;
}

/** The score half of passing: the final score reaches the pass mark (reports count it whatever the attendance). */
export function passedOnScore(finalScore: number, passMark: number): boolean {
  return finalScore >= passMark;
}
