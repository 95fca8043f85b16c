import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectionBalance, type BalanceRow } from './selection-balance.rules.js';

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
