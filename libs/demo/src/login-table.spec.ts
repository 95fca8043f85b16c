import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_LOGINS } from './demo-academy.js';
import { loginTable } from './login-table.js';

describe('loginTable', () => {
  it('aligns every column by its longest cell', () => {
    const lines = loginTable([
      { role: 'admin', email: 'a@x.demo', password: 'pw', fullName: 'Ada' },
      { role: 'focal_point', email: 'focal@police.ke.demo', password: 'longer-pw', fullName: 'Wanjiru Kamau' },
    ]);
    assert.deepEqual(lines, [
      '  admin         a@x.demo               pw          Ada',
      '  focal_point   focal@police.ke.demo   longer-pw   Wanjiru Kamau',
    ]);
  });

  it('lines up the demo academy’s emails, passwords and names on every row', () => {
    const lines = loginTable(DEMO_LOGINS);
    assert.equal(lines.length, DEMO_LOGINS.length);
    // Where each row's cells start, found left to right.
    const starts = lines.map((line, i) => {
      const login = DEMO_LOGINS[i]!;
      let at = 0;
      return [login.role, login.email, login.password, login.fullName].map((cell) => {
        at = line.indexOf(cell, at);
        const start = at;
        at += cell.length;
        return start;
      });
    });
    for (let column = 0; column < 4; column++) {
      assert.equal(new Set(starts.map((row) => row[column])).size, 1, `column ${column + 1} starts at the same place on every row`);
    }
    assert.ok(DEMO_LOGINS.some((login) => login.role === 'focal_point'), 'with the longest role among them');
    for (const line of lines) assert.equal(line, line.trimEnd(), 'no trailing spaces');
  });

  it('prints nothing for no logins', () => {
    assert.deepEqual(loginTable([]), []);
  });
});
