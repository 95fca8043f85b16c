import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { removesActiveAdmin, removesLastActiveAdmin } from './user.rules.js';

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
