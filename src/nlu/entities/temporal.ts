/**
 * Dates and times: `date` ("YYYY-MM-DD"), `time` ("HH:MM:SS") and `datetime`
 * ("YYYY-MM-DDTHH:MM:SS"), read on the bot's wall clock (clock.ts).
 *
 * chrono-node reads most expressions in our four languages ("tomorrow", "next friday",
 * "3 mars", "12/03", "17h30", ISO dates); temporal-rules.ts adds what it misses. Choices:
 * - a date without a year, or a weekday, is the next one to come ("March 3rd" said on
 *   March 10 is next year's; "next friday" is the Friday of next week, "friday" the coming
 *   one); a time alone is its next occurrence (for `datetime`);
 * - numeric dates follow the language: month first in English ("12/03" is December 3),
 *   day first in French, Spanish and German;
 * - a month alone ("June"), a part of the day alone ("this evening") and a duration without
 *   "in" ("2 hours") are not dates; nor is a weekday abbreviation alone ("sat", "sun");
 * - a range ("from tomorrow to friday", "from 2 to 4pm") is two expressions, its ends;
 * - `datetime` of a day without a time is that day at 00:00:00.
 */
import { de, en, es, fr } from 'chrono-node';
import type { ParsedComponents, ParsedResult } from 'chrono-node';

import { foldText } from '../text/fold.js';
import type { NluLanguage } from '../text/languages.js';
import { tokenize } from '../text/tokens.js';
import { addDays, formatDate, formatTime, isCalendarDate } from './clock.js';
import type { CalendarDate, WallClock } from './clock.js';
import { findDurations } from './duration.js';
import { findNumbers } from './numbers.js';
import { ruleSpans, withHalfOfDay } from './temporal-rules.js';
import type { Range, TemporalSpan } from './temporal-span.js';
import type { Match } from './types.js';

type Parse = (text: string) => ParsedResult[];

const CHRONO = {
  en: en.casual,
  fr: fr.casual,
  es: es.casual,
  de: de.casual,
};

function parser(language: NluLanguage, clock: WallClock): Parse {
  const reference = { instant: new Date(clock.now), timezone: clock.offsetMinutes };
  return (text) => CHRONO[language].parse(text, reference, { forwardDate: true });
}

/** Prepositions chrono keeps at the start of a match ("at 5pm", "a las 5"): not part of the entity. */
const LEADING_WORDS: Readonly<Record<NluLanguage, RegExp>> = {
  en: /^(?:(?:at|on|from)\s+)+/iu,
  fr: /^(?:(?:à|a|le|vers|du|de|depuis)\s+)+/iu,
  es: /^(?:(?:a|el|las|la|hacia|desde|del|de)\s+)+/iu,
  de: /^(?:(?:um|am|gegen|von|vom|ab)\s+)+/iu,
};

/** Words that may join a day and a time into one expression: "tomorrow at noon", "demain, 17h". */
const CONNECTORS = new Set([
  'at',
  'on',
  'around',
  'a',
  'vers',
  'le',
  'el',
  'la',
  'las',
  'al',
  'hacia',
  'um',
  'am',
  'gegen',
  'from',
  'du',
  'de',
  'desde',
  'von',
  'vom',
  'ab',
]);

function isConnector(gap: string): boolean {
  const words = foldText(gap)
    .split(/[\s,]+/u)
    .filter((w) => w !== '');
  return /^[\s,]*$/u.test(gap.replace(/\p{L}+/gu, '')) && words.every((w) => CONNECTORS.has(w));
}

/** A range trimmed of spaces and joining words at both ends. */
function trimRange(text: string, range: Range): Range | undefined {
  const tokens = tokenize(text.slice(range.start, range.end));
  // Only leading and trailing joiners go: "on the day after tomorrow" keeps its middle words.
  const kept = tokens.filter((t) => !CONNECTORS.has(t.norm));
  const first = kept[0];
  const last = kept[kept.length - 1];
  if (!first || !last) return undefined;
  return { start: range.start + first.utf16Start, end: range.start + last.utf16End };
}

/** chrono reads "lasts" as "last s" (a second ago) and "next m" as a minute ahead. */
const RELATIVE_ABBREVIATION = /^(?:last|past|next|this)\s*\p{L}{1,3}$/iu;

function isWeekdayAbbreviation(text: string): boolean {
  return /^\p{L}{1,4}\.?$/u.test(text);
}

