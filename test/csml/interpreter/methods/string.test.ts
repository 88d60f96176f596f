import { describe, expect, it } from 'vitest';

import type { Value } from '../../../../src/csml/interpreter/value.js';
import { call, errorOf, expectValue, v } from './helpers.js';

type Row = [string, string, Value[], Value];

const s = v.s;
const rows: Row[] = [
  ['Hello ', 'append', [s('World')], s('Hello World')],
  ['Hello', 'contains', [s('ell')], v.b(true)],
  ['Hello', 'contains', [s('L')], v.b(false)],
  ['Hello', 'starts_with', [s('He')], v.b(true)],
  ['Hello', 'starts_with', [s('el')], v.b(false)],
  ['Hello', 'ends_with', [s('lo')], v.b(true)],
  ['this is old old', 'replace', [s('old'), s('new')], s('this is new old')],
  ['a$b', 'replace', [s('$'), s('$&')], s('a$&b')],
  ['abc', 'replace', [s(''), s('-')], s('-abc')],
  ['abc', 'replace', [s('x'), s('-')], s('abc')],
  ['old old', 'replace_all', [s('old'), s('new')], s('new new')],
  ['a😀b', 'replace_all', [s(''), s('-')], s('-a-😀-b-')],
  ['Hello', 'split', [s('l')], v.a(s('He'), s(''), s('o'))],
  ['Hello', 'split', [s('A')], v.a(s('Hello'))],
  ['Hello', 'split', [s('H')], v.a(s(''), s('ello'))],
  ['a😀', 'split', [s('')], v.a(s(''), s('a'), s('😀'), s(''))],
  ['Hello World', 'match', [s('o')], v.a(s('o'), s('o'))],
  ['aaaa', 'match', [s('aa')], v.a(s('aa'), s('aa'))],
  ['Hello', 'match', [s('x')], v.null()],
  ['ab', 'match', [s('')], v.a(s(''), s(''), s(''))],
  ['', 'is_empty', [], v.b(true)],
  ['x', 'is_empty', [], v.b(false)],
  ['😀é', 'length', [], v.i(6)],
  ['HELLO World', 'to_lowercase', [], s('hello world')],
  ['straße', 'to_uppercase', [], s('STRASSE')],
  ['hello World', 'capitalize', [], s('Hello World')],
  ['ßa', 'capitalize', [], s('SSa')],
  ['', 'capitalize', [], s('')],
  ['😃Hello World', 'slice', [v.i(1)], s('Hello World')],
  ['😃Hello World', 'slice', [v.i(1), v.i(6)], s('Hello')],
  ['Hello World', 'slice', [v.i(0), v.i(3)], s('Hel')],
  ['Hello', 'slice', [v.i(-2)], s('lo')],
  ['Hello', 'slice', [v.i(-3), v.i(-1)], s('ll')],
  ['Hello', 'slice', [v.i(2), v.i(2)], s('')],
  ['Hello', 'slice', [v.i(0), v.i(5)], s('Hello')],
  [' \t\n x y \u3000', 'trim', [], s('x y')],
  ['\u0085x\ufeff', 'trim', [], s('x\ufeff')],
  ['  x  ', 'trim_left', [], s('x  ')],
  ['  x  ', 'trim_right', [], s('  x')],
  ['a@b.c', 'is_email', [], v.b(true)],
  ['a@b', 'is_email', [], v.b(false)],
  ['a@@b.c', 'is_email', [], v.b(false)],
  ['a b@c.d', 'is_email', [], v.b(true)],
  ['"4"', 'to_string', [], s('"4"')],
  // numeric strings: int form first, else float form
  ['42', 'pow', [v.i(2)], v.i(1764)],
  ['42.0', 'pow', [v.f(2.2)], v.f(3725.1900894013565)],
  ['-3', 'abs', [], v.i(3)],
  ['-3.5', 'abs', [], v.f(3.5)],
  ['2.5', 'round', [], v.f(3)],
  ['1e3', 'floor', [], v.f(1000)],
  ['16', 'sqrt', [], v.i(4)],
  ['0', 'cos', [], v.i(1)],
  ['0', 'sin', [], v.i(0)],
  ['0.0', 'tan', [], v.f(0)],
  ['1.7', 'ceil', [], v.f(2)],
  ['1.9', 'to_int', [], v.i(1)],
  ['7', 'to_int', [], v.i(7)],
  ['7', 'to_float', [], v.f(7)],
  ['inf', 'to_float', [], v.f(Infinity)],
  ['9223372036854775808', 'to_int', [], v.i(9223372036854775807n)],
];

