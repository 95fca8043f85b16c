// What a quiz must look like and what counts as an answer to it. Problems come back as values; the API names
// them with its error codes.
import { type AssessmentKind, type QuizQuestion, quizMaxScore, type QuestionScoring, unansweredQuestions } from './grading.rules.js';

/** A question as an instructor writes it: the server gives it its id, and all_or_nothing scoring by default. */
export interface QuestionInput {
  prompt: string;
  choices: string[];
  correct: number[];
  points: number;
  scoring?: QuestionScoring;
}

export interface ShapeInput {
  kind: AssessmentKind;
  questions?: QuestionInput[];
  maxScore?: number;
}

export interface QuizShape {
  questions: QuizQuestion[] | null;
  maxScore: number;
}

export type QuizShapeProblem =
  | { problem: 'questionsRequired' }
  | { problem: 'questionsNotAllowed' }
  | { problem: 'maxScoreRequired' }
  | { problem: 'maxScoreMismatch'; sum: number }
  /** `index`: 0-based position of the question whose correct choices are not among its `choices`. */
  | { problem: 'badQuestion'; index: number; choices: number };

export const isShapeProblem = (shape: QuizShape | QuizShapeProblem): shape is QuizShapeProblem => 'problem' in shape;

/**
 * A quiz's questions get ids (`newId`) and its maxScore is the sum of their points (a maxScore sent must agree);
 * any other kind has no questions and needs its maxScore.
 */
export function quizShape(input: ShapeInput, newId: () => string): QuizShape | QuizShapeProblem {
  if (input.kind !== 'quiz') {
    if (input.questions) return { problem: 'questionsNotAllowed' };
    if (input.maxScore === undefined) return { problem: 'maxScoreRequired' };
    return { questions: null, maxScore: input.maxScore };
  }
  if (!input.questions?.length) return { problem: 'questionsRequired' };
  const index = input.questions.findIndex((q) => q.correct.some((choice) => choice >= q.choices.length));
  if (index >= 0) return { problem: 'badQuestion', index, choices: input.questions[index]!.choices.length };
  const questions = input.questions.map((q) => ({ id: newId(), prompt: q.prompt, choices: q.choices, correct: q.correct, points: q.points, scoring: q.scoring ?? 'all_or_nothing' }));
  const maxScore = quizMaxScore(questions);
  if (input.maxScore !== undefined && input.maxScore !== maxScore) return { problem: 'maxScoreMismatch', sum: maxScore };
  return { questions, maxScore };
}

/**
 * The shape after an edit of kind, questions or maxScore: a quiz keeps its questions (and so its maxScore) unless
 * new ones come; another kind keeps its maxScore unless a new one comes.
 */
export function editedShape(current: { kind: AssessmentKind; questions: QuizQuestion[] | null; maxScore: number }, edit: Partial<ShapeInput>, newId: () => string): QuizShape | QuizShapeProblem {
  const kind = edit.kind ?? current.kind;
  if (kind === 'quiz' && edit.questions === undefined && current.questions) {
    if (edit.maxScore !== undefined && edit.maxScore !== current.maxScore) return { problem: 'maxScoreMismatch', sum: current.maxScore };
    return { questions: current.questions, maxScore: current.maxScore };
  }
  return quizShape({ kind, questions: edit.questions, maxScore: edit.maxScore ?? (kind === 'quiz' ? undefined : current.maxScore) }, newId);
}

export type AnswerProblem =
  | { problem: 'unknownQuestion'; questionId: string }
  /** Not a list of distinct choice indexes of the question (it has `choices` of them). */
  | { problem: 'badPick'; questionId: string; choices: number }
  | { problem: 'unanswered'; questionIds: string[] };

/** null when every key is a question of the quiz, every value a list of distinct choices of it, and every question answered. */
export function answerProblem(questions: QuizQuestion[], answers: Record<string, unknown>): AnswerProblem | null {
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const [questionId, picked] of Object.entries(answers)) {
    const question = byId.get(questionId);
    if (!question) return { problem: 'unknownQuestion', questionId };
    const valid =
      Array.isArray(picked) &&
      picked.every((choice) => Number.isInteger(choice) && choice >= 0 && choice < question.choices.length) &&
      new Set(picked).size === picked.length;
    if (!valid) return { problem: 'badPick', questionId, choices: question.choices.length };
  }
  const unanswered = unansweredQuestions(questions, answers as Record<string, number[]>);
  return unanswered.length > 0 ? { problem: 'unanswered', questionIds: unanswered } : null;
}
