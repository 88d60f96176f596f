/**
 * String methods (csml.md §10.2). `length()` counts UTF-8 bytes, `slice()` characters; numeric
 * strings also have the number methods (`"42".pow(2)` → `1764`).
 */
import { limitString } from '../limits.js';
import { CsmlError } from '../errors.js';
import { array, bool, float, int, nullValue, str } from '../value.js';
import type { Value } from '../value.js';
import { COMMON_METHODS } from './common.js';
import { expectCount, nullary, reader, sliceBounds, stringArg, table } from './define.js';
import type { MethodTable } from './define.js';
import type { MethodDef } from './method.js';
import { FLOAT_METHODS, INT_METHODS } from './number.js';
import { parseF64, parseI64 } from '../numeric.js';
import { CODEC_METHODS } from './string-codec.js';
import { JSON_METHODS } from './string-json.js';
import { REGEX_METHODS } from './string-regex.js';

const MATCH_ERROR = '[do_match] takes one parameter of type String. Usage: string.do_match("tag")';

/** `str::trim`: Unicode White_Space (JavaScript's trim differs on U+FEFF and U+0085). */
const LEADING_SPACE = /^\p{White_Space}+/u;
const TRAILING_SPACE = /\p{White_Space}+$/u;

/** A method taking one string argument, with the reference's error text for other types. */
function withString(
  signature: string,
  error: string,
  body: (text: string, arg: string) => Value,
): MethodDef {
  return reader('string', (s, args) => {
    expectCount(args, 1, signature);
    return body(s.value, stringArg(args, 0, error));
  });
}

/** `text.replacen(from, to, 1)` / `text.replace(from, to)`, an empty `from` matching between characters. */
function replaceText(text: string, from: string, to: string, all: boolean): string {
  if (from === '') return all ? ['', ...Array.from(text), ''].join(to) : to + text;
  if (!all) {
    const at = text.indexOf(from);
    return at < 0 ? text : text.slice(0, at) + to + text.slice(at + from.length);
  }
  return text.split(from).join(to);
}

function replacer(name: string, all: boolean): MethodDef {
  const error = all
    ? '[replace_all] takes tow parameter of type String. Usage: "old old old old".replace_all("old", "new")'
    : '[replace] takes tow parameter of type String. Usage: "this is old".replace("old", "new")';
  return reader('string', (s, args) => {
    expectCount(args, 2, `${name}(value_to_replace: string, replace_by: string) => string`);
    return str(replaceText(s.value, stringArg(args, 0, error), stringArg(args, 1, error), all));
  });
}

/** A number method on a numeric string: read as an int if it is one, else as a float. */
function numeric(name: string): MethodDef {
  return reader('string', (s, args, ctx) => {
    const asInt = parseI64(s.value);
    if (asInt !== null) return INT_METHODS.get(name)!.call(int(asInt), args, ctx);
    const asFloat = parseF64(s.value);
    if (asFloat !== null) return FLOAT_METHODS.get(name)!.call(float(asFloat), args, ctx);
    throw new CsmlError(
      `[${name}] the string must be of numeric type in order to use this method. Verify first with 'string.is_number() == true' to check it`,
    );
  });
}

const NUMERIC = [
  'abs',
  'cos',
  'ceil',
  'floor',
  'pow',
  'round',
  'sin',
  'sqrt',
  'tan',
  'to_int',
  'to_float',
];

export const STRING_METHODS: MethodTable = table({
  ...COMMON_METHODS,
  ...JSON_METHODS,
  ...CODEC_METHODS,
  ...REGEX_METHODS,
  ...Object.fromEntries(NUMERIC.map((name) => [name, numeric(name)])),
  is_email: nullary('string', 'is_email() => boolean', (s) =>
    bool(/^[^@]+@[^@]+\.[^@]+$/.test(s.value)),
  ),
  append: withString(
    'append(value: string) => string',
    '[append] takes one parameter of type String. Usage: string.append("text to append")',
    (text, arg) => str(limitString(text + arg)),
  ),
  contains: withString('contains(value: string) => boolean', MATCH_ERROR, (text, arg) =>
    bool(text.includes(arg)),
  ),
  starts_with: withString(
    'starts_with(value: string) => boolean',
    '[starts_with] takes one parameter of type String. Usage: string.starts_with("tag")',
    (text, arg) => bool(text.startsWith(arg)),
  ),
  ends_with: withString(
    'ends_with(value: string) => boolean',
    '[ends_with] takes one parameter of type String. Usage: string.ends_with("tag")',
    (text, arg) => bool(text.endsWith(arg)),
  ),
  match: withString('match(value: string>) => array', MATCH_ERROR, (text, arg) => {
    const count = arg === '' ? Array.from(text).length + 1 : text.split(arg).length - 1;
    return count === 0 ? nullValue() : array(Array.from({ length: count }, () => str(arg)));
  }),
  replace: replacer('replace', false),
  replace_all: replacer('replace_all', true),
  split: withString(
    'string(separator: string) => array',
    // The reference reports a non-string separator with join's text.
    '[join] takes one parameter of type String. Usage: array.join("elem") ',
    (text, sep) =>
      array(
        (sep === '' ? ['', ...Array.from(text), ''] : text.split(sep)).map((part) => str(part)),
      ),
  ),
  // The reference asks for one argument here (a slip); Parley takes none, as csml.md §10.2 says.
  is_empty: nullary('string', 'is_empty() => boolean', (s) => bool(s.value === '')),
  length: nullary('string', 'length() => int', (s) => int(Buffer.byteLength(s.value, 'utf8'))),
  to_lowercase: nullary('string', 'to_lowercase() => string', (s) => str(s.value.toLowerCase())),
  to_uppercase: nullary('string', 'to_uppercase() => string', (s) => str(s.value.toUpperCase())),
  capitalize: nullary('string', 'capitalize() => string', (s) => {
    const [first = '', ...rest] = Array.from(s.value);
    return str(first.toUpperCase() + rest.join(''));
  }),
  slice: reader('string', (s, args) => {
    const chars = Array.from(s.value);
    const [start, end] = sliceBounds(
      args,
      chars.length,
      'slice(start: Integer, end: Optional<Integer>) => string',
    );
    return str(chars.slice(start, end).join(''));
  }),
  trim: nullary('string', 'trim() => string', (s) =>
    str(s.value.replace(LEADING_SPACE, '').replace(TRAILING_SPACE, '')),
  ),
  trim_left: nullary('string', 'trim_left() => string', (s) =>
    str(s.value.replace(LEADING_SPACE, '')),
  ),
  trim_right: nullary('string', 'trim_right() => string', (s) =>
    str(s.value.replace(TRAILING_SPACE, '')),
  ),
});
