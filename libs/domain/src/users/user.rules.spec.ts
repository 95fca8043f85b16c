import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nomineeAccount, removesActiveAdmin, removesLastActiveAdmin } from './user.rules.js';

const admin = { role: 'admin', active: true } as const;

describe('last active admin', () => {
  it('counts demoting or deactivating an active admin as removing one', () => {
    assert.equal(removesActiveAdmin(admin, { active: false }), true);
    assert.equal(removesActiveAdmin(admin, { role: 'instructor' }), true);
    assert.equal(removesActiveAdmin(admin, { role: 'admin', active: true }), false);
    assert.equal(removesActiveAdmin(admin, {}), false);
  });

  it('does not count users who are not active admins', () => {
    assert.equal(removesActiveAdmin({ role: 'admin', active: false }, { role: 'trainee' }), false);
    assert.equal(removesActiveAdmin({ role: 'instructor', active: true }, { active: false }), false);
  });

  it('refuses removing the last active admin, allows it while another remains', () => {
    assert.equal(removesLastActiveAdmin(admin, { active: false }, 1), true);
    assert.equal(removesLastActiveAdmin(admin, { role: 'trainee' }, 1), true);
    assert.equal(removesLastActiveAdmin(admin, { active: false }, 2), false);
    assert.equal(removesLastActiveAdmin({ role: 'trainee', active: true }, { active: false }, 1), false);
  });
});

describe('the account a nominee gets', () => {
  const account = { role: 'trainee', active: true, emailVerified: true, hasPassword: true };

  it('none yet: one is created; an active trainee’s is used', () => {
    assert.equal(nomineeAccount(null), 'create');
    assert.equal(nomineeAccount(account), 'use');
    assert.equal(nomineeAccount({ ...account, emailVerified: false, hasPassword: false }), 'use');
  });

  it('an address registered but never proved gets no seat; nor does anyone not an active trainee', () => {
    assert.equal(nomineeAccount({ ...account, emailVerified: false }), 'unverified');
    assert.equal(nomineeAccount({ ...account, emailVerified: false, role: 'admin' }), 'unverified');
    assert.equal(nomineeAccount({ ...account, role: 'instructor' }), 'not_a_trainee');
    assert.equal(nomineeAccount({ ...account, active: false }), 'not_a_trainee');
  });
});
