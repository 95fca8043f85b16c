import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  callIsOpen,
  decisionEffect,
  eligibilityProblems,
  focalPointMayWithdraw,
  isStanding,
  listBreach,
  parityBreach,
  refusedRows,
  substitutionRefusal,
} from './nomination.rules.js';

describe('eligibility', () => {
  const candidate = { category: 'police' as const, rank: 'Superintendent', languages: ['fr'], completedCourseIds: ['cptm'] };

  it('an eligible candidate has no problems; no rules, no problems', () => {
    assert.deepEqual(eligibilityProblems(candidate, {}), []);
    assert.deepEqual(eligibilityProblems(candidate, { categories: ['police'], ranks: ['superintendent'], languages: ['en', 'FR'], requiredCourseIds: ['cptm'] }), []);
  });

  it('names every rule the candidate misses, with course codes', () => {
    const problems = eligibilityProblems(
      { category: 'civilian', rank: null, languages: [], completedCourseIds: [] },
      { categories: ['military', 'police'], ranks: ['Major'], languages: ['en'], requiredCourseIds: ['cptm'] },
      new Map([['cptm', 'CPTM-100']]),
    );
    assert.deepEqual(problems, [
      'category civilian is not among military, police',
      'no rank given; the call asks for Major',
      'no working language among en',
      'has not completed CPTM-100',
    ]);
  });
});

describe('parity', () => {
  it('none accepts anything; an empty list breaks nothing', () => {
    assert.equal(parityBreach('none', ['male', 'male']), null);
    assert.equal(parityBreach('women_at_least_men', []), null);
  });

  it('at_least_one_woman', () => {
    assert.match(parityBreach('at_least_one_woman', ['male', 'other'])!, /at_least_one_woman/);
    assert.equal(parityBreach('at_least_one_woman', ['male', 'female']), null);
  });

  it('women_at_least_men counts women and men only', () => {
    assert.equal(parityBreach('women_at_least_men', ['female', 'male']), null);
    assert.equal(parityBreach('women_at_least_men', ['female', 'undisclosed', 'other']), null);
    assert.equal(parityBreach('women_at_least_men', ['female', 'male', 'male']), 'women_at_least_men: the list must have at least as many women as men (it has 1 women and 2 men)');
  });
});

describe('a list against its allocation and parity', () => {
  it('the allocation first, then the parity rule; a list within both stands', () => {
    assert.deepEqual(listBreach(2, 'at_least_one_woman', ['male', 'male', 'male']), { kind: 'allocation', seats: 2, standing: 3 });
    assert.deepEqual(listBreach(3, 'at_least_one_woman', ['male', 'male', 'male']), { kind: 'parity', reason: 'at_least_one_woman: the list must include at least one woman (it has none)' });
    assert.equal(listBreach(3, 'at_least_one_woman', ['male', 'female']), null);
    assert.equal(listBreach(0, 'women_at_least_men', []), null);
  });

  it('a candidate appears once in a list and stands once for an offering', () => {
    assert.deepEqual(refusedRows(['a@x.org', 'b@x.org', 'a@x.org', 'c@x.org', 'c@x.org'], new Set(['b@x.org', 'c@x.org'])), [
      null,
      'already_nominated',
      'duplicate_row',
      'already_nominated',
      'duplicate_row',
    ]);
  });
});

describe('decisions and the window', () => {
  it('withdrawn and substituted candidates no longer stand', () => {
    assert.deepEqual(
      (['nominated', 'selected', 'alternate', 'not_selected', 'withdrawn', 'substituted'] as const).filter(isStanding),
      ['nominated', 'selected', 'alternate', 'not_selected'],
    );
  });

  it('a selected nomination leaves only by withdrawal; withdrawn and substituted ones are final', () => {
    assert.equal(decisionEffect('nominated', 'selected'), 'apply');
    assert.equal(decisionEffect('alternate', 'selected'), 'apply');
    assert.equal(decisionEffect('not_selected', 'alternate'), 'apply');
    assert.equal(decisionEffect('alternate', 'alternate'), 'apply');
    assert.equal(decisionEffect('selected', 'selected'), 'unchanged');
    assert.equal(decisionEffect('selected', 'not_selected'), 'refused');
    assert.equal(decisionEffect('withdrawn', 'selected'), 'refused');
    assert.equal(decisionEffect('substituted', 'alternate'), 'refused');
  });

  it('only an undecided candidate is substituted', () => {
    assert.equal(substitutionRefusal('nominated'), null);
    assert.equal(substitutionRefusal('alternate'), 'decided');
    assert.equal(substitutionRefusal('selected'), 'decided');
    assert.equal(substitutionRefusal('withdrawn'), 'not_standing');
    assert.equal(substitutionRefusal('substituted'), 'not_standing');
  });

  it('the window includes opensAt and excludes closesAt; a cancelled offering’s call is closed', () => {
    const call = { opensAt: new Date('2026-01-01T00:00:00Z'), closesAt: new Date('2026-01-10T00:00:00Z'), cancelled: false };
    assert.equal(callIsOpen(call, new Date('2026-01-01T00:00:00Z')), true);
    assert.equal(callIsOpen(call, new Date('2026-01-10T00:00:00Z')), false);
    assert.equal(callIsOpen(call, new Date('2025-12-31T23:59:59Z')), false);
    assert.equal(callIsOpen({ ...call, cancelled: true }, new Date('2026-01-05T00:00:00Z')), false);
  });

  it('a focal point withdraws until closesAt, even before the call opens', () => {
    const call = { closesAt: new Date('2026-01-10T00:00:00Z') };
    assert.equal(focalPointMayWithdraw(call, new Date('2025-12-01T00:00:00Z')), true);
    assert.equal(focalPointMayWithdraw(call, new Date('2026-01-10T00:00:00Z')), false);
  });
});
