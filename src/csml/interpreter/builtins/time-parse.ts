/**
 * `Time().parse(text)` (RFC 3339 and its shortcuts) and `Time().parse(text, format)` (strftime
 * items), with the reference's rules (chrono 0.4): whitespace in the format skips any
 * whitespace, numbers skip leading whitespace, every field must agree, the whole text must
 * be read. A format with an offset gives that instant; without, the text is UTC; a date-only
 * format gives midnight UTC.
 */
import { parseFormat, NUMERIC } from './time-items.js';
import type { FixedSpec, Item, NumericSpec } from './time-items.js';
import * as scan from './time-scan.js';
import { ParseFailure } from './time-scan.js';
import { resolveDate, resolveTime } from './time-resolve.js';
import type { Parsed } from './time-resolve.js';

type Setter = (p: Parsed, v: number) => void;

function set(p: Parsed, key: keyof Parsed, value: number): void {
  const old = p[key];
  if (old !== undefined && old !== value) scan.fail();
  p[key] = value;
}

function setHour(p: Parsed, v: number): void {
  if (v < 0 || v > 23) scan.fail();
  set(p, 'hourDiv12', Math.floor(v / 12));
  set(p, 'hourMod12', v % 12);
}

const SETTERS: Readonly<Record<NumericSpec, Setter>> = {
  Y: (p, v) => {
    set(p, 'year', v);
  },
  C: (p, v) => {
    set(p, 'yearDiv100', v);
  },
  y: (p, v) => {
    set(p, 'yearMod100', v);
  },
  G: (p, v) => {
    set(p, 'isoYear', v);
  },
  g: (p, v) => {
    set(p, 'isoYearMod100', v);
  },
  m: (p, v) => {
    set(p, 'month', v);
  },
  d: (p, v) => {
    set(p, 'day', v);
  },
  e: (p, v) => {
    set(p, 'day', v);
  },
  H: setHour,
  k: setHour,
  I: (p, v) => {
    if (v < 1 || v > 12) scan.fail();
    set(p, 'hourMod12', v % 12);
  },
  l: (p, v) => {
    if (v < 1 || v > 12) scan.fail();
    set(p, 'hourMod12', v % 12);
  },
  M: (p, v) => {
    set(p, 'minute', v);
  },
  S: (p, v) => {
    set(p, 'second', v);
  },
  j: (p, v) => {
    set(p, 'ordinal', v);
  },
  U: (p, v) => {
    set(p, 'weekFromSun', v);
  },
  W: (p, v) => {
    set(p, 'weekFromMon', v);
  },
  V: (p, v) => {
    set(p, 'isoWeek', v);
  },
  w: (p, v) => {
    if (v > 6) scan.fail();
    set(p, 'weekday', (v + 6) % 7);
  },
  u: (p, v) => {
    if (v < 1 || v > 7) scan.fail();
    set(p, 'weekday', v - 1);
  },
  s: (p, v) => {
    set(p, 'timestamp', v);
  },
  f: (p, v) => {
    set(p, 'nanosecond', v);
  },
};

function numeric(spec: NumericSpec, input: string, p: Parsed): string {
  let s = input.trimStart();
  const { width, signed } = NUMERIC[spec];
  let value: number;
  if (signed && (s.startsWith('-') || s.startsWith('+'))) {
    const [v, rest] = scan.number(s.slice(1), 1, Number.MAX_SAFE_INTEGER);
    value = s.startsWith('-') ? -v : v;
    s = rest;
  } else {
    const width_ = spec === 's' ? Number.MAX_SAFE_INTEGER : width;
    [value, s] = scan.number(s, 1, width_);
  }
  SETTERS[spec](p, value);
  return s;
}

