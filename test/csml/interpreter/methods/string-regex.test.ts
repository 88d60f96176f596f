import { describe, expect, it } from 'vitest';

import { compileRustRegex } from '../../../../src/csml/interpreter/methods/regex-translate.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import { call, errorOf, expectValue, v } from './helpers.js';

const s = v.s;
const list = (...items: string[]): Value => v.a(...items.map(s));

/** `text.match_regex(pattern)` as a list of matches, or null. */
function matches(text: string, pattern: string): string[] | null {
  const result = call(s(text), 'match_regex', [s(pattern)]);
  if (result.kind === 'null') return null;
  if (result.kind !== 'array') throw new Error('not an array');
  return result.items.map((item) => (item.kind === 'string' ? item.value : '?'));
}

describe('regex methods', () => {
  it.each([
    ['Hello', 'contains_regex', ['(?i)He'], v.b(true)],
    ['Ceci est une question ? Oui ou non', 'contains_regex', ['[?]'], v.b(true)],
    ['Hello', 'contains_regex', ['^e'], v.b(false)],
    ['Hello', 'starts_with_regex', ['(?i)he'], v.b(true)],
    ['Hello', 'starts_with_regex', ['l+'], v.b(false)],
    ['Hello', 'ends_with_regex', ['[l]'], v.b(false)],
    ['Hello', 'ends_with_regex', ['l+o'], v.b(true)],
    ['Hello', 'match_regex', ['[A-Z]'], list('H')],
    ['hello', 'match_regex', ['[A-Z]'], v.null()],
    ['Hello World', 'match_regex', ['[A-Z]'], list('H', 'W')],
    ['Batman', 'match_regex', ['(?i)bat'], list('Bat')],
    ['0123456789', 'match_regex', ['[0-3]'], list('0', '1', '2', '3')],
    ['Hel14lo', 'match_regex', ['[0-9]'], list('1', '4')],
    ['hello world', 'replace_regex', ['world', 'Clevy'], s('hello Clevy')],
    ['a1b22', 'replace_regex', ['[0-9]+', '#'], s('a#b#')],
    ['John Smith', 'replace_regex', ['(\\w+) (\\w+)', '$2 $1'], s('Smith John')],
    [
      'John Smith',
      'replace_regex',
      ['(?P<first>\\w+) (?P<last>\\w+)', '${last}, $first'],
      s('Smith, John'),
    ],
    // `$1x` names a group `1x`, which does not exist.
    ['ab', 'replace_regex', ['(a)', '$1x|${1}x|$$|$9|$'], s('|ax|$||$b')],
    ['naïve café', 'replace_regex', ['\\b\\w', '_'], s('_aïve _afé')],
    ['ab', 'replace_regex', ['(a)', '$1a'], s('b')],
    ['baaac', 'replace_regex', ['a*', '-'], s('-b-c-')],
    ['abc', 'replace_regex', ['', '-'], s('-a-b-c-')],
  ] as [string, string, string[], Value][])('%j .%s(%j)', (text, name, args, expected) => {
    expectValue(call(s(text), name, args.map(s)), expected);
  });

  it('searches again from the rest of the text after each match, as the reference does', () => {
    expect(matches('aaa', '^a')).toEqual(['a', 'a', 'a']);
    expect(matches('ab ab', '\\bab')).toEqual(['ab', 'ab']);
  });

  it('moves on after an empty match instead of looping', () => {
    expect(matches('ab', 'x*')).toEqual(['', '', '']);
  });
});

