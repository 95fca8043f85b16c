import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Delivery, isSettled, jobIsLost, sendLeaseMs, shouldSend } from './delivery.rules.js';

describe('delivery rules', () => {
  const base: Delivery = { kind: 'enrollment.approved', mailOn: true, recipientActive: true, recipientSettings: {}, livePurpose: null };

  it('sends what the recipient wants while mail is on and the recipient active', () => {
    assert.equal(shouldSend(base), true);
    assert.equal(shouldSend({ ...base, mailOn: false }), false);
    assert.equal(shouldSend({ ...base, recipientActive: false }), false);
    assert.equal(shouldSend({ ...base, recipientSettings: { enrolment: false } }), false);
    assert.equal(shouldSend({ ...base, kind: 'offering.reminder', recipientSettings: { enrolment: false } }), true);
  });

  it('sends an account e-mail only while its link still works, whatever the settings', () => {
    const invite = { ...base, kind: 'account.invite' as const, recipientSettings: { enrolment: false, offerings: false, reminders: false, certificates: false } };
    assert.equal(shouldSend({ ...invite, livePurpose: 'invite' }), true);
    assert.equal(shouldSend(invite), false, 'used, replaced or expired');
    assert.equal(shouldSend({ ...invite, livePurpose: 'invite', recipientActive: false }), false);
  });

  it('settles sent and skipped rows only', () => {
    assert.deepEqual((['pending', 'sending', 'sent', 'skipped'] as const).filter(isSettled), ['sent', 'skipped']);
  });

  it('leases a claim for longer than one attempt can last', () => {
    assert.equal(sendLeaseMs(2500), 10_000);
    assert.ok(sendLeaseMs(1) > 3);
  });

  it('hands over rows whose job is gone, failed or finished, never one still waiting or running', () => {
    for (const state of ['unknown', 'failed', 'completed']) assert.equal(jobIsLost(state), true, state);
    for (const state of ['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']) assert.equal(jobIsLost(state), false, state);
  });
});