function fromComponents(
  text: string,
  written: Range,
  c: ParsedComponents,
  language: NluLanguage,
  isDuration: (s: string) => boolean,
): TemporalSpan | undefined {
  let start = written.start;
  const end = written.end;
  const leading = LEADING_WORDS[language].exec(text.slice(start, end));
  if (leading && leading[0].length < end - start) start += leading[0].length;
  const words = text.slice(start, end);
  const hasDate = c.isCertain('day') || c.isCertain('weekday');
  const hasTime = c.isCertain('hour');
  if (!hasDate && !hasTime) return undefined;
  if (!c.isCertain('day') && !hasTime && isWeekdayAbbreviation(words)) return undefined;
  if (isDuration(words) || RELATIVE_ABBREVIATION.test(words)) return undefined;
  const year = c.get('year');
  const month = c.get('month');
  const day = c.get('day');
  if (year === null || month === null || day === null || !isCalendarDate(year, month, day)) {
    return undefined;
  }
  const date = { year, month, day };
  if (!hasTime) return { start, end, date, hasDate };
  const time = {
    hour: c.get('hour') ?? 0,
    minute: c.get('minute') ?? 0,
    second: c.get('second') ?? 0,
  };
  return {
    start,
    end,
    date,
    hasDate,
    time,
    meridiemKnown: c.isCertain('meridiem') || time.hour > 12,
  };
}

/**
 * chrono resolves a weekday ending a range ("von Montag bis Freitag") on its own; the end of
 * a range is that weekday on or after the range's start.
 */
function weekdayOnOrAfter(
  span: TemporalSpan,
  c: ParsedComponents,
  start: TemporalSpan,
): TemporalSpan {
  const weekday = c.get('weekday');
  if (c.isCertain('day') || !c.isCertain('weekday') || weekday === null) return span;
  const dayOfWeek = (d: CalendarDate): number =>
    new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  // "next friday" ending a range stays next week's: only a wrong or earlier day is moved.
  const wrong = dayOfWeek(span.date) !== weekday || formatDate(span.date) < formatDate(start.date);
  if (!wrong) return span;
  const from = start.date;
  return { ...span, date: addDays(from, (weekday - dayOfWeek(from) + 7) % 7) };
}

/** What joins the two ends of a range: "tomorrow to friday", "du 3 au 5 mars", "2-4pm". */
const RANGE_JOINER =
  /(?:\s*[-\u2013\u2014]\s*|\s+(?:to|until|till|through|au|a|à|jusqu'au|jusqu'à|hasta|al|bis|zum|zur)\s+)$/iu;

/**
 * A chrono result, as spans: one, or two for a range ("from tomorrow to next friday" is
 * "tomorrow" and "next friday", so that `from` and `to` slots each get theirs).
 */
function fromChrono(
  text: string,
  result: ParsedResult,
  language: NluLanguage,
  parse: Parse,
  isDuration: (s: string) => boolean,
): TemporalSpan[] {
  // chrono may keep the space or comma that follows: "next friday, then".
  const written = result.text.replace(/[\s,;:.!?]+$/u, '');
  const whole = { start: result.index, end: result.index + written.length };
  const spans = (parts: readonly (readonly [Range, ParsedComponents])[]): TemporalSpan[] =>
    parts.flatMap(([range, c]) => fromComponents(text, range, c, language, isDuration) ?? []);
  const end = result.end;
  if (!end) return spans([[whole, result.start]]);
  for (let k = whole.start + 1; k < whole.end; k++) {
    const joiner = RANGE_JOINER.exec(text.slice(whole.start, k));
    if (!joiner || /\s/u.test(text[k]!)) continue;
    // The end is where a parse of the rest reads all of it; its value is the range's end,
    // which knows what the start implies ("tomorrow from 10am to 11am" ends tomorrow).
    const rest = text.slice(k, whole.end);
    const second = parse(rest)[0];
    if (second?.index !== 0 || second.text.trimEnd().length !== rest.trimEnd().length) continue;
    const [first, last] = spans([
      [{ start: whole.start, end: k - joiner[0].length }, result.start],
      [{ start: k, end: whole.end }, end],
    ]);
    if (!first || !last) return [first ?? last].filter((x) => x !== undefined);
    return [first, weekdayOnOrAfter(last, end, first)];
  }
  return spans([[whole, result.start]]);
}

/** Where the day and where the time are written in a span chrono read as one. */
function splitParts(text: string, span: TemporalSpan, parse: Parse): TemporalSpan {
  if (!span.hasDate || !span.time || span.dateRange || span.timeRange) return span;
  for (let k = span.start + 1; k < span.end; k++) {
    if (!/\s/u.test(text[k - 1]!) || /\s/u.test(text[k]!)) continue;
    const rest = text.slice(k, span.end);
    const result = parse(rest)[0];
    if (!result) continue;
    const resultEnd = result.index + result.text.trimEnd().length;
    if (resultEnd !== rest.trimEnd().length || !isConnector(rest.slice(0, result.index))) continue;
    const second = trimRange(text, { start: k + result.index, end: span.end });
    const first = trimRange(text, { start: span.start, end: k });
    if (!first || !second) continue;
    const dayOnly = result.start.isCertain('day') || result.start.isCertain('weekday');
    const timeOnly = result.start.isCertain('hour');
    if (timeOnly && !dayOnly) return { ...span, dateRange: first, timeRange: second };
    if (dayOnly && !timeOnly) return { ...span, dateRange: second, timeRange: first };
  }
  return span;
}