describe('string methods', () => {
  it.each(rows)('%j .%s()', (text, name, args, expected) => {
    expectValue(call(s(text), name, args), expected);
  });

  it('keeps other content types out of the result', () => {
    const text: Value = { kind: 'string', contentType: 'text', value: 'Hi' };
    expect(call(text, 'to_uppercase').contentType).toBe('string');
    expect(call(text, 'to_string').contentType).toBe('string');
  });
});

const APPEND =
  '[append] takes one parameter of type String. Usage: string.append("text to append")';
const DO_MATCH = '[do_match] takes one parameter of type String. Usage: string.do_match("tag")';
const SLICE_INT = '.slice(start, optional<end>) args need to be of type Integer';
const SLICE_LEN = '.slice(start, optional<end>) args need to be inferior to the string length';
const SLICE_ORDER =
  '.slice(start, optional<end>) end need to be superior to start in value ex: .slice(2, 5)';
const NUMERIC = (name: string): string =>
  `[${name}] the string must be of numeric type in order to use this method. Verify first with 'string.is_number() == true' to check it`;

const errors: [string, string, Value[], string][] = [
  ['a', 'append', [], 'usage: append(value: string) => string'],
  ['a', 'append', [v.i(1)], APPEND],
  ['a', 'contains', [v.i(1)], DO_MATCH],
  ['a', 'contains', [s('a'), s('b')], 'usage: contains(value: string) => boolean'],
  ['a', 'match', [v.i(3)], DO_MATCH],
  ['a', 'match', [], 'usage: match(value: string>) => array'],
  [
    'a',
    'starts_with',
    [v.null()],
    '[starts_with] takes one parameter of type String. Usage: string.starts_with("tag")',
  ],
  [
    'a',
    'ends_with',
    [v.null()],
    '[ends_with] takes one parameter of type String. Usage: string.ends_with("tag")',
  ],
  [
    'a',
    'replace',
    [s('a'), v.i(1)],
    '[replace] takes tow parameter of type String. Usage: "this is old".replace("old", "new")',
  ],
  [
    'a',
    'replace',
    [s('a')],
    'usage: replace(value_to_replace: string, replace_by: string) => string',
  ],
  [
    'a',
    'replace_all',
    [v.i(1), s('a')],
    '[replace_all] takes tow parameter of type String. Usage: "old old old old".replace_all("old", "new")',
  ],
  ['a', 'split', [], 'usage: string(separator: string) => array'],
  ['a', 'split', [v.i(1)], '[join] takes one parameter of type String. Usage: array.join("elem") '],
  ['a', 'is_empty', [s('x')], 'usage: is_empty() => boolean'],
  ['a', 'length', [v.i(1)], 'usage: length() => int'],
  ['a', 'trim', [v.i(1)], 'usage: trim() => string'],
  ['a', 'capitalize', [v.i(1)], 'usage: capitalize() => string'],
  ['a', 'is_email', [v.i(1)], 'usage: is_email() => boolean'],
  ['abc', 'slice', [], 'usage: slice(start: Integer, end: Optional<Integer>) => string'],
  [
    'abc',
    'slice',
    [v.i(0), v.i(1), v.i(2)],
    'usage: slice(start: Integer, end: Optional<Integer>) => string',
  ],
  ['abc', 'slice', [s('1')], SLICE_INT],
  ['abc', 'slice', [v.i(0), v.f(1)], SLICE_INT],
  ['abc', 'slice', [v.i(3)], SLICE_LEN],
  ['abc', 'slice', [v.i(-4)], SLICE_LEN],
  ['abc', 'slice', [v.i(0), v.i(4)], SLICE_LEN],
  ['', 'slice', [v.i(0), v.i(0)], SLICE_LEN],
  ['abc', 'slice', [v.i(2), v.i(1)], SLICE_ORDER],
  ['abc', 'abs', [], NUMERIC('abs')],
  ['', 'pow', [v.i(2)], NUMERIC('pow')],
  ['1 ', 'to_int', [], NUMERIC('to_int')],
  ['4', 'pow', [], 'usage: pow(exponent: number) => number'],
  ['4.5', 'abs', [v.i(1)], 'usage: abs() => float'],
];

describe('string method errors', () => {
  it.each(errors)('%j .%s()', (text, name, args, message) => {
    expect(errorOf(s(text), name, args)).toBe(message);
  });
});
