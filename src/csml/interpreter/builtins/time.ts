/**
 * `Time()` (csml.md §10.8): `{"milliseconds": <unix ms>}` with content type `time`, from the
 * host's clock. `.at`, `.with_timezone`, `.add`, `.sub` change the receiver in place and
 * return it; `.unix()` is also a writing method in the reference engine (it refuses to run on
 * a constant), so it is here. `.format()` and `.parse()` read only.
 */
import type { BuiltinFn } from './builtin.js';
import { entriesOf, field, record } from './args.js';
import { formatRfc3339, formatWith, moment } from './time-format.js';
import { parseRfc3339, parseWithFormat } from './time-parse.js';
import { checkRange, daysFromCivil, daysInMonth, isZoneName } from './time-zone.js';
import type { Zone } from './time-zone.js';
import { CsmlError, usageError } from '../errors.js';
import type { MethodDef } from '../methods/method.js';
import { bool, clone, int, str } from '../value.js';
import type { Value } from '../value.js';

export function timeValue(ms: number, offset = 0): Value {
  const entries: [string, Value][] = [['milliseconds', int(ms)]];
  if (offset !== 0) entries.push(['offset', int(offset)]);
  return record(entries, 'time');
}

export const time: BuiltinFn = (_args, ctx) => timeValue(Math.floor(ctx.host.now()));

function millis(receiver: Value, error: () => CsmlError): number {
  const value = field(receiver, 'milliseconds');
  if (value?.kind !== 'int') throw error();
  return checkRange(Number(value.value));
}

function setMillis(receiver: Value, ms: number): Value {
  entriesOf(receiver).set('milliseconds', int(checkRange(ms)));
  return clone(receiver);
}

/** `.at(year, month = 1, day = 1, hour = 1, minute = 0, second = 0, ms = 0)`; false if invalid. */
const at: MethodDef = {
  mutates: true,
  call: (receiver, args) => {
    if (args.length > 7)
      throw usageError('at(year, month, day, hour, minute, second, millisecond)');
    const parts = [0, 1, 1, 1, 0, 0, 0];
    args.forEach((arg, i) => {
      if (arg.kind === 'int') parts[i] = Number(arg.value);
    });
    const [y, mo, d, h, mi, s, ms] = parts as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const valid =
      Math.abs(y) <= 262_143 &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= daysInMonth(y, mo) &&
      h >= 0 &&
      h <= 23 &&
      mi >= 0 &&
      mi <= 59 &&
      s >= 0 &&
      s <= 59 &&
      ms >= 0 &&
      ms <= 1999;
    const stamp = daysFromCivil(y, mo, d) * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + ms;
    if (!valid || Math.abs(stamp) > 8.64e15) return bool(false);
    return setMillis(receiver, stamp);
  },
};

const WITH_TIMEZONE =
  'with_timezone(timezone_name: string) => Time Object. Example: with_timezone("Europe/Paris") ';

const withTimezone: MethodDef = {
  mutates: true,
  call: (receiver, args) => {
    const name = args[0];
    if (name?.kind !== 'string') throw usageError(WITH_TIMEZONE);
    if (!isZoneName(name.value)) throw new CsmlError(`invalid timezone ${name.value}`);
    entriesOf(receiver).set('timezone', str(name.value));
    return clone(receiver);
  },
};

const UNIX =
  'unix(type_of_time) expect string argument "m" || "s" => int(time in seconds or milliseconds)';

const unix: MethodDef = {
  mutates: true,
  call: (receiver, args) => {
    const ms = millis(receiver, () => new CsmlError(UNIX));
    const unit = args[0];
    return int(unit?.kind === 'string' && unit.value === 's' ? Math.floor(ms / 1000) : ms);
  },
};

function shift(sign: 1 | -1, usage: string): MethodDef {
  return {
    mutates: true,
    call: (receiver, args) => {
      const seconds = args[0];
      if (seconds?.kind !== 'int') throw usageError(usage);
      const base = field(receiver, 'milliseconds');
      const start = base?.kind === 'int' ? Number(base.value) : 0;
      return setMillis(receiver, start + sign * Number(seconds.value) * 1000);
    },
  };
}

function zoneOf(receiver: Value): Zone {
  const timezone = field(receiver, 'timezone');
  if (timezone?.kind === 'string') {
    if (!isZoneName(timezone.value)) throw new CsmlError(`invalid timezone ${timezone.value}`);
    return { kind: 'named', name: timezone.value };
  }
  const offset = field(receiver, 'offset');
  if (timezone === undefined && offset?.kind === 'int') {
    return { kind: 'fixed', offset: Number(offset.value) };
  }
  return { kind: 'utc' };
}

const format: MethodDef = {
  mutates: false,
  call: (receiver, args) => {
    const ms = millis(receiver, () => usageError('Time().format(format: String)'));
    const seen = moment(ms, zoneOf(receiver));
    if (args.length === 0) return str(formatRfc3339(seen));
    const fmt = args[0];
    if (fmt?.kind !== 'string') throw new CsmlError('format parameter must be of type string');
    return str(formatWith(fmt.value, seen));
  },
};

const PARSE_ONE =
  "invalid value, 'parse(String)' expect a valid RFC 3339 and ISO 8601 date and time string such as '1996-12-19T00:00:00Z'";
const PARSE_TWO =
  'invalid value, expect date and a specified format to parse the date example: parse("1983 08 13 12:09:14.274", "%Y %m %d %H:%M:%S%.3f")';
const PARSE_USAGE =
  'usage: expect one ore two arguments : Time().parse("2020-08-13") or Time().parse("1983-08-13 12:09:14.274", "%Y-%m-%d %H:%M:%S%.3f")';

const parse: MethodDef = {
  mutates: false,
  call: (_receiver, args) => {
    const [text, fmt] = args;
    if (text === undefined) throw new CsmlError(PARSE_USAGE);
    if (fmt === undefined) {
      const found = text.kind === 'string' ? parseRfc3339(text.value) : undefined;
      if (!found) throw new CsmlError(PARSE_ONE);
      return timeValue(checkRange(found.ms), found.offset);
    }
    if (text.kind !== 'string' || fmt.kind !== 'string') throw new CsmlError(PARSE_TWO);
    const ms = parseWithFormat(text.value, fmt.value);
    if (ms === undefined) throw new CsmlError(PARSE_TWO);
    return timeValue(checkRange(ms));
  },
};

export const TIME_METHODS: ReadonlyMap<string, MethodDef> = new Map([
  ['at', at],
  ['with_timezone', withTimezone],
  ['unix', unix],
  ['add', shift(1, 'add(time_in_seconds: int) => Time Object')],
  ['sub', shift(-1, 'sub(time_in_seconds: int) => Time Object')],
  ['format', format],
  ['parse', parse],
]);