const length = (r: Range): number => r.end - r.start;
const knows = (s: TemporalSpan): number => (s.hasDate ? 1 : 0) + (s.time ? 1 : 0);

/** A span that holds another takes from it what it lacks ("mañana a mediodía" + "mediodía"). */
function absorb(text: string, outer: TemporalSpan, inner: TemporalSpan): TemporalSpan {
  const before = trimRange(text, { start: outer.start, end: inner.start });
  const after = trimRange(text, { start: inner.end, end: outer.end });
  const rest =
    before && after ? (length(before) >= length(after) ? before : after) : (before ?? after);
  if (!outer.time && inner.time) {
    return {
      ...outer,
      time: inner.time,
      meridiemKnown: inner.meridiemKnown ?? false,
      timeRange: inner,
      ...(rest ? { dateRange: rest } : {}),
    };
  }
  if (!outer.hasDate && inner.hasDate) {
    return {
      ...outer,
      date: inner.date,
      hasDate: true,
      dateRange: inner,
      ...(rest ? { timeRange: rest } : {}),
    };
  }
  return outer;
}

/** Overlapping spans become one: the longer (then the one that says more) wins. */
function settle(text: string, spans: readonly TemporalSpan[]): TemporalSpan[] {
  const ordered = [...spans].sort((x, y) => length(y) - length(x) || knows(y) - knows(x));
  const kept: TemporalSpan[] = [];
  for (const span of ordered) {
    const index = kept.findIndex((k) => k.start < span.end && span.start < k.end);
    if (index === -1) {
      kept.push(span);
      continue;
    }
    const holder = kept[index]!;
    if (holder.start <= span.start && span.end <= holder.end)
      kept[index] = absorb(text, holder, span);
  }
  return kept.sort((x, y) => x.start - y.start);
}

/** "tomorrow at noon" found as two spans, "demain" and "midi", becomes one. */
function joinDayAndTime(text: string, spans: readonly TemporalSpan[]): TemporalSpan[] {
  const joined: TemporalSpan[] = [];
  for (const span of spans) {
    const previous = joined[joined.length - 1];
    const complementary =
      previous &&
      ((previous.hasDate && !previous.time && span.time && !span.hasDate) ||
        (previous.time && !previous.hasDate && span.hasDate && !span.time));
    if (previous && complementary && isConnector(text.slice(previous.end, span.start))) {
      const day = previous.hasDate ? previous : span;
      const time = previous.time ? previous : span;
      joined[joined.length - 1] = {
        start: previous.start,
        end: span.end,
        date: day.date,
        hasDate: true,
        ...(time.time ? { time: time.time } : {}),
        meridiemKnown: time.meridiemKnown ?? false,
        dateRange: { start: day.start, end: day.end },
        timeRange: { start: time.start, end: time.end },
      };
    } else {
      joined.push(span);
    }
  }
  return joined;
}

/** Every date/time expression of the text, left to right. */
export function findTemporalSpans(
  text: string,
  language: NluLanguage,
  clock: WallClock,
): TemporalSpan[] {
  const parse = parser(language, clock);
  const isDuration = (s: string): boolean => {
    const tokens = tokenize(s, language);
    const durations = findDurations(s, tokens, findNumbers(s, tokens, language), language);
    return durations.some((d) => d.start === 0 && d.end === s.length);
  };
  const spans: TemporalSpan[] = [];
  for (const result of parse(text)) {
    spans.push(...fromChrono(text, result, language, parse, isDuration));
  }
  spans.push(...ruleSpans(text, language, clock));
  const read = settle(text, spans).map((s) =>
    withHalfOfDay(text, splitParts(text, s, parse), language, clock),
  );
  return joinDayAndTime(text, settle(text, read));
}

export type TemporalType = 'date' | 'time' | 'datetime';

/** The entities of one temporal type: a `date` slot takes the day of "tomorrow at noon", etc. */
export function temporalMatches(spans: readonly TemporalSpan[], type: TemporalType): Match[] {
  const matches: Match[] = [];
  for (const span of spans) {
    switch (type) {
      case 'date':
        if (span.hasDate) {
          const range = span.dateRange ?? span;
          matches.push({ start: range.start, end: range.end, value: formatDate(span.date) });
        }
        break;
      case 'time':
        if (span.time) {
          const range = span.timeRange ?? span;
          matches.push({ start: range.start, end: range.end, value: formatTime(span.time) });
        }
        break;
      case 'datetime': {
        const time = span.time ?? { hour: 0, minute: 0, second: 0 };
        const value = `${formatDate(span.date)}T${formatTime(time)}`;
        matches.push({ start: span.start, end: span.end, value });
        break;
      }
    }
  }
  return matches;
}
