import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allDayEnd, calendarEventStatus, FEED_ENROLLMENT_STATUSES } from './calendar.rules.js';

describe('calendar rules', () => {
  it('lists the offerings where the person holds a seat', () => {
    assert.deepEqual(FEED_ENROLLMENT_STATUSES, ['pending', 'approved', 'completed', 'failed']);
  });

  it('marks cancelled offerings cancelled, those only awaiting a decision tentative, the rest confirmed', () => {
    assert.equal(calendarEventStatus({ cancelledAt: new Date(), enrollmentStatuses: ['approved'] }), 'cancelled');
    assert.equal(calendarEventStatus({ cancelledAt: null, enrollmentStatuses: ['pending'] }), 'tentative');
    assert.equal(calendarEventStatus({ cancelledAt: null, enrollmentStatuses: ['approved'] }), 'confirmed');
    assert.equal(calendarEventStatus({ cancelledAt: null, enrollmentStatuses: [] }), 'confirmed', 'teaching it');
    assert.equal(calendarEventStatus({ cancelledAt: null, enrollmentStatuses: ['pending', 'approved'] }), 'confirmed');
  });

  it('ends an all-day event on the day after its last day, across months and years', () => {
    assert.equal(allDayEnd('2030-03-14').toISOString(), '2030-03-15T00:00:00.000Z');
    assert.equal(allDayEnd('2030-02-28').toISOString(), '2030-03-01T00:00:00.000Z');
    assert.equal(allDayEnd('2030-12-31').toISOString(), '2031-01-01T00:00:00.000Z');
  });
});
