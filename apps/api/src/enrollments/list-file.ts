// A list file as academies send it, for bulk enrolments and nomination lists alike: CSV whose first line names
// the columns (email among them). A file that cannot be read whole is refused whole; its rows are checked by
// each list's own rules.
import { parse } from 'csv-parse/sync';

export class MalformedListError extends Error {}

/**
 * Each row as its cells by column (`columnOf` names a header's column, or undefined to ignore it; empty cells
 * are left out). Throws MalformedListError, with a reason for the client, when the file cannot be used.
 */
export function readListFile<K extends string>(text: string, maxRows: number, columnOf: (header: string) => K | undefined): Array<Partial<Record<K, string>>> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    throw new MalformedListError((error as Error).message.split('\n')[0]!);
  }
  const [header, ...lines] = records;
  if (!header) throw new MalformedListError('it is empty');
  const keys = header.map(columnOf);
  if (!keys.includes('email' as K)) throw new MalformedListError('the first line must name the columns, including email');
  if (lines.length === 0) throw new MalformedListError('it has a header but no rows');
  if (lines.length > maxRows) throw new MalformedListError(`it has ${lines.length} rows; at most ${maxRows} at once`);
  return lines.map((cells) => {
    const row: Partial<Record<K, string>> = {};
    keys.forEach((key, index) => {
      if (key && cells[index]) row[key] = cells[index];
    });
    return row;
  });
}
