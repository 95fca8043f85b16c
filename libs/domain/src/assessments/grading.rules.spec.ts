import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  attendancePercent,
  countingScore,
  failedOn,
  hasPassed,
  mayReviewQuiz,
  passedOnScore,
  type QuizQuestion,
  quizMaxScore,
  reviewQuiz,
  round2,
  scoreQuestion,
  scoreQuiz,
  unansweredQuestions,
  weightedScore,
} from './grading.rules.js';

const question = (overrides: Partial<QuizQuestion> = {}): QuizQuestion => ({
  id: 'q1',
  prompt: 'Which are grave violations against children?',
  choices: ['Killing and maiming', 'Recruitment and use', 'School feeding', 'Abduction'],
  correct: [0, 1, 3],
  points: 3,
  scoring: 'all_or_nothing',
  ...overrides,
});

describe('quiz scoring', () => {
  it('gives all or nothing for the exact set', () => {
    assert.equal(scoreQuestion(question(), [3, 1, 0]), 3);
    assert.equal(scoreQuestion(question(), [0, 1]), 0);
    assert.equal(scoreQuestion(question(), [0, 1, 2, 3]), 0);
    assert.equal(scoreQuestion(question(), []), 0);
  });

  it('gives partial credit: right choices less wrong ones, never below zero', () => {
    const partial = question({ scoring: 'partial' });
    assert.equal(scoreQuestion(partial, [0, 1, 3]), 3);
    assert.equal(scoreQuestion(partial, [0, 1]), 2);
    assert.equal(scoreQuestion(partial, [0, 1, 2]), 1);
    assert.equal(scoreQuestion(partial, [2]), 0);
    assert.equal(scoreQuestion(question({ scoring: 'partial', points: 1 }), [0]), 0.33);
  });

  it('scores single choice and true/false as one right index', () => {
    const trueFalse = question({ choices: ['True', 'False'], correct: [1], points: 1 });
    assert.equal(scoreQuestion(trueFalse, [1]), 1);
    assert.equal(scoreQuestion(trueFalse, [0]), 0);
  });

  it('adds up a quiz, unanswered questions scoring 0', () => {
    const quiz = [question({ id: 'a' }), question({ id: 'b', points: 2, correct: [2] })];
    assert.equal(quizMaxScore(quiz), 5);
    assert.equal(scoreQuiz(quiz, { a: [0, 1, 3] }), 3);
    assert.equal(scoreQuiz(quiz, { a: [0, 1, 3], b: [2] }), 5);
  });

  it('counts the best or the last attempt', () => {
    assert.equal(countingScore([4, 9, 6], 'best'), 9);
    assert.equal(countingScore([4, 9, 6], 'last'), 6);
    assert.equal(countingScore([], 'best'), null);
  });
});

describe('quiz review: the key stays hidden while attempts are left', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const before = new Date('2026-03-01T11:00:00Z');
  const later = new Date('2026-03-01T13:00:00Z');

  it('shows per-question results only with no attempt left or after the due date', () => {
    assert.equal(mayReviewQuiz(1, 2, null, now), false);
    assert.equal(mayReviewQuiz(1, 2, later, now), false);
    assert.equal(mayReviewQuiz(2, 2, later, now), true);
    assert.equal(mayReviewQuiz(1, 2, before, now), true);
    assert.equal(mayReviewQuiz(5, null, null, now), false, 'unlimited attempts: never before the due date');
    assert.equal(mayReviewQuiz(0, 1, null, now), false);
  });

  it('reviews each question: points earned and whether they are full', () => {
    const quiz = [question(), question({ id: 'q2', correct: [1], points: 2 })];
    assert.deepEqual(reviewQuiz(quiz, { q1: [0, 1, 3], q2: [0] }), [
      { questionId: 'q1', points: 3, maxPoints: 3, correct: true },
      { questionId: 'q2', points: 0, maxPoints: 2, correct: false },
    ]);
  });

  it('names the questions an attempt leaves unanswered, an empty pick included', () => {
    const quiz = [question(), question({ id: 'q2' }), question({ id: 'q3' })];
    assert.deepEqual(unansweredQuestions(quiz, { q1: [0], q2: [] }), ['q2', 'q3']);
    assert.deepEqual(unansweredQuestions(quiz, { q1: [0], q2: [1], q3: [2] }), []);
  });
});

