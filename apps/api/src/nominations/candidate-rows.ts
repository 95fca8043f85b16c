// A nomination list as academies receive it: JSON candidates, or a CSV file with a header line (name or
// fullName, email, gender, nationality, category, rank, position, priority, languages). Each CSV row is
// checked with the same rules as a JSON candidate; a bad row is reported and the others go on.
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { candidateColumn } from '@amahoro/domain/nominations/candidate-list.rules.js';
import { normalizeEmail } from '@amahoro/domain/users/user.types.js';
import { readListFile } from '../enrollments/list-file.js';
import { CandidateDto } from './dto/nomination.dto.js';

export type CandidateRow = { row: number; email: string } & ({ candidate: CandidateDto } | { problems: string[] });

/** The rows of a CSV list (see readListFile, which throws MalformedListError for a file it cannot use). */
export async function rowsFromCsv(text: string, maxRows: number): Promise<CandidateRow[]> {
  return Promise.all(
    readListFile(text, maxRows, candidateColumn).map(async (cells, index) => {
      const plain: Record<string, unknown> = {};
      for (const [key, cell] of Object.entries(cells) as Array<[keyof typeof cells, string]>) {
        if (key === 'priority') plain[key] = /^\d+$/.test(cell) ? Number(cell) : cell;
        else if (key === 'languages') plain[key] = cell.toLowerCase().split(/[\s;,/]+/).filter(Boolean);
        else if (key === 'gender' || key === 'category') plain[key] = cell.toLowerCase();
        else plain[key] = cell;
      }
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
