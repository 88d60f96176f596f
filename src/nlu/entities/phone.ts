/**
 * Phone numbers. International ones ("+33 6 12 34 56 78", "0033 6 12 34 56 78") are read by
 * libphonenumber-js, which knows each country's numbering plan, and given in E.164
 * ("+33612345678"); one that is not a valid number of its country is not a phone number.
 * A national number ("06 12 34 56 78", "(555) 123-4567") cannot tell its country, so its
 * value is its digits ("0612345678"): 8 to 15 of them (7 with a leading 0 or an area code in
 * parentheses), in groups separated by single spaces, dots or hyphens.
 */
import { findPhoneNumbersInText, parsePhoneNumberFromString } from 'libphonenumber-js';

import type { Match } from './types.js';

/**
 * Groups of digits, each after one space, dot or hyphen, the first maybe in parentheses. A
 * separator starts every repetition, so the pattern cannot backtrack badly on long digit runs.
 */
const NATIONAL =
  /(?<![\p{L}\p{N}+.,/:-])\+?(?:\([0-9]{1,5}\)[ .-]?)?[0-9]+(?:[ .-][0-9]+)*(?![\p{L}\p{N}/:]|[.,-][0-9])/gu;

export function findPhones(text: string): Match[] {
  const found: Match[] = [];
  for (const hit of findPhoneNumbersInText(text)) {
    if (hit.number.isValid()) {
      found.push({ start: hit.startsAt, end: hit.endsAt, value: hit.number.number });
    }
  }
  const taken = (start: number, end: number): boolean =>
    found.some((f) => f.start < end && start < f.end);
  for (const m of text.matchAll(NATIONAL)) {
    const start = m.index;
    const end = start + m[0].length;
    // "+33…" that libphonenumber refused is no national number either, nor any part of it.
    if (taken(start, end) || m[0].startsWith('+')) continue;
    const digits = m[0].replace(/[^0-9]/gu, '');
    if (digits.length < 7 || digits.length > 17) continue;
    if (digits.startsWith('00')) {
      const international = parsePhoneNumberFromString(`+${digits.slice(2)}`);
      if (international?.isValid()) {
        found.push({ start, end, value: international.number });
      }
      continue;
    }
    // Few digits could as well be a quantity ("1 500 000"), unless a trunk 0 or an area code says phone.
    const looksNational = digits.startsWith('0') || m[0].startsWith('(') || digits.length >= 8;
    if (digits.length > 15 || !looksNational) continue;
    found.push({ start, end, value: digits });
  }
  return found.sort((x, y) => x.start - y.start);
}
