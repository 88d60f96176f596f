/**
 * Calendar arithmetic (proleptic Gregorian, any year) and time zones for `Time` values.
 * A zone is UTC, a fixed offset (from a parsed RFC 3339 text) or an IANA name resolved with
 * Intl; Intl offsets carry seconds, as tzdata's local mean times do.
 */
import { CsmlError } from '../errors.js';

export const DAY_MS = 86_400_000;
/** The range of JavaScript dates; the reference engine's clock cannot go beyond it either. */
export const MAX_MS = 8.64e15;

export type Zone =
  | { readonly kind: 'utc' }
  | { readonly kind: 'fixed'; readonly offset: number }
  | { readonly kind: 'named'; readonly name: string };

/** Days since 1970-01-01 of a civil date (month 1–12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(name: string): Intl.DateTimeFormat {
  let found = formatters.get(name);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(name, found);
  }
  return found;
}

/** Whether an IANA zone name is known (offset notations such as `+01:00` are not names). */
export function isZoneName(name: string): boolean {
  if (name === '' || /^[+-]/.test(name)) return false;
  try {
    formatter(name);
    return true;
  } catch {
    return false;
  }
}

function namedOffset(name: string, ms: number): number {
  const parts: Record<string, string> = {};
  for (const part of formatter(name).formatToParts(new Date(ms))) parts[part.type] = part.value;
  const n = (type: string): number => Number(parts[type] ?? '0');
  const year = parts.era === 'BC' || parts.era === 'B' ? 1 - n('year') : n('year');
  const local =
    daysFromCivil(year, n('month'), n('day')) * 86_400 +
    n('hour') * 3600 +
    n('minute') * 60 +
    n('second');
  return local - Math.floor(ms / 1000);
}

/** Seconds east of UTC at the instant `ms`. */
export function zoneOffset(zone: Zone, ms: number): number {
  switch (zone.kind) {
    case 'utc':
      return 0;
    case 'fixed':
      return zone.offset;
    case 'named':
      return namedOffset(zone.name, ms);
  }
}

/** `+09:00`, with `:SS` when the offset has seconds (how chrono displays a fixed offset). */
export function offsetText(offset: number, colon: boolean): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((abs % 3600) / 60)).padStart(2, '0');
  return colon ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
}

/**
 * Locales whose short zone names are tzdata abbreviations for some zones (`EDT`, `CEST`,
 * `JST`, `IST`, `ACST`, `SAST`…). Intl has no tzdata abbreviations as such: a zone none of them
 * names gets tzdata's numeric form (`+04`, `+0545`), which is right for most such zones.
 */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'ja-JP', 'en-ZA'];

function zoneAbbreviation(name: string, ms: number, offset: number): string {
  for (const locale of ABBREVIATION_LOCALES) {
    const part = new Intl.DateTimeFormat(locale, { timeZone: name, timeZoneName: 'short' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')?.value;
    if (part !== undefined && /^[A-Z]{2,5}$/.test(part)) return part;
  }
  const text = offsetText(offset, false);
  return text.endsWith('00') ? text.slice(0, 3) : text;
}

/** What `%Z` prints: `UTC`, the fixed offset (`+09:00`) or the zone's abbreviation (`CET`). */
export function zoneName(zone: Zone, ms: number, offset: number): string {
  switch (zone.kind) {
    case 'utc':
      return 'UTC';
    case 'fixed': {
      const seconds = Math.abs(offset) % 60;
      return offsetText(offset, true) + (seconds ? `:${String(seconds).padStart(2, '0')}` : '');
    }
    case 'named':
      return zoneAbbreviation(zone.name, ms, offset);
  }
}

export function checkRange(ms: number): number {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_MS) throw new CsmlError('time out of range');
  return ms;
}
