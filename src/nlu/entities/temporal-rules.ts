/**
 * Date and time expressions chrono-node does not read in some of our languages, found with
 * patterns of our own: noon and midnight words ("midi", "Mittag"), two-day offsets
 * ("après-demain", "anteayer"), German numeric dates without a year ("am 12.03."), "17h30"
 * in any language, and "du soir" / "de la tarde" after a time.
 */
import { foldKeepingOffsets } from '../text/fold.js';
import type { NluLanguage } from '../text/languages.js';
import { addDays, compareTimes, isCalendarDate } from './clock.js';
import type { CalendarDate, ClockTime, WallClock } from './clock.js';
import type { TemporalSpan } from './temporal-span.js';

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';

const NOON_WORDS: Readonly<Record<NluLanguage, { noon: string; midnight: string }>> = {
  en: { noon: 'noon|midday', midnight: 'midnight' },
  fr: { noon: 'midi', midnight: 'minuit' },
  es: { noon: 'mediodia', midnight: 'medianoche' },
  de: { noon: 'mittag', midnight: 'mitternacht' },
};

const DAY_OFFSETS: Readonly<Record<NluLanguage, readonly (readonly [string, number])[]>> = {
  en: [
    ['(?:the )?day after tomorrow', 2],
    ['(?:the )?day before yesterday', -2],
  ],
  fr: [
    ['apres[- ]demain', 2],
    ['avant[- ]hier', -2],
  ],
  es: [
    ['pasado manana', 2],
    ['anteayer|antier|antes de ayer', -2],
  ],
  de: [
    ['ubermorgen', 2],
    ['vorgestern', -2],
  ],
};

/** "17h30", "17 h", "9h": the French and Spanish way of writing the time, also met elsewhere. */
const H_TIME = new RegExp(
  `${NOT_WORD_BEFORE}([01]?[0-9]|2[0-3]) ?h ?([0-5][0-9])?${NOT_WORD_AFTER}`,
  'gu',
);

/** German dates without a year, "12.03." or "12.03" (German writes decimals with a comma). */
const DE_DAY_MONTH = /(?<![\p{N}.,])([0-3]?[0-9])\.([01]?[0-9])\.?(?![\p{N}]|[.,][\p{N}])/gu;

/** Words after a time that say which half of the day it is in. */
const HALF_OF_DAY: Readonly<Record<NluLanguage, RegExp>> = {
  en: /[ \u00A0]+(?:in the (evening|afternoon|morning)|at (night))(?![\p{L}\p{N}])/uy,
  fr: /[ \u00A0]+(?:du (soir|matin)|de l'(apres-midi))(?![\p{L}\p{N}])/uy,
  es: /[ \u00A0]+de la (tarde|noche|manana)(?![\p{L}\p{N}])/uy,
  de: /[ \u00A0]+(?:uhr[ \u00A0]+)?(abends|nachmittags|morgens|fruh|nachts)(?![\p{L}\p{N}])/uy,
};

const MORNING = new Set(['morning', 'matin', 'manana', 'morgens', 'fruh']);
const NIGHT = new Set(['night', 'noche', 'nachts']);

/** The next time the clock shows `time`: today if still to come, else tomorrow. */
export function nextOccurrence(time: ClockTime, clock: WallClock): CalendarDate {
  return compareTimes(time, clock.time) > 0 ? clock.date : addDays(clock.date, 1);
}

function timeSpan(start: number, end: number, time: ClockTime, clock: WallClock): TemporalSpan {
  return { start, end, date: nextOccurrence(time, clock), hasDate: false, time };
}

/** The expressions these patterns find in `text`, in no particular order. */
export function ruleSpans(text: string, language: NluLanguage, clock: WallClock): TemporalSpan[] {
  const folded = foldKeepingOffsets(text);
  const spans: TemporalSpan[] = [];
  const words = NOON_WORDS[language];
  for (const [pattern, hour] of [
    [words.noon, 12],
    [words.midnight, 0],
  ] as const) {
    const regex = new RegExp(`${NOT_WORD_BEFORE}(?:${pattern})${NOT_WORD_AFTER}`, 'gu');
    for (const m of folded.matchAll(regex)) {
      const time = { hour, minute: 0, second: 0 };
      spans.push({ ...timeSpan(m.index, m.index + m[0].length, time, clock), meridiemKnown: true });
    }
  }
  for (const [pattern, days] of DAY_OFFSETS[language]) {
    const regex = new RegExp(`${NOT_WORD_BEFORE}(?:${pattern})${NOT_WORD_AFTER}`, 'gu');
    for (const m of folded.matchAll(regex)) {
      const date = addDays(clock.date, days);
      spans.push({ start: m.index, end: m.index + m[0].length, date, hasDate: true });
    }
  }
  for (const m of folded.matchAll(H_TIME)) {
    const time = { hour: Number(m[1]), minute: Number(m[2] ?? 0), second: 0 };
    // English writes "2h" for two hours: only "17h30" or "17h" there is a time of day.
    if (language === 'en' && m[2] === undefined && time.hour <= 12) continue;
    spans.push({
      ...timeSpan(m.index, m.index + m[0].length, time, clock),
      meridiemKnown: time.hour > 12 || time.hour === 0,
    });
  }
  if (language === 'de') {
    for (const m of folded.matchAll(DE_DAY_MONTH)) {
      const day = Number(m[1]);
      const month = Number(m[2]);
      let year = clock.date.year;
      if (!isCalendarDate(year, month, day) && !isCalendarDate(year + 1, month, day)) continue;
      const passed =
        month < clock.date.month || (month === clock.date.month && day < clock.date.day);
      if (passed || !isCalendarDate(year, month, day)) year++;
      if (!isCalendarDate(year, month, day)) continue;
      spans.push({
        start: m.index,
        end: m.index + m[0].length,
        date: { year, month, day },
        hasDate: true,
      });
    }
  }
  return spans;
}

/**
 * "5 heures du soir", "a las 5 de la tarde", "um 8 Uhr abends": the words after a time whose
 * half of the day is not written in it move it to the afternoon (or midnight to 0 h) and join
 * the span.
 */
export function withHalfOfDay(
  text: string,
  span: TemporalSpan,
  language: NluLanguage,
  clock: WallClock,
): TemporalSpan {
  const time = span.time;
  if (!time || span.meridiemKnown || time.hour > 12) return span;
  const regex = HALF_OF_DAY[language];
  regex.lastIndex = span.end;
  const m = regex.exec(foldKeepingOffsets(text));
  if (!m) return span;
  const word = (m.slice(1) as (string | undefined)[]).find((g) => g !== undefined) ?? '';
  const morning = MORNING.has(word);
  const hour = morning
    ? time.hour % 12
    : NIGHT.has(word)
      ? // "12 de la noche" is midnight and "2 at night" 2 a.m.; "11 at night" is 23 h.
        time.hour === 12
        ? 0
        : time.hour < 6
          ? time.hour
          : time.hour + 12
      : time.hour === 12
        ? 12
        : time.hour + 12;
  const shifted = { ...time, hour };
  const end = span.end + m[0].length;
  const timeRange = span.timeRange ? { start: span.timeRange.start, end } : undefined;
  return {
    ...span,
    end,
    time: shifted,
    meridiemKnown: true,
    ...(span.hasDate ? {} : { date: nextOccurrence(shifted, clock) }),
    ...(timeRange ? { timeRange } : {}),
  };
}
