/**
 * Folding for comparisons that must ignore case and accents: "Crème Brûlée" and "creme brulee"
 * are the same words to a user typing on a phone. Folding can change a string's length
 * ("ß" → "ss"), so offsets are always taken on the original text (see tokens.ts).
 */

/** Scripts whose combining marks are accents that users routinely omit (é, ñ, ü, й). */
const FOLDED_MARKS = /([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu;

/** Letters that decomposition leaves whole but that people spell out when a keyboard lacks them. */
const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
};
const SPELLED_LETTERS = /[ßæœøđłıþ]/gu;

/** Typographic apostrophes typed by phones and word processors. */
const APOSTROPHES = /[\u2019\u2018\u02BC\u00B4`]/gu;

/** Lowercase, compatibility-decompose (ligatures, full-width forms), drop Latin/Greek/Cyrillic accents. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(FOLDED_MARKS, '$1')
    .replace(SPELLED_LETTERS, (c) => LETTERS[c] ?? c)
    .replace(APOSTROPHES, "'");
}

/**
 * Folds character by character, keeping each character's length in UTF-16 units, so that a
 * regular expression run on the result gives offsets valid in the original. A character whose
 * folding would change its length ("ß" → "ss") is only lowercased, or kept.
 */
export function foldKeepingOffsets(text: string): string {
  let folded = '';
  for (const char of text) {
    const f = foldText(char);
    if (f.length === char.length) folded += f;
    else {
      const lower = char.toLowerCase();
      folded += lower.length === char.length ? lower : char;
    }
  }
  return folded;
}
