/**
 * Amounts of money: `{amount, currency}` with an ISO 4217 code. A symbol or code before or
 * after a number ("€20", "20 €", "$5.50", "10 USD", "CHF 15") or a currency word after it
 * ("20 euros", "five dollars", "3 livres sterling", "20 Franken"). Amounts read as numbers
 * do in the language ("5,50 €" is 5.5 in French).
 *
 * Symbols shared by several currencies take the most common one: "$" is USD (C$, A$, CA$,
 * AU$, R$ and MX$ are told apart), "¥" is JPY, "£" GBP, "kr" is not read. "pound(s)" and
 * "Pfund" are GBP, even though they weigh things too.
 */
import { foldKeepingOffsets } from '../text/fold.js';
import type { NluLanguage } from '../text/languages.js';
import type { NumberMatch } from './numbers.js';
import type { Match } from './types.js';

/** Symbols, longest first so that "US$" is not read as "$". */
const SYMBOLS: readonly (readonly [string, string])[] = [
  ['US$', 'USD'],
  ['CA$', 'CAD'],
  ['AU$', 'AUD'],
  ['MX$', 'MXN'],
  ['C$', 'CAD'],
  ['A$', 'AUD'],
  ['R$', 'BRL'],
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['₩', 'KRW'],
  ['₽', 'RUB'],
  ['₺', 'TRY'],
  ['₪', 'ILS'],
  ['₫', 'VND'],
  ['₱', 'PHP'],
  ['฿', 'THB'],
  ['zł', 'PLN'],
];

/** Codes read in text, as a word of their own ("10 USD", "eur 5"). */
const CODES = [
  'EUR',
  'USD',
  'GBP',
  'JPY',
  'CHF',
  'CAD',
  'AUD',
  'NZD',
  'CNY',
  'HKD',
  'SGD',
  'INR',
  'KRW',
  'MXN',
  'BRL',
  'ARS',
  'CLP',
  'COP',
  'PEN',
  'SEK',
  'NOK',
  'DKK',
  'ISK',
  'PLN',
  'CZK',
  'HUF',
  'RON',
  'BGN',
  'RUB',
  'UAH',
  'TRY',
  'ILS',
  'AED',
  'SAR',
  'ZAR',
  'EGP',
  'MAD',
  'THB',
  'VND',
  'PHP',
  'IDR',
  'MYR',
];

/** Currency words after an amount, folded; longest first. */
const WORDS: Readonly<Record<NluLanguage, readonly (readonly [string, string])[]>> = {
  en: [
    ['swiss francs', 'CHF'],
    ['swiss franc', 'CHF'],
    ['pounds sterling', 'GBP'],
    ['us dollars', 'USD'],
    ['euros', 'EUR'],
    ['euro', 'EUR'],
    ['dollars', 'USD'],
    ['dollar', 'USD'],
    ['bucks', 'USD'],
    ['pounds', 'GBP'],
    ['pound', 'GBP'],
    ['quid', 'GBP'],
    ['yen', 'JPY'],
    ['rupees', 'INR'],
  ],
  fr: [
    ['francs suisses', 'CHF'],
    ['franc suisse', 'CHF'],
    ['livres sterling', 'GBP'],
    ['livre sterling', 'GBP'],
    ['dollars canadiens', 'CAD'],
    ['euros', 'EUR'],
    ['euro', 'EUR'],
    ['balles', 'EUR'],
    ['dollars', 'USD'],
    ['dollar', 'USD'],
    ['livres', 'GBP'],
    ['yens', 'JPY'],
    ['yen', 'JPY'],
  ],
  es: [
    ['francos suizos', 'CHF'],
    ['libras esterlinas', 'GBP'],
    ['libra esterlina', 'GBP'],
    ['euros', 'EUR'],
    ['euro', 'EUR'],
    ['dolares', 'USD'],
    ['dolar', 'USD'],
    ['libras', 'GBP'],
    ['libra', 'GBP'],
    ['yenes', 'JPY'],
    ['yen', 'JPY'],
  ],
  de: [
    ['schweizer franken', 'CHF'],
    ['franken', 'CHF'],
    ['euros', 'EUR'],
    ['euro', 'EUR'],
    ['dollars', 'USD'],
    ['dollar', 'USD'],
    ['pfund', 'GBP'],
    ['yen', 'JPY'],
  ],
};

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

const SYMBOL_ALTERNATIVES = SYMBOLS.map(([s]) => escape(s)).join('|');
const CODE_ALTERNATIVES = CODES.join('|');

/** A symbol or code right before an amount: "$5", "€ 20", "CHF 15". Codes only in capitals. */
const BEFORE = new RegExp(
  `(?:(${SYMBOL_ALTERNATIVES})|(?<![\\p{L}\\p{N}])(${CODE_ALTERNATIVES}))[ \\u00A0]?$`,
  'u',
);

/** A symbol or code right after an amount: "20€", "10 USD". */
const AFTER_SIGN = new RegExp(
  `^[ \\u00A0]?(?:(${SYMBOL_ALTERNATIVES})|(${CODE_ALTERNATIVES})(?![\\p{L}\\p{N}]))`,
  'u',
);

const AFTER_WORD = new Map<NluLanguage, RegExp>();

/** A currency word after an amount, matched on folded text: "20 euros", "5 dólares". */
function afterWord(language: NluLanguage): RegExp {
  let regex = AFTER_WORD.get(language);
  if (!regex) {
    const words = WORDS[language].map(([w]) => escape(w)).join('|');
    regex = new RegExp(`^[ \\u00A0]?(${words})(?![\\p{L}\\p{N}])`, 'u');
    AFTER_WORD.set(language, regex);
  }
  return regex;
}

const symbolCode = (symbol: string): string | undefined => SYMBOLS.find(([s]) => s === symbol)?.[1];

/** Currency sign or word next to the amount, as [length of the sign, ISO code]. */
function signBefore(text: string, n: NumberMatch): readonly [number, string] | undefined {
  const m = BEFORE.exec(text.slice(Math.max(0, n.start - 8), n.start));
  if (!m) return undefined;
  const code = m[1] !== undefined ? symbolCode(m[1]) : m[2];
  return code === undefined ? undefined : [m[0].length, code];
}

function signAfter(
  text: string,
  folded: string,
  n: NumberMatch,
  language: NluLanguage,
): readonly [number, string] | undefined {
  const sign = AFTER_SIGN.exec(text.slice(n.end, n.end + 8));
  if (sign) {
    const code = sign[1] !== undefined ? symbolCode(sign[1]) : sign[2];
    if (code !== undefined) return [sign[0].length, code];
  }
  const word = afterWord(language).exec(folded.slice(n.end, n.end + 24));
  if (!word) return undefined;
  const code = WORDS[language].find(([w]) => w === word[1])?.[1];
  return code === undefined ? undefined : [word[0].length, code];
}

export function findCurrencies(
  text: string,
  numbers: readonly NumberMatch[],
  language: NluLanguage,
): Match[] {
  const folded = foldKeepingOffsets(text);
  const found: Match[] = [];
  for (const n of numbers) {
    if (n.value < 0) continue;
    const before = signBefore(text, n);
    if (before) {
      const [length, currency] = before;
      found.push({ start: n.start - length, end: n.end, value: { amount: n.value, currency } });
      continue;
    }
    const after = signAfter(text, folded, n, language);
    if (after) {
      const [length, currency] = after;
      found.push({ start: n.start, end: n.end + length, value: { amount: n.value, currency } });
    }
  }
  return found;
}
