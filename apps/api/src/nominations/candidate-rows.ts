// A nomination list as academies receive it: JSON candidates, or a CSV file with a header line (name or
// fullName, email, gender, nationality, category, rank, position, priority, languages). Each CSV row is
// checked with the same rules as a JSON candidate; a bad row is reported and the others go on.
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { candidateColumn } from '@amahoro/domain/nominations/candidate-list.rules.js';
import { normalizeEmail } from '@amahoro/domain/users/user.types.js';
import { CandidateDto } from './dto/nomination.dto.js';

export type CandidateRow = { row: number; email: string } & ({ candidate: CandidateDto } | { problems: string[] });

export class MalformedListError extends Error {}

export async function rowsFromCsv(text: string, maxRows: number): Promise<CandidateRow[]> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    throw new MalformedListError((error as Error).message.split('\n')[0]!);
  }
  const [header, ...lines] = records;
  if (!header) throw new MalformedListError('it is empty');
  const keys = header.map(candidateColumn);
  if (!keys.includes('email')) throw new MalformedListError('the first line must name the columns, including email');
  if (lines.length === 0) throw new MalformedListError('it has a header but no rows');
  if (lines.length > maxRows) throw new MalformedListError(`it has ${lines.length} rows; at most ${maxRows} at once`);
  return Promise.all(
    lines.map(async (cells, index) => {
      const plain: Record<string, unknown> = {};
      keys.forEach((key, column) => {
        const cell = cells[column];
        if (!key || !cell) return;
        if (key === 'priority') plain[key] = /^\d+$/.test(cell) ? Number(cell) : cell;
        else if (key === 'languages') plain[key] = cell.toLowerCase().split(/[\s;,/]+/).filter(Boolean);
        else if (key === 'gender' || key === 'category') plain[key] = cell.toLowerCase();
        else plain[key] = cell;
      });
      const candidate = plainToInstance(CandidateDto, plain);
      const errors = await validate(candidate, { forbidUnknownValues: true, stopAtFirstError: true });
      const email = normalizeEmail(String(plain.email ?? ''));
      if (errors.length > 0) return { row: index + 1, email, problems: errors.flatMap((e) => Object.values(e.constraints ?? {})) };
      return { row: index + 1, email, candidate };
    }),
  );
}

export function rowsFromJson(candidates: CandidateDto[]): CandidateRow[] {
  return candidates.map((candidate, index) => ({ row: index + 1, email: normalizeEmail(candidate.email), candidate }));
}
