// The gradebook grid's rules, apart from React: what a typed or pasted score means, and what a paste fills.

/** A cell's address: one trainee's score in one assessment. */
export type CellKey = `${string}|${string}`;
export const cellKey = (enrollmentId: string, assessmentId: string): CellKey => `${enrollmentId}|${assessmentId}`;

export type ParsedScore = { kind: 'empty' } | { kind: 'score'; value: number } | { kind: 'invalid'; reason: 'number' | 'range' };

/** A score as people type it: "12", "12.5", or "12,5" (French spreadsheets); blank means no grade. */
export function parseScore(text: string, maxScore: number): ParsedScore {
  const trimmed = text.trim().replace(/\s/g, '');
  if (trimmed === '') return { kind: 'empty' };
  if (!/^\d+([.,]\d+)?$/.test(trimmed)) return { kind: 'invalid', reason: 'number' };
  const value = Number(trimmed.replace(',', '.'));
  if (value < 0 || value > maxScore) return { kind: 'invalid', reason: 'range' };
  return { kind: 'score', value };
}

/**
 * The values of a column copied from a spreadsheet: one per line, the first cell of each line (a copied block
 * keeps only its first column); the line break a spreadsheet adds after the last row is not a row.
 */
export function pastedColumn(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.split('\t')[0]!.trim());
}

/** Cells a paste fills: down the column from the row it landed on, never past the last row. */
export function pasteTargets(values: string[], rowIds: string[], startRow: number, assessmentId: string): Array<[CellKey, string]> {
  return values.slice(0, Math.max(0, rowIds.length - startRow)).map((value, i) => [cellKey(rowIds[startRow + i]!, assessmentId), value]);
}

/** Where an arrow key (or Enter) moves from a cell, staying inside the grid. */
export function move(row: number, column: number, key: string, rows: number, columns: number): [number, number] | null {
  switch (key) {
    case 'ArrowUp':
      return row > 0 ? [row - 1, column] : null;
    case 'ArrowDown':
    case 'Enter':
      return row < rows - 1 ? [row + 1, column] : null;
    case 'ArrowLeft':
      return column > 0 ? [row, column - 1] : null;
    case 'ArrowRight':
      return column < columns - 1 ? [row, column + 1] : null;
    default:
      return null;
  }
}
