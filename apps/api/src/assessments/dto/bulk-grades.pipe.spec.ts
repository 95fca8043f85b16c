import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maxLength } from 'class-validator';
import fc from 'fast-check';
import { bulkGradesProblems, FEEDBACK_MAX_LENGTH } from './bulk-grades.pipe.js';

const row = (feedback: unknown) => ({ grades: [{ enrollmentId: '3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e', score: 70.5, feedback }] });
const refusesFeedback = (feedback: unknown) => bulkGradesProblems(row(feedback)).some((problem) => problem.startsWith('grades.0.feedback'));

describe('bulk grades: feedback length', () => {
  it('counts as class-validator does, surrogate pairs and presentation sequences as one', () => {
    const near = fc.integer({ min: FEEDBACK_MAX_LENGTH - 3, max: FEEDBACK_MAX_LENGTH + 3 });
    const piece = fc.constantFrom('a', 'é', '\u{1F54A}', '\u2764\uFE0F', '\uD800');
    fc.assert(
      fc.property(near, fc.array(piece, { maxLength: 6 }), (length, tail) => {
        const feedback = 'x'.repeat(length) + tail.join('');
        return refusesFeedback(feedback) === !maxLength(feedback, FEEDBACK_MAX_LENGTH);
      }),
    );
  });

  it('accepts 5,000 doves (10,000 UTF-16 units), refuses 5,001 characters and what is not a string', () => {
    assert.equal(refusesFeedback('\u{1F54A}'.repeat(FEEDBACK_MAX_LENGTH)), false);
    assert.equal(refusesFeedback('a'.repeat(FEEDBACK_MAX_LENGTH + 1)), true);
    assert.equal(refusesFeedback(null), false);
    assert.equal(refusesFeedback(42), true);
  });
});
