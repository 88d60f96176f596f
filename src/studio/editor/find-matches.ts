/** The matching behind the editor's find panel (find.ts): literal, ignoring case, wrapping. */

export interface Match {
  readonly from: number;
  readonly to: number;
}

function pattern(query: string): RegExp {
  return new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
}

/** Every match of `query` in `text`, ignoring case; none for an empty query. */
export function findAll(text: string, query: string): Match[] {
  if (query === '') return [];
  return [...text.matchAll(pattern(query))].map((found) => ({
    from: found.index,
    to: found.index + found[0].length,
  }));
}

/**
 * The match after `from` (forwards) or the one before (backwards), wrapping around the end of
 * the text; null when there is none.
 */
export function findNext(
  text: string,
  query: string,
  from: number,
  backwards: boolean,
): Match | null {
  const matches = findAll(text, query);
  if (matches.length === 0) return null;
  if (backwards) {
    return matches.filter((match) => match.from < from).at(-1) ?? matches.at(-1)!;
  }
  return matches.find((match) => match.from >= from) ?? matches[0]!;
}
