import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  effectiveSettings,
  hearsOfOfferingChanges,
  isReminded,
  notificationKey,
  OFFERING_NEWS_STATUSES,
  REMINDED_STATUSES,
  reminderAt,
  reminderStillApplies,
  remindersDue,
  reminderVersion,
  wants,
} from './notification.rules.js';

describe('notification rules', () => {
  it('sends security mails whatever the settings, and the rest as chosen', () => {
    const off = { enrolment: false, offerings: false, reminders: false, certificates: false };
    assert.equal(wants('account.reset', off), true);
    assert.equal(wants('account.invite', off), true);
    assert.equal(wants('enrollment.approved', off), false);
    assert.equal(wants('offering.reminder', { reminders: false }), false);
    assert.equal(wants('offering.cancelled', { reminders: false }), true);
    assert.equal(wants('certificate.issued', {}), true);
    assert.deepEqual(effectiveSettings(null), { enrolment: true, offerings: true, reminders: true, certificates: true });
  });

  it('keys one e-mail per event, version and recipient', () => {
    assert.equal(notificationKey('enrollment.approved', 'e1', 'u1'), 'enrollment.approved/e1/u1');
    assert.notEqual(notificationKey('offering.rescheduled', 'o1', 'u1', 1), notificationKey('offering.rescheduled', 'o1', 'u1', 2));
  });

  it('schedules reminders 7 and 1 days before the start, only when still ahead', () => {
    assert.equal(reminderAt('2030-03-10', 7).toISOString(), '2030-03-03T06:00:00.000Z');
    assert.equal(reminderAt('2030-03-01', 1).toISOString(), '2030-02-28T06:00:00.000Z');
    assert.deepEqual(remindersDue('2030-03-10', new Date('2030-03-05T00:00:00Z')).map((r) => r.daysBefore), [1]);
    assert.deepEqual(remindersDue('2030-03-10', new Date('2030-01-01T00:00:00Z')).map((r) => r.daysBefore), [7, 1]);
    assert.deepEqual(remindersDue('2020-03-10', new Date('2030-01-01T00:00:00Z')), []);
  });

  it('tells everyone holding or awaiting a seat of an offering’s changes, and reminds only confirmed trainees', () => {
    assert.deepEqual(OFFERING_NEWS_STATUSES, ['pending', 'approved', 'waitlisted']);
    assert.equal(hearsOfOfferingChanges('withdrawn'), false);
    assert.equal(hearsOfOfferingChanges('completed'), false);
    assert.deepEqual(REMINDED_STATUSES, ['approved']);
    assert.equal(isReminded('pending'), false);
    assert.equal(isReminded('waitlisted'), false);
  });

  it('drops a reminder whose offering was cancelled, finalised or moved since it was scheduled', () => {
    const offering = { startsOn: '2030-03-10', cancelledAt: null, completedAt: null };
    assert.equal(reminderStillApplies(offering, '2030-03-10'), true);
    assert.equal(reminderStillApplies(offering, '2030-03-09'), false);
    assert.equal(reminderStillApplies({ ...offering, cancelledAt: new Date() }, '2030-03-10'), false);
    assert.equal(reminderStillApplies({ ...offering, completedAt: new Date() }, '2030-03-10'), false);
    assert.equal(reminderVersion('2030-03-10', 7), '2030-03-10-7d');
  });
});
