// The columns of a nomination list as academies write them, named loosely ("E-mail address", "Sex",
// "Country"): one reading for the API and for the web application's preview, so the preview shows what the API takes.

export type CandidateField = 'email' | 'fullName' | 'gender' | 'nationality' | 'category' | 'rank' | 'position' | 'priority' | 'languages';

// A Map, not an object literal: a header such as "constructor" must not find Object.prototype's.
const COLUMNS = new Map<string, CandidateField>(Object.entries({
  email: 'email',
  emailaddress: 'email',
  name: 'fullName',
  fullname: 'fullName',
  gender: 'gender',
  sex: 'gender',
  nationality: 'nationality',
  country: 'nationality',
  category: 'category',
  rank: 'rank',
  position: 'position',
  function: 'position',
  priority: 'priority',
  languages: 'languages',
  language: 'languages',
} satisfies Record<string, CandidateField>));

/** The candidate field a header names, whatever its case, spaces, dashes and underscores; undefined for others. */
export function candidateColumn(header: string): CandidateField | undefined {
  return COLUMNS.get(header.toLowerCase().replace(/[\s_-]/g, ''));
}
