import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MalformedListError } from '../enrollments/list-file.js';
import { rowsFromCsv } from './candidate-rows.js';

describe('nomination lists in CSV', () => {
  it('reads the columns academies use, loosely named, and checks each row like a JSON candidate', async () => {
    const csv = [
      '\uFEFFName,E-mail address,Sex,Country,Category,Rank,Position,Priority,Languages',
      'Amina Uwase,AMINA@Example.org,Female,rwa,Police,Inspector,Gender desk,1,en; fr',
      'No Gender,x@example.org,,RWA,police,,,2,en',
      'Bad Country,y@example.org,male,Rwanda,military,,,x,en',
    ].join('\r\n');
    const [good, noGender, badCountry] = await rowsFromCsv(csv, 10);
    assert.ok(good && 'candidate' in good);
    assert.equal(good.email, 'amina@example.org');
    assert.deepEqual({ ...good.candidate }, {
      fullName: 'Amina Uwase', email: 'AMINA@Example.org', gender: 'female', nationality: 'RWA', category: 'police', rank: 'Inspector', position: 'Gender desk', priority: 1, languages: ['en', 'fr'],
    });
    assert.equal(noGender!.row, 2);
    assert.ok('problems' in noGender! && noGender.problems.some((p) => p.startsWith('gender')));
    assert.ok('problems' in badCountry! && badCountry.problems.some((p) => p.includes('nationality')) && badCountry.problems.some((p) => p.includes('priority')));
  });

  it('refuses a file it cannot read, without a header naming email, or too long', async () => {
    await assert.rejects(rowsFromCsv('', 10), MalformedListError);
    await assert.rejects(rowsFromCsv('name,gender\nA,female', 10), /including email/);
    await assert.rejects(rowsFromCsv('email\n"unterminated', 10), MalformedListError);
    await assert.rejects(rowsFromCsv('email\na@b.org\nc@d.org', 1), /at most 1/);
  });
});
