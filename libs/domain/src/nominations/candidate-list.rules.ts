// The columns of a nomination list as academies write them, named loosely ("E-mail address", "Sex",
// "Country"): one reading for the API and for the web application's preview, so the preview shows what the API takes.
import { looseColumns } from '../enrollments/list-columns.rules.js';

export type CandidateField = 'email' | 'fullName' | 'gender' | 'nationality' | 'category' | 'rank' | 'position' | 'priority' | 'languages';

/** The candidate field a header names, whatever its case, spaces, dashes and underscores; undefined for others. */
export const candidateColumn = looseColumns<CandidateField>({
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
});

