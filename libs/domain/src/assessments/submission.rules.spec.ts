import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitsKind, hasAttemptLeft, isLate } from './submission.rules.js';

describe('submissions', () => {
  const due = new Date('2026-03-01T12:00:00Z');

  it('is late strictly after the due date, never without one', () => {
    assert.equal(isLate(due, new Date('2026-03-01T12:00:00Z')), false);
    assert.equal(isLate(due, new Date('2026-03-01T12:00:00.001Z')), true);
    assert.equal(isLate(null, new Date('2099-01-01T00:00:00Z')), false);
  });

  it('takes answers for a quiz and text for anything else, never both or neither', () => {
    assert.equal(fitsKind('quiz', { answers: {} }), true);
    assert.equal(fitsKind('quiz', { text: 'an essay' }), false);
    assert.equal(fitsKind('quiz', { answers: {}, text: 'x' }), false);
    assert.equal(fitsKind('quiz', {}), false);
    for (const kind of ['assignment', 'exam', 'practical'] as const) {
      assert.equal(fitsKind(kind, { text: 'my plan' }), true);
      assert.equal(fitsKind(kind, { answers: {} }), false);
      assert.equal(fitsKind(kind, {}), false);
    }
  });

  it('counts attempts against the limit; no limit, no end', () => {
    assert.equal(hasAttemptLeft(1, 2), true);
    assert.equal(hasAttemptLeft(2, 2), false);
    assert.equal(hasAttemptLeft(500, null), true);
  });
});
