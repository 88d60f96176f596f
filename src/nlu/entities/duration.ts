/**
 * Durations, as a number of seconds: "2 hours", "90 minutes", "1h30", "an hour and a half",
 * "une demi-heure", "dos horas y media", "anderthalb Stunden", "1 hour 30".
 *
 * A month counts 30 days and a year 365: a duration has no calendar to say which month.
 */
import { foldKeepingOffsets } from '../text/fold.js';
import type { NluLanguage } from '../text/languages.js';
import type { Token } from '../text/tokens.js';
import type { NumberMatch } from './numbers.js';
import type { Match } from './types.js';

type Unit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

const SECONDS: Readonly<Record<Unit, number>> = {
  year: 365 * 86_400,
  month: 30 * 86_400,
  week: 7 * 86_400,
  day: 86_400,
  hour: 3_600,
  minute: 60,
  second: 1,
};

/** Unit words per language (folded spelling), longest alternatives first in the pattern. */
const UNIT_WORDS: Readonly<Record<NluLanguage, Readonly<Record<Unit, readonly string[]>>>> = {
  en: {
    year: ['years', 'year', 'yrs', 'yr'],
    month: ['months', 'month'],
    week: ['weeks', 'week', 'wks', 'wk'],
    day: ['days', 'day'],
    hour: ['hours', 'hour', 'hrs', 'hr', 'h'],
    minute: ['minutes', 'minute', 'mins', 'min'],
    second: ['seconds', 'second', 'secs', 'sec', 's'],
  },
  fr: {
    year: ['annees', 'annee', 'ans', 'an'],
    month: ['mois'],
    week: ['semaines', 'semaine'],
    day: ['journees', 'journee', 'jours', 'jour', 'j'],
    hour: ['heures', 'heure', 'h'],
    minute: ['minutes', 'minute', 'min', 'mn'],
    second: ['secondes', 'seconde', 'sec', 's'],
  },
  es: {
    year: ['anos', 'ano'],
    month: ['meses', 'mes'],
    week: ['semanas', 'semana'],
    day: ['dias', 'dia'],
    hour: ['horas', 'hora', 'h'],
    minute: ['minutos', 'minuto', 'min'],
    second: ['segundos', 'segundo', 'seg', 's'],
  },
  de: {
    year: ['jahren', 'jahre', 'jahr'],
    month: ['monaten', 'monate', 'monat'],
    week: ['wochen', 'woche'],
    day: ['tagen', 'tage', 'tag'],
    hour: ['stunden', 'stunde', 'std', 'h'],
    minute: ['minuten', 'minute', 'min'],
    second: ['sekunden', 'sekunde', 'sek', 's'],
  },
};

/** Abbreviations that only follow digits: "5 h" is a duration, "a h" is not. */
const ABBREVIATIONS = new Set(['h', 's', 'j', 'min', 'mn', 'sec', 'seg', 'sek', 'std']);

/** Quantities that are only quantities before a unit: "an hour", "une heure", "eine Stunde". */
const ARTICLES: Readonly<Record<NluLanguage, readonly string[]>> = {
  en: ['a', 'an'],
  fr: ['un', 'une'],
  es: ['un', 'una'],
  de: ['ein', 'eine', 'einen', 'einer'],
};

/** German fractions written as one word. */
const HALVES_DE: Readonly<Record<string, number>> = {
  anderthalb: 1.5,
  eineinhalb: 1.5,
  zweieinhalb: 2.5,
  dreieinhalb: 3.5,
  viereinhalb: 4.5,
  funfeinhalb: 5.5,
};

/** "… and a half" after a quantity or its unit. */
const AND_A_HALF: Readonly<Record<NluLanguage, RegExp>> = {
  en: /[ \u00A0]+and a half(?![\p{L}\p{N}])/iuy,
  fr: /[ \u00A0]+et demie?(?![\p{L}\p{N}])/iuy,
  es: /[ \u00A0]+y medi[ao](?![\p{L}\p{N}])/iuy,
  de: /[ \u00A0]+und eine?n? halbe[n]?(?![\p{L}\p{N}])/iuy,
};

