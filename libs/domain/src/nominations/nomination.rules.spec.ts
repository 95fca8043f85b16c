import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callIsOpen, canDecide, eligibilityProblems, parityBreach, selectionBalance, type BalanceRow } from './nomination.rules.js';

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

describe('selection balance', () => {
  const row = (organisationId: string, status: BalanceRow['status'], gender: string, nationality: string, category = 'military'): BalanceRow => ({ organisationId, status, gender, nationality, category });

  it('counts standing nominations and the selected, women’s shares against the target, allocation use', () => {
    const rows = [
      row('a', 'selected', 'female', 'KEN'),
      row('a', 'selected', 'male', 'KEN', 'police'),
      row('a', 'alternate', 'female', 'KEN'),
      row('b', 'selected', 'female', 'GHA'),
      row('b', 'not_selected', 'male', 'GHA'),
      row('b', 'withdrawn', 'male', 'GHA'),
      row('b', 'substituted', 'male', 'GHA'),
    ];
    const balance = selectionBalance(rows, [{ organisationId: 'a', seats: 3 }, { organisationId: 'b', seats: 2 }, { organisationId: 'c', seats: 1 }], 50);
    assert.equal(balance.nominated.total, 5);
    assert.deepEqual(balance.nominated.byGender, { female: 3, male: 2 });
    assert.deepEqual(balance.selected.byNationality, { KEN: 2, GHA: 1 });
    assert.deepEqual(balance.selected.byCategory, { military: 2, police: 1 });
    assert.deepEqual(balance.womenShare, { nominated: 60, selected: 66.67 });
    assert.equal(balance.meetsTarget, true);
    assert.deepEqual(balance.allocations, [
      { organisationId: 'a', seats: 3, nominated: 3, selected: 2 },
      { organisationId: 'b', seats: 2, nominated: 2, selected: 1 },
      { organisationId: 'c', seats: 1, nominated: 0, selected: 0 },
    ]);
  });

  it('no one selected: no share, target not met; no target: null', () => {
    assert.equal(selectionBalance([], [], 40).meetsTarget, false);
    assert.equal(selectionBalance([], [], null).meetsTarget, null);
    assert.equal(selectionBalance([], [], 40).womenShare.selected, null);
  });
});

describe('decisions and the window', () => {
  it('a selected nomination leaves only by withdrawal; withdrawn and substituted ones are final', () => {
    assert.equal(canDecide('nominated', 'selected'), true);
    assert.equal(canDecide('alternate', 'selected'), true);
    assert.equal(canDecide('not_selected', 'alternate'), true);
    assert.equal(canDecide('selected', 'not_selected'), false);
    assert.equal(canDecide('withdrawn', 'selected'), false);
    assert.equal(canDecide('substituted', 'alternate'), false);
  });

  it('the window includes opensAt and excludes closesAt', () => {
    const call = { opensAt: new Date('2026-01-01T00:00:00Z'), closesAt: new Date('2026-01-10T00:00:00Z') };
    assert.equal(callIsOpen(call, new Date('2026-01-01T00:00:00Z')), true);
    assert.equal(callIsOpen(call, new Date('2026-01-10T00:00:00Z')), false);
    assert.equal(callIsOpen(call, new Date('2025-12-31T23:59:59Z')), false);
  });
});
