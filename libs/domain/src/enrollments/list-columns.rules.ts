// The columns of a list file (bulk enrolments, nomination lists) as people write them: one header reading for both.

/**
 * The field each header names, whatever its case, spaces, dashes and underscores (`names`: the field by its
 * squeezed lower-case spelling); undefined for any other column.
 */
export function looseColumns<K extends string>(names: Record<string, K>): (header: string) => K | undefined {
  // A Map, not the object: a header such as "constructor" must not find Object.prototype's.
  const columns = new Map<string, K>(Object.entries(names));
  return (header) => columns.get(header.toLowerCase().replace(/[\s_-]/g, ''));
}