/** "half an hour", "une demi-heure", "media hora", "eine halbe Stunde": the unit follows. */
const HALF_BEFORE: Readonly<Record<NluLanguage, RegExp>> = {
  en: /(?<![\p{L}\p{N}])half(?: an?)?(?=[ \u00A0])/iuy,
  fr: /(?<![\p{L}\p{N}])(?:une? )?demie?(?=[- \u00A0])/iuy,
  es: /(?<![\p{L}\p{N}])(?:una? )?medi[ao](?=[ \u00A0])/iuy,
  de: /(?<![\p{L}\p{N}])(?:eine?[nr]? )?halbe[nr]?(?=[ \u00A0])/iuy,
};

/**
 * Between two parts of one duration: "1 hour and 30 minutes", "2 h 15 min". A comma is not
 * one: "2 hours, 30 minutes" may as well be a list.
 */
const CHAIN: Readonly<Record<NluLanguage, RegExp>> = {
  en: /(?:[ \u00A0]+and)?[ \u00A0]*/iuy,
  fr: /(?:[ \u00A0]+et)?[ \u00A0]*/iuy,
  es: /(?:[ \u00A0]+y)?[ \u00A0]*/iuy,
  de: /(?:[ \u00A0]+und)?[ \u00A0]*/iuy,
};

/** Before a bare number that continues a duration ("1 hour 30", "1h30"): one space at most. */
const BARE_GAP = /[ \u00A0]?/uy;

const UNIT_ORDER: readonly Unit[] = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'];

/** The next smaller unit a bare number after a unit stands for: "1 hour 30" is 1 h 30 min. */
const BARE_NEXT: Partial<Record<Unit, Unit>> = { hour: 'minute', minute: 'second' };

const BARE_NUMBER = /([0-9]{1,2})(?![\p{L}\p{N}]|[.,][0-9])/uy;

interface Quantity {
  readonly start: number;
  readonly end: number;
  readonly value: number;
  readonly digits: boolean;
}

interface Term {
  readonly end: number;
  readonly unit: Unit;
  readonly seconds: number;
}

function unitPattern(language: NluLanguage): { regex: RegExp; units: Map<string, Unit> } {
  const units = new Map<string, Unit>();
  for (const unit of UNIT_ORDER) {
    for (const word of UNIT_WORDS[language][unit]) units.set(word, unit);
  }
  const words = [...units.keys()].sort((x, y) => y.length - x.length);
  // Matched on folded text of the same length as the original (see unitAt).
  // A digit may follow: "1h30", "1min30".
  const regex = new RegExp(`(${words.join('|')})(?!\\p{L})`, 'uy');
  return { regex, units };
}

const UNIT_PATTERNS = new Map<NluLanguage, ReturnType<typeof unitPattern>>();

function unitsOf(language: NluLanguage): ReturnType<typeof unitPattern> {
  let pattern = UNIT_PATTERNS.get(language);
  if (!pattern) {
    pattern = unitPattern(language);
    UNIT_PATTERNS.set(language, pattern);
  }
  return pattern;
}

function unitAt(
  folded: string,
  at: number,
  quantity: Quantity,
  language: NluLanguage,
): { end: number; unit: Unit } | undefined {
  const gap = /[ \u00A0]*-?/uy;
  gap.lastIndex = at;
  const space = gap.exec(folded)?.[0] ?? '';
  if (space.length === 0 && !quantity.digits) return undefined;
  const { regex, units } = unitsOf(language);
  regex.lastIndex = at + space.length;
  const word = regex.exec(folded)?.[1];
  if (word === undefined) return undefined;
  if (ABBREVIATIONS.has(word) && !quantity.digits) return undefined;
  const unit = units.get(word);
  return unit ? { end: at + space.length + word.length, unit } : undefined;
}

function sticky(regex: RegExp, text: string, at: number): number | undefined {
  regex.lastIndex = at;
  const match = regex.exec(text);
  return match ? at + match[0].length : undefined;
}

