import type { DemoLogin } from './demo-academy.js';

/** The demo logins as lines of aligned columns (role, email, password, name), each as wide as its longest cell. */
export function loginTable(logins: DemoLogin[], indent = '  '): string[] {
  const rows = logins.map(({ role, email, password, fullName }) => [role, email, password, fullName]);
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]!.length))) ?? [];
  return rows.map((row) => indent + row.map((cell, column) => (column < row.length - 1 ? cell.padEnd(widths[column]!) : cell)).join('   '));
}
