/**
 * `list` slot types: a canonical value and its synonyms, matched whatever the case and accents,
 * over several words ("new york"), the longest phrase first, forgiving a typo per word
 * (fuzzy.ts): "pizzza" is `italian` when "pizza" is one of its synonyms.
 */
import type { NluLanguage } from '../text/languages.js';
import { tokenize } from '../text/tokens.js';
import type { Token } from '../text/tokens.js';
import { allowedEdits, editDistance } from './fuzzy.js';
import type { ListSlotType } from './types.js';

interface Phrase {
  readonly value: string;
  /** Folded words. */
  readonly words: readonly string[];
}

export interface ListMatch {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  /** Edits needed: 0 for an exact match. */
  readonly cost: number;
}

const phraseCache = new WeakMap<ListSlotType, Map<NluLanguage, Phrase[]>>();

function phrasesOf(type: ListSlotType, language: NluLanguage): Phrase[] {
  let byLanguage = phraseCache.get(type);
  if (!byLanguage) {
    byLanguage = new Map();
    phraseCache.set(type, byLanguage);
  }
  let phrases = byLanguage.get(language);
  if (!phrases) {
    phrases = [];
    for (const entry of type.values) {
      for (const said of [entry.value, ...entry.synonyms]) {
        const words = tokenize(said, language).map((t) => t.norm);
        if (words.length > 0) phrases.push({ value: entry.value, words });
      }
    }
    byLanguage.set(language, phrases);
  }
  return phrases;
}

/** What may stand between two words of one phrase: "new york", "new-york". */
const JOINER = /^[\s\-\u2010\u2011]{1,3}$/u;

/** The edits to read `tokens` from `from` on as `phrase`, or undefined when it is not it. */
function costAt(
  text: string,
  tokens: readonly Token[],
  from: number,
  phrase: Phrase,
): number | undefined {
  let cost = 0;
  for (let k = 0; k < phrase.words.length; k++) {
    const token = tokens[from + k];
    const word = phrase.words[k]!;
    if (!token) return undefined;
    if (k > 0 && !JOINER.test(text.slice(tokens[from + k - 1]!.utf16End, token.utf16Start))) {
      return undefined;
    }
    if (token.norm === word) continue;
    const length = Array.from(word).length;
    const max = Math.min(allowedEdits(length), allowedEdits(Array.from(token.norm).length));
    if (max === 0) return undefined;
    const distance = editDistance(token.norm, word, max);
    if (distance > max) return undefined;
    cost += distance;
  }
  return cost;
}

/** For each word of the text, the best phrase starting there: most words, then fewest edits. */
export function findListValues(
  text: string,
  tokens: readonly Token[],
  type: ListSlotType,
  language: NluLanguage,
): ListMatch[] {
  const phrases = phrasesOf(type, language);
  const found: ListMatch[] = [];
  for (let i = 0; i < tokens.length; i++) {
    let best: { phrase: Phrase; cost: number } | undefined;
    for (const phrase of phrases) {
      if (best && phrase.words.length < best.phrase.words.length) continue;
      const cost = costAt(text, tokens, i, phrase);
      if (cost === undefined) continue;
      const better =
        !best ||
        phrase.words.length > best.phrase.words.length ||
        (phrase.words.length === best.phrase.words.length && cost < best.cost);
      if (better) best = { phrase, cost };
    }
    if (best) {
      const last = tokens[i + best.phrase.words.length - 1]!;
      found.push({
        start: tokens[i]!.utf16Start,
        end: last.utf16End,
        value: best.phrase.value,
        cost: best.cost,
      });
    }
  }
  return found;
}
