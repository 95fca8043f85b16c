import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looseColumns } from './list-columns.rules.js';

describe('the columns of a list file', () => {
  const column = looseColumns({ email: 'email', fullname: 'fullName', name: 'fullName' });

  it('are matched whatever the case, spaces, dashes and underscores', () => {
    assert.deepEqual(['E-mail', 'Full_Name', 'full name', 'NAME'].map(column), ['email', 'fullName', 'fullName', 'fullName']);
  });

  it('know no other column, not even an object property', () => {
    assert.equal(column('Notes'), undefined);
    assert.equal(column('constructor'), undefined);
    assert.equal(column('__proto__'), undefined);
  });
});
