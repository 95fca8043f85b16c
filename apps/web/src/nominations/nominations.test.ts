import { describe, expect, it } from 'vitest';
import { previewRows } from './nominations';

describe('the preview of a CSV list', () => {
  it('names the columns as the API does, loosely written headers included', () => {
    const csv = '\uFEFFName,E-mail address,Sex,Country,Category,Rank,Function,Priority,Notes\r\nAmina Uwase,amina@example.org,female,RWA,police,Inspector,Gender desk,1,x\r\n';
    expect(previewRows(csv)).toEqual([
      { row: 1, fullName: 'Amina Uwase', email: 'amina@example.org', gender: 'female', nationality: 'RWA', category: 'police', rank: 'Inspector', position: 'Gender desk', priority: '1' },
    ]);
  });

  it('throws on a file it cannot read as CSV', () => {
    expect(() => previewRows('email,name\n"unterminated')).toThrow();
  });
});
