import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameFromEmail, rowsFromCsv, rowsFromEmails } from './bulk-rows.js';
import { MalformedListError } from './list-file.js';

describe('nomination rows', () => {
  it('reads a CSV with loose header names, quotes, a BOM and blank lines', () => {
    const rows = rowsFromCsv('\uFEFFE-mail,Full_Name,NATIONALITY\n\n a@b.org ,"Uwase, Amina",rwa\n', 10);
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0], { row: 1, email: 'a@b.org', nominee: { email: 'a@b.org', fullName: 'Uwase, Amina', nationality: 'RWA' } });
  });

  it('reports bad and repeated rows without refusing the file', () => {
    const rows = rowsFromCsv('email,category\nA@B.org,police\nbad,\na@b.org,military\nc@d.org,navy\n', 10);
    assert.deepEqual(
      rows.map((r) => ('code' in r ? r.code : 'ok')),
      ['ok', 'ENROLLMENT_BULK_INVALID_ROW', 'ENROLLMENT_BULK_DUPLICATE_ROW', 'ENROLLMENT_BULK_INVALID_ROW'],
    );
  });

  it('refuses a file that cannot be read', () => {
    for (const text of ['', 'name\nX\n', 'email\n', 'email\n"open', 'email,name\na@b.org,x,y\n', `email\n${'a@b.org\n'.repeat(3)}`]) {
      assert.throws(() => rowsFromCsv(text, 2), MalformedListError, JSON.stringify(text));
    }
  });

  it('checks a JSON list the same way', () => {
    assert.deepEqual(
      rowsFromEmails(['x@y.org', ' X@Y.org ', '']).map((r) => ('code' in r ? r.code : r.email)),
      ['x@y.org', 'ENROLLMENT_BULK_DUPLICATE_ROW', 'ENROLLMENT_BULK_INVALID_ROW'],
    );
  });

  it('makes a name from an email', () => {
    assert.equal(nameFromEmail('amina.uwase@example.org'), 'Amina Uwase');
    assert.equal(nameFromEmail('jp_habimana-2@x.rw'), 'Jp Habimana 2');
  });
});
