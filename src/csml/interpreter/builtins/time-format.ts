/** Formatting of `Time` values: RFC 3339 by default, strftime items otherwise (chrono 0.4). */
import { CsmlError } from '../errors.js';
import { parseFormat, NUMERIC } from './time-items.js';
import type { FixedSpec, Item, NumericSpec, Pad } from './time-items.js';
import {
  civilFromDays,
  daysFromCivil,
  DAY_MS,
  offsetText,
  zoneName,
  zoneOffset,
} from './time-zone.js';
import type { Zone } from './time-zone.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** An instant seen in a zone. */
export interface Moment {
  readonly ms: number;
  readonly zone: Zone;
  readonly offset: number;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nano: number;
  /** 0 = Sunday. */
  readonly weekday: number;
  /** 1-based day of the year. */
  readonly ordinal: number;
}

export function moment(ms: number, zone: Zone): Moment {
  const offset = zoneOffset(zone, ms);
  const local = ms + offset * 1000;
  const days = Math.floor(local / DAY_MS);
  const inDay = local - days * DAY_MS;
  const { year, month, day } = civilFromDays(days);
  return {
    ms,
    zone,
    offset,
    year,
    month,
    day,
    hour: Math.floor(inDay / 3_600_000),
    minute: Math.floor((inDay % 3_600_000) / 60_000),
    second: Math.floor((inDay % 60_000) / 1000),
    nano: (inDay % 1000) * 1_000_000,
    weekday: (((days + 4) % 7) + 7) % 7,
    ordinal: days - daysFromCivil(year, 1, 1) + 1,
  };
}

/** ISO 8601 week-numbering year and week. */
function isoWeek(m: Moment): [number, number] {
  const isoDay = m.weekday === 0 ? 7 : m.weekday;
  const week = Math.floor((m.ordinal - isoDay + 10) / 7);
  if (week < 1) {
    return isoWeek(moment((daysFromCivil(m.year, 1, 1) - 1) * DAY_MS, { kind: 'utc' }));
  }
  const jan1 = (((daysFromCivil(m.year, 1, 1) + 4) % 7) + 7) % 7;
  const leap = (m.year % 4 === 0 && m.year % 100 !== 0) || m.year % 400 === 0;
  const weeks = jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
  return week > weeks ? [m.year + 1, 1] : [m.year, week];
}

function numericValue(spec: NumericSpec, m: Moment): number {
  switch (spec) {
    case 'Y':
      return m.year;
    case 'C':
      return Math.floor(m.year / 100);
    case 'y':
      return ((m.year % 100) + 100) % 100;
    case 'm':
      return m.month;
    case 'd':
    case 'e':
      return m.day;
    case 'H':
    case 'k':
      return m.hour;
    case 'I':
    case 'l':
      return ((m.hour + 11) % 12) + 1;
    case 'M':
      return m.minute;
    case 'S':
      return m.second;
    case 'j':
      return m.ordinal;
    case 'U':
      return Math.floor((m.ordinal - m.weekday + 6) / 7);
    case 'W':
      return Math.floor((m.ordinal - ((m.weekday + 6) % 7) + 6) / 7);
    case 'G':
      return isoWeek(m)[0];
    case 'g':
      return ((isoWeek(m)[0] % 100) + 100) % 100;
    case 'V':
      return isoWeek(m)[1];
    case 'w':
      return m.weekday;
    case 'u':
      return m.weekday === 0 ? 7 : m.weekday;
    case 's':
      return Math.floor(m.ms / 1000);
    case 'f':
      return m.nano;
  }
}

function padded(value: number, width: number, pad: Pad): string {
  const digits = String(Math.abs(value));
  const sign = value < 0 ? '-' : '';
  switch (pad) {
    case 'none':
      return sign + digits;
    case 'zero':
      return sign + digits.padStart(Math.max(0, width - sign.length), '0');
    case 'space':
      return (sign + digits).padStart(width, ' ');
  }
}

function numeric(spec: NumericSpec, pad: Pad, m: Moment): string {
  const value = numericValue(spec, m);
  const { width } = NUMERIC[spec];
  if ((spec === 'Y' || spec === 'G') && (value < 0 || value >= 10_000)) {
    return (value < 0 ? '-' : '+') + String(Math.abs(value)).padStart(width, '0');
  }
  return padded(value, width, pad);
}

/** The fraction as NaiveTime's debug text writes it: nothing, or 3, 6 or 9 digits. */
function autoFraction(nano: number): string {
  if (nano === 0) return '';
  if (nano % 1_000_000 === 0) return `.${String(nano / 1_000_000).padStart(3, '0')}`;
  if (nano % 1000 === 0) return `.${String(nano / 1000).padStart(6, '0')}`;
  return `.${String(nano).padStart(9, '0')}`;
}

function fraction(nano: number, digits: number): string {
  return String(Math.floor(nano / 10 ** (9 - digits))).padStart(digits, '0');
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

function fixed(spec: FixedSpec, m: Moment): string {
  switch (spec) {
    case 'b':
      return MONTHS[m.month - 1]!.slice(0, 3);
    case 'B':
      return MONTHS[m.month - 1]!;
    case 'a':
      return WEEKDAYS[m.weekday]!.slice(0, 3);
    case 'A':
      return WEEKDAYS[m.weekday]!;
    case 'p':
      return m.hour < 12 ? 'AM' : 'PM';
    case 'P':
      return m.hour < 12 ? 'am' : 'pm';
    case 'Z':
      return zoneName(m.zone, m.ms, m.offset);
    case 'z':
      return offsetText(m.offset, false);
    case ':z':
      return offsetText(m.offset, true);
    case '+':
      return `${numeric('Y', 'zero', m)}-${two(m.month)}-${two(m.day)}T${two(m.hour)}:${two(m.minute)}:${two(m.second)}${autoFraction(m.nano)}${offsetText(m.offset, true)}`;
    case '.f':
      return autoFraction(m.nano);
    case '.3f':
    case '.6f':
    case '.9f':
      return `.${fraction(m.nano, Number(spec[1]))}`;
    case '3f':
    case '6f':
    case '9f':
      return fraction(m.nano, Number(spec[0]));
    case '#z':
      throw new CsmlError('invalid time format: %#z only parses');
  }
}

function item(it: Item, m: Moment): string {
  switch (it.t) {
    case 'literal':
    case 'space':
      return it.text;
    case 'numeric':
      return numeric(it.spec, it.pad, m);
    case 'fixed':
      return fixed(it.spec, m);
    case 'error':
      throw new CsmlError('invalid time format');
  }
}

/** `.format(fmt)`: an unknown code is an inline error (the reference engine panics). */
export function formatWith(format: string, m: Moment): string {
  return parseFormat(format)
    .map((it) => item(it, m))
    .join('');
}

/** `.format()`: RFC 3339 with milliseconds, `Z` for a value without zone or offset. */
export function formatRfc3339(m: Moment): string {
  const zone = m.zone.kind === 'utc' ? 'Z' : offsetText(m.offset, true);
  return `${numeric('Y', 'zero', m)}-${two(m.month)}-${two(m.day)}T${two(m.hour)}:${two(m.minute)}:${two(m.second)}.${fraction(m.nano, 3)}${zone}`;
}
