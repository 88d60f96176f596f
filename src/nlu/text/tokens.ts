/**
 * Words of a text with their place in it. Each token keeps its original spelling, its folded
 * form (fold.ts) for comparisons, and both offset systems: UTF-16 units to slice the string
 * and code points for what the NLU reports (offsets.ts).
 */
import { foldText } from './fold.js';
import type { NluLanguage } from './languages.js';
import { CodePointMap } from './offsets.js';

export interface Token {
  /** The word as written. */
  readonly text: string;
  /** Lowercase, accents folded: what comparisons use. */
  readonly norm: string;
  /** Code point offsets in the text, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** UTF-16 offsets in the text, end exclusive: `text.slice(utf16Start, utf16End)`. */
  readonly utf16Start: number;
  readonly utf16End: number;
}

/**
 * A word is a run of letters, marks and digits, apostrophes inside it included ("don't",
 * "aujourd'hui"). Scripts written without spaces are cut into single characters.
 */
const WORD =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]|[\p{L}\p{N}\p{M}]+(?:['\u2019][\p{L}\p{N}\p{M}]+)*/gu;

/** French elided articles and pronouns glued to the next word: "l'heure" is "l'" + "heure". */
const FRENCH_ELISION = /^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['\u2019](?=\p{L})/iu;

export function tokenize(text: string, language?: NluLanguage): Token[] {
  const map = new CodePointMap(text);
  const tokens: Token[] = [];
  const push = (from: number, to: number): void => {
    const word = text.slice(from, to);
    tokens.push({
      text: word,
      norm: foldText(word),
      start: map.toCodePoint(from),
      end: map.toCodePoint(to),
      utf16Start: from,
      utf16End: to,
    });
  };
  for (const match of text.matchAll(WORD)) {
    const from = match.index;
    const to = from + match[0].length;
    const elision = language === 'fr' ? FRENCH_ELISION.exec(match[0]) : null;
    if (elision) {
      push(from, from + elision[0].length);
      push(from + elision[0].length, to);
    } else {
      push(from, to);
    }
  }
  return tokens;
}
