import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { candidateColumn } from './candidate-list.rules.js';

describe('the columns of a nomination list', () => {
  it('are matched loosely, with the names academies use', () => {
    assert.deepEqual(['Name', 'E-mail address', 'Sex', 'Country', 'full_name', 'FUNCTION', 'Language'].map(candidateColumn), [
      'fullName',
      'email',
      'gender',
      'nationality',
      'fullName',
      'position',
      'languages',
    ]);
  });

  it('another column is not a candidate field', () => {
    assert.equal(candidateColumn('Notes'), undefined);
    assert.equal(candidateColumn('constructor'), undefined);
  });
});
