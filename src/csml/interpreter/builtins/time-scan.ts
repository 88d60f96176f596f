/**
 * Scanning primitives of the reference's date parser (chrono 0.4): each takes the rest of the
 * input and returns the value and what remains, or throws ParseFailure.
 */
export class ParseFailure extends Error {}

export type Scan<T> = [T, string];

const fail = (): never => {
  throw new ParseFailure('invalid date text');
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** `min` to `max` ASCII digits. */
export function number(s: string, min: number, max: number): Scan<number> {
  if (s.length < min) fail();
  let n = 0;
  let i = 0;
  for (; i < Math.min(max, s.length); i++) {
    if (!isDigit(s[i])) {
      if (i < min) fail();
      break;
    }
    n = n * 10 + Number(s[i]);
    if (!Number.isSafeInteger(n)) fail();
  }
  return [n, s.slice(i)];
}

const SCALE = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 1e2, 10, 1];

/** A fraction after its dot: up to 9 digits read, more digits skipped. */
export function nanosecond(s: string): Scan<number> {
  const [v, rest] = number(s, 1, 9);
  const consumed = s.length - rest.length;
  return [v * SCALE[consumed]!, rest.replace(/^[0-9]+/, '')];
}

export function nanosecondFixed(s: string, digits: number): Scan<number> {
  const [v, rest] = number(s, digits, digits);
  return [v * SCALE[digits]!, rest];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_SUFFIXES = [
  'uary',
  'ruary',
  'ch',
  'il',
  '',
  'e',
  'y',
  'ust',
  'tember',
  'ober',
  'ember',
  'ember',
];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAY_SUFFIXES = ['day', 'sday', 'nesday', 'rsday', 'day', 'urday', 'day'];

function named(
  s: string,
  names: readonly string[],
  suffixes: readonly string[] | null,
): Scan<number> {
  if (s.length < 3) fail();
  const index = names.indexOf(s.slice(0, 3).toLowerCase());
  if (index < 0) fail();
  let rest = s.slice(3);
  const suffix = suffixes?.[index] ?? '';
  if (suffix !== '' && rest.slice(0, suffix.length).toLowerCase() === suffix) {
    rest = rest.slice(suffix.length);
  }
  return [index, rest];
}

/** 0-based month from `Jan` (and, when `long`, `January`), any case. */
export function month0(s: string, long: boolean): Scan<number> {
  return named(s, MONTHS, long ? MONTH_SUFFIXES : null);
}

/** Days from Monday, from `Mon` (and `Monday`), any case. */
export function weekdayFromMonday(s: string, long: boolean): Scan<number> {
  return named(s, WEEKDAYS, long ? WEEKDAY_SUFFIXES : null);
}

export function ampm(s: string): Scan<boolean> {
  if (s.length < 2) fail();
  const text = s.slice(0, 2).toLowerCase();
  if (text !== 'am' && text !== 'pm') fail();
  return [text === 'pm', s.slice(2)];
}

/**
 * `+hh:mm` and its variants, in seconds east of UTC. `colon` consumes the separator;
 * `zulu` accepts `Z`; `permissive` allows missing minutes.
 */
export function offset(
  input: string,
  colon: (s: string) => string,
  zulu: boolean,
  permissive = false,
): Scan<number> {
  let s = input;
  if (zulu && (s[0] === 'Z' || s[0] === 'z')) return [0, s.slice(1)];
  if (s[0] !== '+' && s[0] !== '-') fail();
  const negative = s[0] === '-';
  s = s.slice(1);
  if (s.length < 2 || !isDigit(s[0]) || !isDigit(s[1])) fail();
  const hours = Number(s.slice(0, 2));
  s = colon(s.slice(2));
  let minutes = 0;
  if (s.length >= 2) {
    if (!isDigit(s[0]) || !isDigit(s[1]) || s[0]! > '5') fail();
    minutes = Number(s.slice(0, 2));
    s = s.slice(2);
  } else if (!permissive || s.length === 1) {
    fail();
  }
  const seconds = hours * 3600 + minutes * 60;
  return [negative ? -seconds : seconds, s];
}

export const colonOrSpace = (s: string): string => s.replace(/^[:\s]+/u, '');

export const requiredColon = (s: string): string => {
  if (!s.startsWith(':')) fail();
  return s.slice(1);
};

export function char(s: string, c: string): string {
  if (!s.startsWith(c)) fail();
  return s.slice(1);
}

export { fail };