/** quantity [and a half] unit [and a half] */
function termAt(folded: string, quantity: Quantity, language: NluLanguage): Term | undefined {
  let value = quantity.value;
  let at = quantity.end;
  const halfFirst = sticky(AND_A_HALF[language], folded, at);
  if (halfFirst !== undefined) {
    value += 0.5;
    at = halfFirst;
  }
  const unit = unitAt(folded, at, quantity, language);
  if (!unit) return undefined;
  at = unit.end;
  if (halfFirst === undefined) {
    const halfAfter = sticky(AND_A_HALF[language], folded, at);
    if (halfAfter !== undefined) {
      value += 0.5;
      at = halfAfter;
    }
  }
  return { end: at, unit: unit.unit, seconds: value * SECONDS[unit.unit] };
}

function quantitiesOf(
  text: string,
  tokens: readonly Token[],
  numbers: readonly NumberMatch[],
  language: NluLanguage,
): Quantity[] {
  const quantities: Quantity[] = numbers.map((n) => ({
    start: n.start,
    end: n.end,
    value: n.value,
    digits: /^[-\u2212]?[0-9]/u.test(text.slice(n.start, n.end)),
  }));
  const inNumber = (t: Token): boolean =>
    numbers.some((n) => n.start <= t.utf16Start && t.utf16End <= n.end);
  for (const token of tokens) {
    if (inNumber(token)) continue;
    const half = language === 'de' ? HALVES_DE[token.norm] : undefined;
    if (half !== undefined || ARTICLES[language].includes(token.norm)) {
      const value = half ?? 1;
      quantities.push({ start: token.utf16Start, end: token.utf16End, value, digits: false });
    }
  }
  return quantities.sort((x, y) => x.start - y.start);
}

/** Every duration of the text, in seconds, left to right. */
export function findDurations(
  text: string,
  tokens: readonly Token[],
  numbers: readonly NumberMatch[],
  language: NluLanguage,
): Match[] {
  const folded = foldKeepingOffsets(text);
  const quantities = quantitiesOf(text, tokens, numbers, language);
  const byStart = new Map(quantities.map((q) => [q.start, q]));
  const found: Match[] = [];
  let consumed = 0;

  const halfBefore = HALF_BEFORE[language];
  for (let i = 0; i < text.length; i++) {
    // "half an hour": the half is a quantity of its own.
    halfBefore.lastIndex = i;
    const half = halfBefore.exec(folded);
    if (half && i >= consumed) {
      const unit = unitAt(
        folded,
        i + half[0].length,
        { start: i, end: i, value: 0.5, digits: false },
        language,
      );
      if (unit) {
        found.push({ start: i, end: unit.end, value: 0.5 * SECONDS[unit.unit] });
        consumed = unit.end;
        continue;
      }
    }
    const quantity = byStart.get(i);
    if (!quantity || i < consumed) continue;
    const first = termAt(folded, quantity, language);
    if (!first) continue;
    let seconds = first.seconds;
    let end = first.end;
    let last = first.unit;
    for (;;) {
      const next = sticky(CHAIN[language], folded, end) ?? end;
      const following = byStart.get(next);
      const term = following && termAt(folded, following, language);
      if (term && UNIT_ORDER.indexOf(term.unit) > UNIT_ORDER.indexOf(last)) {
        seconds += term.seconds;
        end = term.end;
        last = term.unit;
        continue;
      }
      const bareUnit = BARE_NEXT[last];
      BARE_NUMBER.lastIndex = sticky(BARE_GAP, folded, end) ?? end;
      const bare = bareUnit ? BARE_NUMBER.exec(folded) : null;
      if (bareUnit && bare) {
        const value = Number(bare[1]);
        if (value < 60) {
          seconds += value * SECONDS[bareUnit];
          end = bare.index + bare[0].length;
          last = bareUnit;
          continue;
        }
      }
      break;
    }
    found.push({ start: quantity.start, end, value: Math.round(seconds * 1000) / 1000 });
    consumed = end;
  }
  return found;
}
