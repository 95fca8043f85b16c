// Reading a nomination list (JSON emails or a CSV file) into rows, each valid or with its reasons.
// A file that cannot be read at all is refused whole; a bad row is reported and the others go on.
import { isEmail, isISO31661Alpha3 } from 'class-validator';
import { looseColumns } from '@amahoro/domain/enrollments/list-columns.rules.js';
import { GENDERS, normalizeEmail, PARTICIPANT_CATEGORIES, type Gender, type ParticipantCategory } from '@amahoro/domain/users/user.types.js';
import { readListFile } from './list-file.js';

export interface Nominee {
  email: string;
  fullName?: string;
  gender?: Gender;
  nationality?: string;
  category?: ParticipantCategory;
  rank?: string;
  organization?: string;
}

export type NomineeRow = { row: number; email: string } & ({ nominee: Nominee } | { code: string; message: string });

/** Header names are matched loosely: "Full name", "full_name" and "fullName" are one column. */
const columnKey = looseColumns<keyof Nominee>({
  email: 'email',
  fullname: 'fullName',
  name: 'fullName',
  gender: 'gender',
  nationality: 'nationality',
  country: 'nationality',
  category: 'category',
  rank: 'rank',
  organization: 'organization',
  organisation: 'organization',
});

/** The rows of a CSV list (see readListFile, which throws MalformedListError for a file it cannot use). */
export function rowsFromCsv(text: string, maxRows: number): NomineeRow[] {
  return checkRows(readListFile(text, maxRows, columnKey) as Nominee[]);
}

export function rowsFromEmails(emails: string[]): NomineeRow[] {
  return checkRows(emails.map((email) => ({ email })));
}

function checkRows(nominees: Nominee[]): NomineeRow[] {
  const seen = new Set<string>();
  return nominees.map((raw, index) => {
    const row = index + 1;
    const email = normalizeEmail(raw.email ?? '');
    const problems = nomineeProblems(raw, email);
    if (problems.length > 0) return { row, email, code: 'ENROLLMENT_BULK_INVALID_ROW', message: problems.join('; ') };
    if (seen.has(email)) return { row, email, code: 'ENROLLMENT_BULK_DUPLICATE_ROW', message: 'This email appears earlier in the list' };
    seen.add(email);
    const nominee: Nominee = { ...raw, email };
    if (nominee.nationality) nominee.nationality = nominee.nationality.toUpperCase();
    return { row, email, nominee };
  });
}

function nomineeProblems(raw: Nominee, email: string): string[] {
  const problems: string[] = [];
  if (!email || !isEmail(email) || email.length > 254) problems.push('email must be an email address');
  if (raw.fullName !== undefined && raw.fullName.length > 200) problems.push('fullName must be at most 200 characters');
  if (raw.gender !== undefined && !(GENDERS as readonly string[]).includes(raw.gender)) problems.push(`gender must be one of ${GENDERS.join(', ')}`);
  if (raw.nationality !== undefined && !isISO31661Alpha3(raw.nationality.toUpperCase())) {
    problems.push('nationality must be an ISO 3166-1 alpha-3 country code');
  }
  if (raw.category !== undefined && !(PARTICIPANT_CATEGORIES as readonly string[]).includes(raw.category)) {
    problems.push(`category must be one of ${PARTICIPANT_CATEGORIES.join(', ')}`);
  }
  if (raw.rank !== undefined && raw.rank.length > 100) problems.push('rank must be at most 100 characters');
  if (raw.organization !== undefined && raw.organization.length > 200) problems.push('organization must be at most 200 characters');
  return problems;
}

/** "amina.uwase" → "Amina Uwase": a name for an account created from an email alone, until its owner edits it. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  return (
    local
      .split(/[._+-]+/)
      .filter(Boolean)
      .map((part) => part[0]!.toUpperCase() + part.slice(1))
      .join(' ') || email
  );
}