describe('regex flavour', () => {
  it.each([
    ['é_9 x', '\\w+', ['é_9', 'x']],
    ['a١2', '\\d+', ['١2']],
    ['a\u00a0b', '\\s', ['\u00a0']],
    ['αβγ abc', '\\p{Greek}+', ['αβγ']],
    ['ǅA', '\\p{Lt}', ['ǅ']],
    ['aB1', '\\pL+', ['aB']],
    ['aB1', '\\PL', ['1']],
    ['abcd', '[[:alpha:]&&[^b]]+', ['a', 'cd']],
    ['a1-', '[[:^alpha:]]', ['1', '-']],
    ['abcdef', '[a-f--c-d]+', ['ab', 'ef']],
    ['abcd', '[a-c~~b-d]', ['a', 'd']],
    ['a]b', '[]a]+', ['a]']],
    ['a-b', '[a-]+', ['a-']],
    ['a.b', 'a\\.b', ['a.b']],
    ['a\nb', 'a.b', null],
    ['a\nb', '(?s)a.b', ['a\nb']],
    ['A\nb', '(?m)^\\w$', ['A', 'b']],
    ['A\nb', '^\\w$', null],
    ['x\ny', '\\Ay|x\\z', null],
    ['aXb', 'a(?i:x)b', ['aXb']],
    ['AXB', '(?i)a(?-i:X)b', ['AXB']],
    ['AxB', '(?i)a(?-i:X)b', null],
    ['Ab AB', '(?i:a)b', ['Ab']],
    ['HELLO', 'h(?i)ello', null],
    ['ABx ABX', '(?i)ab(?-i)x', ['ABx']],
    ['A\nC', '(?is)a.c', ['A\nC']],
    ['xA Xa', '(?i)x|(?-i:A)', ['x', 'A', 'X']],
    ['K k \u212a', '(?i)k', ['K', 'k', '\u212a']],
    ['hELLO', 'h(?i)ello', ['hELLO']],
    ['aaa', 'a{2}', ['aa']],
    ['aaa', 'a{2,}', ['aaa']],
    ['aaa', 'a{1,2}?', ['a', 'a', 'a']],
    ['aaa', '(?U)a+', ['a', 'a', 'a']],
    ['x y', '(?x) x \\  y # comment', ['x y']],
    ['ab', '(?P<n>a)(b)', ['ab']],
    ['a\u0007', '\\a', ['\u0007']],
    ['é', '\\x{e9}', ['é']],
    ['é', '\\u00E9', ['é']],
    ['😀', '\\U0001F600', ['😀']],
    ['a/b', 'a.b', ['a/b']],
  ] as [string, string, string[] | null][])('%j =~ %j', (text, pattern, expected) => {
    expect(matches(text, pattern)).toEqual(expected);
  });

  it.each([
    '(?=a)',
    '(?!a)',
    '(?<=a)b',
    '(?<!a)b',
    '(a)\\1',
    '\\k<n>',
    '(?<n>a)',
    '\\/',
    '\\:',
    '\\q',
    'a{',
    'a{,2}',
    'a{3,1}',
    '*a',
    '(a',
    'a)',
    '[a',
    '[]',
    '[z-a]',
    '(?)',
    '(?i-)',
    '(?ii)',
    '(?y)',
    '\\p{NotAProperty}',
    '\\x{110000}',
    '[\\b]',
  ])('rejects %j', (pattern) => {
    expect(compileRustRegex(pattern)).toBeNull();
  });

  it('caches compiled patterns', () => {
    expect(compileRustRegex('[a-z]+')).toBe(compileRustRegex('[a-z]+'));
  });
});

describe('regex method errors', () => {
  it.each([
    [
      'contains_regex',
      ['(?=a)'],
      '[contains_regex] takes one parameter of type String. Usage: string.contains_regex("regex")',
    ],
    [
      'contains_regex',
      [v.i(1)],
      '[contains_regex] takes one parameter of type String. Usage: string.contains_regex("regex")',
    ],
    ['contains_regex', [], 'usage: contains_regex(value: string) => boolean'],
    ['starts_with_regex', ['(?=a)'], 'parameter must be a valid regex expression'],
    [
      'starts_with_regex',
      [v.null()],
      '[starts_with_regex] takes one parameter of type String. Usage: string.start_with_regex("regex")',
    ],
    [
      'ends_with_regex',
      ['(a'],
      '[ends_with_regex] takes one parameter of type String. Usage: string.ends_with_regex("regex")',
    ],
    ['ends_with_regex', ['a', 'b'], 'usage: ends_with_regex(value: string) => boolean'],
    ['match_regex', ['(a)\\1'], 'parameter must be a valid regex expression'],
    [
      'match_regex',
      [v.i(3)],
      '[match_regex] takes one parameter of type String. Usage: string.match_regex("regex")',
    ],
    ['match_regex', [], 'usage: match_regex(value: string>) => array'],
    [
      'replace_regex',
      ['(?<=a)', 'x'],
      '[replace_regex] takes tow parameter of type String. Usage: "hello world".replace_regex("world", "Clevy")',
    ],
    [
      'replace_regex',
      ['a', v.i(1)],
      '[replace_regex] takes tow parameter of type String. Usage: "hello world".replace_regex("world", "Clevy")',
    ],
    ['replace_regex', ['a'], 'usage: replace_regex(regex: string, replace_by: string) => string'],
  ] as [string, (string | Value)[], string][])('.%s #%#', (name, args, message) => {
    const values = args.map((arg) => (typeof arg === 'string' ? s(arg) : arg));
    expect(errorOf(s('abc'), name, values)).toBe(message);
  });
});
