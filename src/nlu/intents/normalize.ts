/**
 * Text normalisation and word splitting for the intent classifier.
 *
 * The same function runs on training utterances and on user text, so whatever it folds away
 * (case, accents, punctuation, digit values) can never separate a query from its examples.
 */
import { foldText } from '../text/fold.js';

/**
 * A word is a run of letters, digits and (for scripts whose marks were kept) marks. Scripts
 * written without spaces are cut into single characters, so that their word n-grams become
 * character n-grams.
 */
const WORD =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]|[\p{L}\p{N}\p{M}]+/gu;
const DIGITS = /^\p{Nd}+$/u;

/** Stands for any number: "for 4 people" should match "for 2 people". */
export const NUMBER_TOKEN = '0';

/**
 * Lowercase, compatibility-decompose, fold accents of Latin/Greek/Cyrillic, spell ligatures:
 * the folding slot matching uses too (text/fold.ts), so both read words alike.
 */
export function normalizeText(text: string): string {
  return foldText(text);
}

/** The words of already normalised text, numbers replaced by {@link NUMBER_TOKEN}. */
export function splitWords(normalized: string): string[] {
  const words: string[] = [];
  for (const match of normalized.matchAll(WORD)) {
    const word = match[0];
    words.push(DIGITS.test(word) ? NUMBER_TOKEN : word);
  }
  return words;
}

/** A slot marker of a training utterance: `{guests}`. */
const SLOT_MARKER = /\{[^{}]*\}/gu;

/**
 * The word sequences of a text. Training utterances are cut at their `{slot}` markers: the
 * value a user types there is unknown, so no word n-gram may join the words on either side.
 * User text is one segment (a literal `{` typed by a user is punctuation like any other).
 */
export function textSegments(text: string, utterance: boolean): string[][] {
  const parts = utterance ? text.split(SLOT_MARKER) : [text];
  const segments: string[][] = [];
  for (const part of parts) {
    const words = splitWords(normalizeText(part));
    if (words.length > 0) segments.push(words);
  }
  return segments;
}
