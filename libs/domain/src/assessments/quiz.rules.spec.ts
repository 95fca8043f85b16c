import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QuizQuestion } from './grading.rules.js';
import { answerProblem, editedShape, quizShape } from './quiz.rules.js';

const ids = () => {
  let n = 0;
  return () => `q${++n}`;
};
const question = { prompt: 'Which are grave violations?', choices: ['Killing', 'Recruitment', 'Feeding'], correct: [0, 1], points: 2 };

describe('quiz shape', () => {
  it('gives a quiz ids, default scoring, and the sum of its points as maxScore', () => {
    assert.deepEqual(quizShape({ kind: 'quiz', questions: [question, { ...question, points: 1.5, scoring: 'partial' }] }, ids()), {
      questions: [
        { id: 'q1', ...question, scoring: 'all_or_nothing' },
        { id: 'q2', ...question, points: 1.5, scoring: 'partial' },
      ],
      maxScore: 3.5,
    });
  });

  it('refuses a quiz without questions, a wrong maxScore, a key outside the choices', () => {
    assert.deepEqual(quizShape({ kind: 'quiz', questions: [] }, ids()), { problem: 'questionsRequired' });
    assert.deepEqual(quizShape({ kind: 'quiz' }, ids()), { problem: 'questionsRequired' });
    assert.deepEqual(quizShape({ kind: 'quiz', questions: [question], maxScore: 3 }, ids()), { problem: 'maxScoreMismatch', sum: 2 });
    assert.deepEqual(quizShape({ kind: 'quiz', questions: [question, { ...question, correct: [3] }] }, ids()), { problem: 'badQuestion', index: 1, choices: 3 });
  });

  it('gives other kinds no questions and needs their maxScore', () => {
    assert.deepEqual(quizShape({ kind: 'exam', maxScore: 100 }, ids()), { questions: null, maxScore: 100 });
    assert.deepEqual(quizShape({ kind: 'exam' }, ids()), { problem: 'maxScoreRequired' });
    assert.deepEqual(quizShape({ kind: 'assignment', maxScore: 10, questions: [question] }, ids()), { problem: 'questionsNotAllowed' });
  });

  it('keeps a quiz its questions through an edit that brings none, and another kind its maxScore', () => {
    const quiz = { kind: 'quiz' as const, questions: [{ id: 'old', ...question, scoring: 'partial' as const }], maxScore: 2 };
    assert.deepEqual(editedShape(quiz, { maxScore: 2 }, ids()), { questions: quiz.questions, maxScore: 2 });
    assert.deepEqual(editedShape(quiz, { maxScore: 5 }, ids()), { problem: 'maxScoreMismatch', sum: 2 });
    assert.deepEqual(editedShape(quiz, { questions: [question] }, ids()), { questions: [{ id: 'q1', ...question, scoring: 'all_or_nothing' }], maxScore: 2 });
    assert.deepEqual(editedShape(quiz, { kind: 'exam' }, ids()), { questions: null, maxScore: 2 }, 'a quiz made an exam keeps its maxScore');
    assert.deepEqual(editedShape({ kind: 'exam', questions: null, maxScore: 40 }, { kind: 'practical' }, ids()), { questions: null, maxScore: 40 });
    assert.deepEqual(editedShape({ kind: 'exam', questions: null, maxScore: 40 }, { kind: 'quiz' }, ids()), { problem: 'questionsRequired' });
  });
});

describe('answers to a quiz', () => {
  const quiz: QuizQuestion[] = [
    { id: 'a', prompt: 'A?', choices: ['x', 'y', 'z'], correct: [0], points: 1, scoring: 'all_or_nothing' },
    { id: 'b', prompt: 'B?', choices: ['x', 'y'], correct: [1], points: 1, scoring: 'all_or_nothing' },
  ];

  it('accepts distinct choices of each question, every question answered', () => {
    assert.equal(answerProblem(quiz, { a: [0, 2], b: [1] }), null);
  });

  it('names the first thing wrong', () => {
    assert.deepEqual(answerProblem(quiz, { c: [0], a: [0], b: [0] }), { problem: 'unknownQuestion', questionId: 'c' });
    for (const picked of [[3], [0, 0], [-1], [0.5], 0, 'x', null]) {
      assert.deepEqual(answerProblem(quiz, { a: picked, b: [0] }), { problem: 'badPick', questionId: 'a', choices: 3 }, JSON.stringify(picked));
    }
    assert.deepEqual(answerProblem(quiz, { a: [0] }), { problem: 'unanswered', questionIds: ['b'] });
    assert.deepEqual(answerProblem(quiz, { a: [0], b: [] }), { problem: 'unanswered', questionIds: ['b'] });
    assert.deepEqual(answerProblem(quiz, {}), { problem: 'unanswered', questionIds: ['a', 'b'] });
  });
});
