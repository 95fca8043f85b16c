import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hasDecimalPlaces, isCalendarDate, isRfc3339DateTime } from './validation.js';

/** The next double above a finite one. */
function nextUp(value: number): number {
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, value === 0 ? 0 : value);
  const raw = bits.getBigInt64(0);
  bits.setBigInt64(0, value >= 0 ? raw + 1n : raw - 1n);
  return bits.getFloat64(0);
}

describe('number checks', () => {
  it('answer every number, never throw: 1e-7, 5e-324 and 1e308 included', () => {
    fc.assert(fc.property(fc.double(), (value) => typeof hasDecimalPlaces(value, 2) === 'boolean'));
    for (const value of [1e-7, 5e-324, -5e-324, 70.555, Number.NaN, Infinity]) assert.equal(hasDecimalPlaces(value, 2), false, String(value));
    for (const value of [0, 70, 70.5, 70.55, -0.01, 100]) assert.equal(hasDecimalPlaces(value, 2), true, String(value));
  });

  it('accept every number written with at most two decimals', () => {
    fc.assert(fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (hundredths) => hasDecimalPlaces(Number((hundredths / 100).toFixed(2)), 2)));
  });

  it('answer as toFixed does, for any double and for those a step from two decimals (the fast path is exact)', () => {
    const byToFixed = (value: number, places: number) => Number.isFinite(value) && Number(value.toFixed(places)) === value;
    const agree = (value: number) => [0, 1, 2, 3].every((places) => hasDecimalPlaces(value, places) === byToFixed(value, places));
    fc.assert(fc.property(fc.double(), agree), { numRuns: 20_000 });
    fc.assert(fc.property(fc.double({ min: 1e12, max: 1e17, noNaN: true }), agree), { numRuns: 20_000 });
    const near = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: -3, max: 3 })).map(([hundredths, steps]) => {
      let value = hundredths / 100;
      for (let i = 0; i < Math.abs(steps); i++) value = steps > 0 ? nextUp(value) : -nextUp(-value);
      return value;
    });
    fc.assert(fc.property(near, agree), { numRuns: 20_000 });
  });
});

describe('date and time checks', () => {
  it('accept RFC 3339 date-times that Date reads as the same instant', () => {
    for (const value of ['2026-01-05T08:00:00Z', '2026-01-05T10:00:00+02:00', '2026-01-05T08:00:00.123456789Z', '2026-01-05t08:00:00z', '2024-02-29T00:00:00-12:00']) {
      assert.ok(isRfc3339DateTime(value), value);
      assert.ok(!Number.isNaN(Date.parse(value.toUpperCase())), value);
    }
  });

  it('refuse ISO 8601 forms Date cannot read, and days, hours or offsets that do not exist', () => {
    for (const value of [
      '+2026-01-05T08:00:00Z', '2026-W01-1T08:00:00Z', '20260105T080000Z', '2026-01-05T08Z', '2026-01-05T08:00Z', '2026-01-05T08:00:00',
      '2026-02-29T08:00:00Z', '2026-04-31T08:00:00Z', '2026-01-05T24:00:00Z', '2026-01-05T08:60:00Z', '2026-01-05T08:00:60Z',
      '2026-01-05T08:00:00+24:00', '0000-01-01T00:00:00Z', '2026-01-05 08:00:00Z', ' 2026-01-05T08:00:00Z', 2026,
    ]) {
      assert.equal(isRfc3339DateTime(value), false, String(value));
    }
  });

  it('agree with Date on every instant it can print', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) =>
        isRfc3339DateTime(date.toISOString()) && isCalendarDate(date.toISOString().slice(0, 10)),
      ),
    );
  });

  it('accept real calendar dates only', () => {
    for (const value of ['2026-01-05', '2024-02-29', '2000-02-29', '0001-01-01']) assert.ok(isCalendarDate(value), value);
    for (const value of ['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '0000-01-01', '2026-1-5', '+2026-01-05', '2026-01-05T00:00:00Z']) {
      assert.equal(isCalendarDate(value), false, value);
    }
  });
});
