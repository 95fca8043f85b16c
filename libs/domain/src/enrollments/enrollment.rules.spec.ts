import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENROLLMENT_STATUSES, type EnrollmentAction, hasFinalResult, holdsSeat, initialStatus, isActive, isInClass, isLeftOutAtFinalisation, nextStatus, seatChange } from './enrollment.rules.js';

describe('enrolment state machine', () => {
  it('counts approved, pending, completed and failed as seats taken', () => {
    assert.deepEqual(
      ENROLLMENT_STATUSES.filter(holdsSeat),
      ['pending', 'approved', 'completed', 'failed'],
    );
  });

  it('lands a newcomer by approval mode and free seats', () => {
    assert.equal(initialStatus('auto', 3), 'approved');
    assert.equal(initialStatus('manual', 1), 'pending');
    assert.equal(initialStatus('auto', 0), 'waitlisted');
    assert.equal(initialStatus('manual', 0), 'waitlisted');
  });

  it('allows exactly these moves', () => {
    const allowed: Record<EnrollmentAction, string[]> = { approve: [], reject: [], withdraw: [] };
    for (const action of ['approve', 'reject', 'withdraw'] as const) {
      for (const from of ENROLLMENT_STATUSES) if (nextStatus(from, action)) allowed[action].push(from);
    }
    assert.deepEqual(allowed, {
      approve: ['pending', 'waitlisted'],
      reject: ['pending', 'waitlisted'],
      withdraw: ['pending', 'approved', 'waitlisted'],
    });
  });

  it('frees a seat only when a seat holder leaves, and takes one when the waitlisted are approved', () => {
    assert.equal(seatChange('approved', 'withdrawn'), -1);
    assert.equal(seatChange('pending', 'rejected'), -1);
    assert.equal(seatChange('waitlisted', 'withdrawn'), 0);
    assert.equal(seatChange('pending', 'approved'), 0);
    assert.equal(seatChange('waitlisted', 'approved'), 1);
  });

  it('settles as not admitted, at finalisation, only those still pending or waitlisted', () => {
    assert.deepEqual(ENROLLMENT_STATUSES.filter(isLeftOutAtFinalisation), ['pending', 'waitlisted']);
    assert.equal(holdsSeat('not_admitted'), false);
    for (const action of ['approve', 'reject', 'withdraw'] as const) assert.equal(nextStatus('not_admitted', action), null);
  });

  it('lets a trainee enrol again only after a withdrawal or a rejection', () => {
    assert.deepEqual(
      ENROLLMENT_STATUSES.filter((s) => !isActive(s)),
      ['rejected', 'withdrawn'],
    );
  });
});

describe('who is in the class', () => {
  it('counts the approved and the finalised, never those without a seat or who left', () => {
    assert.deepEqual(ENROLLMENT_STATUSES.filter(isInClass), ['approved', 'completed', 'failed']);
  });

  it('gives a final result only to the completed and the failed, all of whom are in the class', () => {
    assert.deepEqual(ENROLLMENT_STATUSES.filter(hasFinalResult), ['completed', 'failed']);
    for (const status of ENROLLMENT_STATUSES.filter(hasFinalResult)) assert.equal(isInClass(status), true, status);
  });
});