describe('weighted final score', () => {
  it('rounds half up to 2 decimals', () => {
    assert.equal(round2(72.345), 72.35);
    assert.equal(round2(1.005), 1.01);
    assert.equal(round2(66.666666), 66.67);
    assert.equal(round2(0.004), 0);
  });

  it('weights each score by its share of the maximum', () => {
    const items = [
      { weight: 30, maxScore: 10, score: 8 },
      { weight: 50, maxScore: 100, score: 65 },
      { weight: 20, maxScore: 20, score: null },
    ];
    assert.equal(weightedScore(items), 56.5);
  });

  const item = fc.record({
    weight: fc.integer({ min: 1, max: 10_000 }).map((n) => n / 100),
    maxScore: fc.integer({ min: 1, max: 100_000 }).map((n) => n / 100),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  // Weights normalised to sum to 100, as finalising requires; scores 0…maxScore at 2 decimals.
  const gradebook = fc.array(item, { minLength: 1, maxLength: 12 }).map((raw) => {
    const sum = raw.reduce((s, r) => s + r.weight, 0);
    return raw.map((r) => ({ weight: (r.weight / sum) * 100, maxScore: r.maxScore, score: Math.floor(r.fraction * r.maxScore * 100) / 100 }));
  });

  it('stays within 0…100 with 2 decimals', () => {
    fc.assert(
      fc.property(gradebook, (items) => {
        const score = weightedScore(items);
        return score >= 0 && score <= 100 && round2(score) === score;
      }),
    );
  });

  it('is within rounding of the exact weighted mean', () => {
    fc.assert(
      fc.property(gradebook, (items) => {
        const exact = items.reduce((s, i) => s + (i.score / i.maxScore) * i.weight, 0);
        return Math.abs(weightedScore(items) - exact) <= 0.005 + 1e-9;
      }),
    );
  });

  it('gives 100 for full marks and 0 for nothing graded', () => {
    fc.assert(
      fc.property(gradebook, (items) => {
        const full = weightedScore(items.map((i) => ({ ...i, score: i.maxScore })));
        const none = weightedScore(items.map((i) => ({ ...i, score: null })));
        return full === 100 && none === 0;
      }),
    );
  });

  it('never drops when a score rises', () => {
    fc.assert(
      fc.property(gradebook, fc.nat(), (items, pick) => {
        const index = pick % items.length;
        const raised = items.map((i, n) => (n === index ? { ...i, score: i.maxScore } : i));
        return weightedScore(raised) >= weightedScore(items);
      }),
    );
  });
});

describe('pass or fail', () => {
  it('needs the pass mark and, where recorded and required, the attendance', () => {
    assert.equal(hasPassed(70, 70, 100, 80), true);
    assert.equal(hasPassed(69.99, 70, 100, 80), false);
    assert.equal(hasPassed(90, 70, 79.99, 80), false);
    assert.equal(hasPassed(90, 70, null, 80), true);
    assert.equal(hasPassed(90, 70, 10, null), true);
  });

  it('passes on score at the pass mark, whatever the attendance', () => {
    assert.equal(passedOnScore(70, 70), true);
    assert.equal(passedOnScore(69.99, 70), false);
    assert.equal(hasPassed(90, 70, 10, 80), false);
    assert.equal(passedOnScore(90, 70), true);
  });

  it('says what fell short: the score, the attendance, or both', () => {
    assert.equal(failedOn(70, 70, 80, 80), null);
    assert.equal(failedOn(69.99, 70, 100, 80), 'score');
    assert.equal(failedOn(90, 70, 79.99, 80), 'attendance');
    assert.equal(failedOn(50, 70, 50, 80), 'both');
    assert.equal(failedOn(50, 70, null, 80), 'score', 'no attendance recorded: only the score counts');
    assert.equal(failedOn(90, 70, 10, null), null, 'no minimum: attendance never fails anyone');
  });

  it('fails exactly those it names a shortfall for', () => {
    const percent = fc.option(fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100), fc.integer({ min: 0, max: 100 }), percent, percent, (score, mark, attendance, minimum) => {
        const why = failedOn(score, mark, attendance, minimum);
        assert.equal(why === 'score' || why === 'both', score < mark);
        assert.equal(hasPassed(score, mark, attendance, minimum), why === null);
      }),
    );
  });

  it('measures attendance over the recorded days', () => {
    assert.equal(attendancePercent(2, 3), 66.67);
    assert.equal(attendancePercent(0, 0), null);
  });
});
