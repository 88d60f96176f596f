/**
 * `regex` slot types: the text a pattern matches. Patterns come from bot authors and run on
 * every user message, so they are compiled in Unicode mode (`u`: strict syntax, code points),
 * refused when a repetition repeats another of varying length ("(a+)+", "(\w+\s?)*", the
 * shapes that backtrack exponentially), and run on at most {@link REGEX_INPUT_LIMIT} code
 * units of text.
 */
import { truncateText } from '../text/offsets.js';
import type { Match } from './types.js';

export const REGEX_INPUT_LIMIT = 500;
export const REGEX_PATTERN_LIMIT = 500;

export type CompiledPattern =
  { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly problem: string };

/** Reads a quantifier at `at`: its length and whether it repeats a varying number of times. */
function quantifierAt(
  pattern: string,
  at: number,
): { length: number; varying: boolean } | undefined {
  const char = pattern[at];
  let length: number;
  let varying: boolean;
  if (char === '*' || char === '+') {
    length = 1;
    varying = true;
  } else if (char === '?') {
    length = 1;
    varying = false;
  } else if (char === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/u.exec(pattern.slice(at));
    if (!m) return undefined;
    length = m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    varying = max > 1 && max !== min;
  } else {
    return undefined;
  }
  if (pattern[at + length] === '?') length++;
  return { length, varying };
}

/** Why a (compilable) pattern could backtrack exponentially, if it could. */
function nestedRepetition(pattern: string): string | undefined {
  // Each open group: does it contain a repetition of varying length?
  const groups: boolean[] = [false];
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i]!;
    let atomEnd = i + 1;
    let closedVarying: boolean | undefined;
    if (char === '\\') {
      atomEnd = i + 2;
    } else if (char === '[') {
      let j = i + 1;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      atomEnd = j + 1;
    } else if (char === '(') {
      groups.push(false);
      i++;
      continue;
    } else if (char === ')') {
      closedVarying = groups.pop() ?? false;
    }
    const quantifier = quantifierAt(pattern, atomEnd);
    const varying = quantifier?.varying ?? false;
    if (closedVarying !== undefined && closedVarying && varying) {
      return 'a group repeated a varying number of times contains a repetition itself, e.g. (a+)+: such patterns can take exponential time';
    }
    const top = groups.length - 1;
    if (varying || closedVarying === true) groups[top] = true;
    i = atomEnd + (quantifier?.length ?? 0);
  }
  return undefined;
}

/** Compiles a slot type's pattern, or says why it cannot be used. */
export function compileSlotPattern(pattern: string): CompiledPattern {
  if (pattern === '') return { ok: false, problem: 'must not be empty' };
  if (pattern.length > REGEX_PATTERN_LIMIT) {
    return { ok: false, problem: `must be at most ${REGEX_PATTERN_LIMIT} characters long` };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'gu');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, problem: `is not a valid regular expression: ${reason}` };
  }
  const nested = nestedRepetition(pattern);
  if (nested !== undefined) return { ok: false, problem: nested };
  return { ok: true, regex };
}

const compiled = new Map<string, CompiledPattern>();

/** Every non-overlapping match of the pattern in the first part of the text. */
export function findPatternMatches(text: string, pattern: string): Match[] {
  let entry = compiled.get(pattern);
  if (!entry) {
    entry = compileSlotPattern(pattern);
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, entry);
  }
  if (!entry.ok) return [];
  const regex = new RegExp(entry.regex.source, 'gu');
  const input = truncateText(text, REGEX_INPUT_LIMIT);
  const found: Match[] = [];
  for (const m of input.matchAll(regex)) {
    if (m[0] === '') continue; // "\d*" also matches nothing, everywhere
    found.push({ start: m.index, end: m.index + m[0].length, value: m[0] });
  }
  return found;
}
