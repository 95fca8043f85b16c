import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ENROLLMENT_STATUSES, type EnrollmentStatus } from '../enrollments/enrollment.rules.js';
import { GRADABLE_STATUSES, gradeRowProblems, gradeRowsToTry, isGradable, scoreInRange } from './grades.rules.js';

describe('who is gradable', () => {
  it('grades only trainees approved in the offering', () => {
    assert.deepEqual(GRADABLE_STATUSES, ['approved']);
    assert.deepEqual(ENROLLMENT_STATUSES.filter(isGradable), ['approved']);
  });

  it('takes scores from 0 to the maximum, both included', () => {
    assert.equal(scoreInRange(0, 50), true);
    assert.equal(scoreInRange(50, 50), true);
    assert.equal(scoreInRange(50.01, 50), false);
    assert.equal(scoreInRange(-0.01, 50), false);
  });
});

describe('rows of a bulk grading', () => {
  const statuses = new Map<string, EnrollmentStatus>([
    ['a', 'approved'],
    ['b', 'approved'],
    ['p', 'pending'],
  ]);
  /** What the write answers for those four: the one not gradable, and 'x', not in the offering. */
  const refused = new Map<string, EnrollmentStatus | null>([
    ['p', 'pending'],
    ['x', null],
  ]);

  it('names each bad row, in the order of the checks, and lets the good ones through', () => {
    const rows = [
      { enrollmentId: 'a', score: 45 },
      { enrollmentId: 'b', score: 55 },
      { enrollmentId: 'x', score: 10 },
      { enrollmentId: 'p', score: 99 },
      { enrollmentId: 'a', score: 40 },
      { enrollmentId: 'b', score: 20 },
    ];
    assert.deepEqual(gradeRowProblems(rows, refused, 50), [
      null,
      { problem: 'scoreOutOfRange', maxScore: 50 },
      { problem: 'notInOffering' },
      { problem: 'notGradable', status: 'pending' },
      { problem: 'duplicate' },
      null,
    ]);
  });

  it('refuses a repeat only after a good row: a row refused for its score does not hide the next', () => {
    assert.deepEqual(gradeRowProblems([{ enrollmentId: 'a', score: 60 }, { enrollmentId: 'a', score: 30 }], refused, 50), [{ problem: 'scoreOutOfRange', maxScore: 50 }, null]);
  });

  it('lets through exactly one good row per enrolment, in one pass over thousands of rows', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ enrollmentId: fc.constantFrom('a', 'b', 'p', 'x'), score: fc.integer({ min: -5, max: 60 }) }), { maxLength: 50 }), (rows) => {
        const problems = gradeRowProblems(rows, refused, 50);
        const good = rows.filter((_, i) => problems[i] === null).map((r) => r.enrollmentId);
        assert.equal(new Set(good).size, good.length);
        assert.ok(good.every((id) => statuses.get(id) === 'approved'));
      }),
    );
    const many = Array.from({ length: 20_000 }, (_, i) => ({ enrollmentId: `e${i}`, score: i % 60 }));
    const started = performance.now();
    const problems = gradeRowProblems(many, new Map(), 50);
    assert.ok(performance.now() - started < 200, 'linear, not quadratic');
    assert.equal(problems.filter((p) => p === null).length, many.filter((r) => r.score <= 50).length);
  });

  it('tries, before the statuses are known, exactly the rows it lets through and the refused enrolments\' first rows in range', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ enrollmentId: fc.constantFrom('a', 'b', 'p', 'x'), score: fc.integer({ min: -5, max: 60 }) }), { maxLength: 50 }), (rows) => {
        const tried = gradeRowsToTry(rows, 50);
        const problems = gradeRowProblems(rows, refused, 50);
        rows.forEach(({ enrollmentId }, i) => assert.equal(problems[i] === null, tried[i] && !refused.has(enrollmentId)));
      }),
    );
  });
});
