import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDateRange, formatDay, formatHours } from './wording.js';

describe('certificate wording', () => {
  it('formats dates and ranges in English', () => {
    assert.equal(formatDay('2026-03-02'), '2 March 2026');
    assert.equal(formatDateRange('2026-03-02', '2026-03-13'), '2 – 13 March 2026');
    assert.equal(formatDateRange('2026-02-23', '2026-03-06'), '23 February – 6 March 2026');
    assert.equal(formatDateRange('2025-12-29', '2026-01-09'), '29 December 2025 – 9 January 2026');
    assert.equal(formatDateRange('2026-03-02', '2026-03-02'), '2 March 2026');
    assert.throws(() => formatDay('2026-13-01'), /YYYY-MM-DD/);
    assert.throws(() => formatDay('2026-02-30'), /YYYY-MM-DD/);
    assert.equal(formatDay('2028-02-29'), '29 February 2028');
    assert.equal(formatDay('0099-01-05'), '5 January 99');
  });

  it('formats hours', () => {
    assert.equal(formatHours(40), '40 hours');
    assert.equal(formatHours(1), '1 hour');
    assert.equal(formatHours(7.5), '7.5 hours');
  });
});
