import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { toCsv, wantsCsv } from './csv.js';

describe('CSV answers', () => {
  it('starts with a UTF-8 byte-order mark, so that spreadsheets read accented names as written', () => {
    const bytes = Buffer.from(toCsv([['fullName'], ['Aïssata Traoré']]), 'utf8');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString('utf8'), 'fullName\r\nAïssata Traoré\r\n');
  });

  it('quotes commas, quotes and line breaks, and reads back whole', () => {
    const cells = ['Gender, Peace and Security: "Women in Uniform"', 'two\nlines', 'carriage\rreturn', 'plain'];
    const csv = toCsv([cells]);
    assert.equal(csv, '\uFEFF"Gender, Peace and Security: ""Women in Uniform""","two\nlines","carriage\rreturn",plain\r\n');
    assert.deepEqual(parse(csv, { bom: true }), [cells]);
  });

  it('makes text of a cell a spreadsheet would run as a formula, and leaves numbers alone', () => {
    const csv = toCsv([['=HYPERLINK("http://x")', '+1', '-1', '@SUM(A1)', '\tx', -1.5, 0, null, '']]);
    const [cells] = parse(csv, { bom: true, relax_quotes: true }) as string[][];
    assert.deepEqual(cells, [`'=HYPERLINK("http://x")`, "'+1", "'-1", "'@SUM(A1)", "'\tx", '-1.5', '0', '', '']);
  });

  it('answers CSV for ?format=csv or Accept: text/csv, the query winning', () => {
    assert.equal(wantsCsv(undefined, undefined), false);
    assert.equal(wantsCsv(undefined, 'application/json'), false);
    assert.equal(wantsCsv(undefined, 'text/csv, application/json;q=0.5'), true);
    assert.equal(wantsCsv('csv', 'application/json'), true);
    assert.equal(wantsCsv('json', 'text/csv'), false);
  });
});