function fixed(spec: FixedSpec, s: string, p: Parsed): string {
  let value: number;
  switch (spec) {
    case 'b':
    case 'B':
      [value, s] = scan.month0(s, spec === 'B');
      set(p, 'month', value + 1);
      return s;
    case 'a':
    case 'A':
      [value, s] = scan.weekdayFromMonday(s, spec === 'A');
      set(p, 'weekday', value);
      return s;
    case 'p':
    case 'P': {
      const [pm, rest] = scan.ampm(s);
      set(p, 'hourDiv12', pm ? 1 : 0);
      return rest;
    }
    case '.f':
    case '.3f':
    case '.6f':
    case '.9f':
      if (!s.startsWith('.')) return s;
      [value, s] = scan.nanosecond(s.slice(1));
      set(p, 'nanosecond', value);
      return s;
    case '3f':
    case '6f':
    case '9f':
      [value, s] = scan.nanosecondFixed(s, Number(spec[0]));
      set(p, 'nanosecond', value);
      return s;
    case 'Z':
      return scan.fail();
    case 'z':
    case ':z':
    case '#z':
      [value, s] = scan.offset(s.trimStart(), scan.colonOrSpace, spec === '#z', spec === '#z');
      set(p, 'offset', value);
      return s;
    case '+':
      return rfc3339(s, p);
  }
}

function rfc3339(input: string, p: Parsed): string {
  let s = input;
  let v: number;
  [v, s] = scan.number(s, 4, 4);
  set(p, 'year', v);
  [v, s] = scan.number(scan.char(s, '-'), 2, 2);
  set(p, 'month', v);
  [v, s] = scan.number(scan.char(s, '-'), 2, 2);
  set(p, 'day', v);
  if (s[0] !== 'T' && s[0] !== 't') scan.fail();
  [v, s] = scan.number(s.slice(1), 2, 2);
  setHour(p, v);
  [v, s] = scan.number(scan.char(s, ':'), 2, 2);
  set(p, 'minute', v);
  [v, s] = scan.number(scan.char(s, ':'), 2, 2);
  set(p, 'second', v);
  if (s.startsWith('.')) {
    [v, s] = scan.nanosecond(s.slice(1));
    set(p, 'nanosecond', v);
  }
  [v, s] = scan.offset(s, scan.requiredColon, true);
  if (Math.abs(v) >= 86_400) scan.fail();
  set(p, 'offset', v);
  return s;
}

function apply(items: readonly Item[], input: string): Parsed {
  const p: Parsed = {};
  let s = input;
  for (const it of items) {
    switch (it.t) {
      case 'literal':
        if (!s.startsWith(it.text)) scan.fail();
        s = s.slice(it.text.length);
        break;
      case 'space':
        s = s.trimStart();
        break;
      case 'numeric':
        s = numeric(it.spec, s, p);
        break;
      case 'fixed':
        s = fixed(it.spec, s, p);
        break;
      case 'error':
        scan.fail();
    }
  }
  if (s !== '') scan.fail();
  return p;
}

/** Milliseconds since the epoch, and the offset the text gave (seconds), or undefined. */
function instant(p: Parsed): { ms: number; offset: number | undefined } | undefined {
  const date = resolveDate(p);
  const time = resolveTime(p);
  if (date !== undefined && time !== undefined) {
    return { ms: date * 86_400_000 + time - (p.offset ?? 0) * 1000, offset: p.offset };
  }
  if (p.timestamp !== undefined) {
    return { ms: p.timestamp * 1000 + Math.floor((p.nanosecond ?? 0) / 1e6), offset: p.offset };
  }
  if (date !== undefined) return { ms: date * 86_400_000, offset: undefined };
  return undefined;
}

function attempt(items: readonly Item[], text: string) {
  try {
    return instant(apply(items, text));
  } catch (e) {
    if (e instanceof ParseFailure) return undefined;
    throw e;
  }
}

const SHORTCUTS: Readonly<Record<number, string>> = {
  4: '-01-01T00:00:00Z',
  7: '-01T00:00:00Z',
  10: 'T00:00:00Z',
  13: ':00:00Z',
  16: ':00Z',
  19: 'Z',
};

/** `parse(text)`: RFC 3339, completed from `YYYY`, `YYYY-MM`… (lengths in UTF-8 bytes). */
export function parseRfc3339(text: string): { ms: number; offset: number } | undefined {
  const full = text + (SHORTCUTS[Buffer.byteLength(text, 'utf8')] ?? '');
  const found = attempt([{ t: 'fixed', spec: '+' }], full);
  return found ? { ms: found.ms, offset: found.offset ?? 0 } : undefined;
}

/** `parse(text, format)`. */
export function parseWithFormat(text: string, format: string): number | undefined {
  return attempt(parseFormat(format), text)?.ms;
}
