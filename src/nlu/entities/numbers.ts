/**
 * Numbers in digits and in words (number-words.ts).
 *
 * Separators follow the language: the decimal mark is "." in English and "," in French,
 * Spanish and German. The other mark groups thousands when exactly three digits follow it
 * ("1,500" is 1500 in English, "1.500" is 1500 in German). Followed by any other count of
 * digits it cannot be grouping, and is read as a decimal mark typed by someone used to the
 * other convention: "1,5" is 1.5 in every language, English included. Spaces group thousands
 * in French, Spanish and German ("10 000"); in English "1 500" is two numbers.
 */
import { foldText } from '../text/fold.js';
import type { NluLanguage } from '../text/languages.js';
import type { Token } from '../text/tokens.js';
import { findWordNumbers, scaleOf } from './number-words.js';

export interface NumberMatch {
  /** UTF-16 offsets, end exclusive. */
  readonly start: number;
  readonly end: number;
  readonly value: number;
}

/**
 * A run of ASCII digits and separators, not glued to a word before it ("A320", "v2"). A minus
 * sign counts only where it cannot be a hyphen: "-5" is negative, "5-10" and "ABC-12" are not.
 */
const DIGITS =
  /(?:(?<![\p{L}\p{N}.,])[-\u2212](?=[0-9]))?(?<![\p{L}\p{N}.,])[0-9]+(?:[.,\u00A0\u202F ][0-9]+)*/gu;
const SEPARATOR = /[.,\u00A0\u202F ]/u;

/** Marks that group thousands; the other of "." and "," is the decimal mark. */
const GROUPING: Readonly<Record<NluLanguage, string>> = {
  en: ',\u00A0\u202F',
  fr: '. \u00A0\u202F',
  es: '. \u00A0\u202F',
  de: '. \u00A0\u202F',
};

/** Reads the longest well-formed number at the start of a digit run; its length in units. */
function readDigits(raw: string, language: NluLanguage): { value: number; length: number } {
  const negative = raw.startsWith('-') || raw.startsWith('\u2212');
  const body = negative ? raw.slice(1) : raw;
  const groups: string[] = [];
  const separators: string[] = [];
  let current = '';
  for (const char of body) {
    if (SEPARATOR.test(char)) {
      groups.push(current);
      separators.push(char);
      current = '';
    } else {
      current += char;
    }
  }
  groups.push(current);

  const first = groups[0] ?? '';
  let integer = first;
  let fraction: string | undefined;
  let groupMark: string | undefined;
  let length = (negative ? 1 : 0) + first.length;
  for (let k = 1; k < groups.length; k++) {
    const separator = separators[k - 1]!;
    const group = groups[k]!;
    if (fraction !== undefined) break;
    const groups3 =
      GROUPING[language].includes(separator) &&
      group.length === 3 &&
      first.length <= 3 &&
      (groupMark === undefined || groupMark === separator);
    if (groups3) {
      integer += group;
      groupMark = separator;
    } else if ((separator === '.' || separator === ',') && separator !== groupMark) {
      fraction = group;
    } else {
      break;
    }
    length += 1 + group.length;
  }
  const text = integer + (fraction === undefined ? '' : `.${fraction}`);
  const value = Number(text);
  return { value: negative && value !== 0 ? -value : value, length };
}

/** A multiplier word right after digits: "2 million", "1,5 millions", "3 mil". */
const AFTER_DIGITS = /^[ \u00A0]+([\p{L}]+)/u;

function withScale(text: string, match: NumberMatch, language: NluLanguage): NumberMatch {
  const after = AFTER_DIGITS.exec(text.slice(match.end, match.end + 20));
  const word = after?.[1];
  if (word === undefined) return match;
  const scale = scaleOf(foldText(word), language);
  if (scale === undefined) return match;
  const value = Number((match.value * scale).toPrecision(15));
  return { start: match.start, end: match.end + after![0].length, value };
}

/** Every number of the text, digits and words, left to right, never overlapping. */
export function findNumbers(
  text: string,
  tokens: readonly Token[],
  language: NluLanguage,
): NumberMatch[] {
  const found: NumberMatch[] = [];
  DIGITS.lastIndex = 0;
  for (let m = DIGITS.exec(text); m !== null; m = DIGITS.exec(text)) {
    const { value, length } = readDigits(m[0], language);
    if (Number.isFinite(value)) {
      found.push(withScale(text, { start: m.index, end: m.index + length, value }, language));
    }
    // What the reading left (a second number after an unusable separator) is scanned again.
    DIGITS.lastIndex = m.index + length;
  }
  for (const words of findWordNumbers(text, tokens, language)) {
    const start = tokens[words.from]!.utf16Start;
    const end = tokens[words.to - 1]!.utf16End;
    if (!found.some((n) => n.start < end && start < n.end)) {
      found.push({ start, end, value: words.value });
    }
  }
  return found.sort((x, y) => x.start - y.start);
}
