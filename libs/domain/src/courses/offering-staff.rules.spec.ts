import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOfferingStaff } from './offering-staff.rules.js';

describe('offering staff', () => {
  const teaching = ['u-1', 'u-2'];

  it('counts admins always, whoever teaches', () => {
    assert.equal(isOfferingStaff({ id: 'a-1', role: 'admin' }, []), true);
  });

  it('counts an instructor only on an offering they are assigned to', () => {
    assert.equal(isOfferingStaff({ id: 'u-1', role: 'instructor' }, teaching), true);
    assert.equal(isOfferingStaff({ id: 'u-3', role: 'instructor' }, teaching), false);
  });

  it('never counts a trainee, even one still listed as an instructor', () => {
    assert.equal(isOfferingStaff({ id: 'u-2', role: 'trainee' }, teaching), false);
  });

  it('never counts an anonymous visitor', () => {
    assert.equal(isOfferingStaff(undefined, teaching), false);
  });
});
