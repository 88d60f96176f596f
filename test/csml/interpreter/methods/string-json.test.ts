import { describe, expect, it } from 'vitest';

import type { Value } from '../../../../src/csml/interpreter/value.js';
import { call, errorOf, expectValue, v } from './helpers.js';

const s = v.s;
const INVALID = 'Invalid format string is not a valid yaml or xml';
const TOO_LARGE = 'Number is larger than a 64-bit integer';

describe('from_json', () => {
  it.each([
    [
      '{"a": 1, "b": 1.0, "c": [true, null, "x"]}',
      v.o({ a: v.i(1), b: v.f(1), c: v.a(v.b(true), v.null(), s('x')) }),
    ],
    [
      '[1e2, -0, 0.5, "\\u00e9\\n", "\\ud83d\\ude00"]',
      v.a(v.f(100), v.i(0), v.f(0.5), s('é\n'), s('😀')),
    ],
    [' "text" ', s('text')],
    ['9223372036854775807', v.i(9223372036854775807n)],
    ['-9223372036854775809', v.f(-(2 ** 63))],
    ['18446744073709551616', v.f(18446744073709551616)],
    ['{"a": 1, "a": 2}', v.o({ a: v.i(2) })],
  ] as [string, Value][])('%j', (text, expected) => {
    expectValue(call(s(text), 'from_json'), expected);
  });

  it.each([
    '',
    '[1,]',
    '{"a": 1,}',
    "{'a': 1}",
    '01',
    '1.',
    'NaN',
    '"\\x"',
    '"a\nb"',
    '[1] x',
    '1e400',
    '"\\ud800"',
  ])('rejects %j', (text) => {
    expect(errorOf(s(text), 'from_json')).toBe('[from_json] [!] string to object failed]');
  });

  it('refuses ints beyond int64 that fit u64', () => {
    expect(errorOf(s('[9223372036854775808]'), 'from_json')).toBe(TOO_LARGE);
  });

  it('takes no argument', () => {
    expect(errorOf(s('1'), 'from_json', [s('')])).toBe('usage: from_json() => object');
    expect(errorOf(s('1'), 'to_json', [s('')])).toBe('usage: to_json() => obj');
  });
});

describe('to_json from XML', () => {
  it.each([
    [
      '<Item><name>Banana</name><source>Store</source></Item>',
      v.o({ Item: v.o({ name: s('Banana'), source: s('Store') }) }),
    ],
    [
      '<?xml version="1.0"?>\n<a x="1" y="0.5"><b>2</b><b>3</b><c/><d>007</d><e>-5</e><f>true</f><g> 0 </g></a>',
      v.o({
        a: v.o({
          '@x': v.i(1),
          '@y': v.f(0.5),
          b: v.a(v.i(2), v.i(3)),
          d: s('007'),
          e: v.f(-5),
          f: v.b(true),
          g: v.i(0),
        }),
      }),
    ],
    ['<a z="2" x="1">text</a>', v.o({ a: v.o({ '@x': v.i(1), '@z': v.i(2), $text: s('text') }) })],
    ['<a>mixed <b>1</b> text</a>', v.o({ a: s('mixed  text') })],
    ['<a><!-- c --><b>t&amp;u&#233;<![CDATA[<x>]]></b></a>', v.o({ a: v.o({ b: s('t&ué<x>') }) })],
    ['<a/>', v.o({ a: v.null() })],
    ['<a><b/></a>', v.o({ a: v.null() })],
    ['<ns:a xmlns:ns="u"><ns:b>1</ns:b></ns:a>', v.o({ a: v.o({ b: v.i(1) }) })],
    ['I like <b>bold</b> text', v.o({ b: s('bold') })],
    ['<a>1</a> trailing <b>', v.o({ a: v.i(1) })],
  ] as [string, Value][])('%j', (text, expected) => {
    expectValue(call(s(text), 'to_json'), expected);
  });

  it('refuses ints beyond int64', () => {
    expect(errorOf(s('<a>9223372036854775808</a>'), 'to_json')).toBe(TOO_LARGE);
  });
});

describe('to_json from YAML', () => {
  it.each([
    ['---\nx: 1.0\ny: 2.0', v.o({ x: v.f(1), y: v.f(2) })],
    ['hello', s('hello')],
    ['hello: world', v.o({ hello: s('world') })],
    ['12', v.i(12)],
    ['{"a": 1, "b": [1.5, "x"]}', v.o({ a: v.i(1), b: v.a(v.f(1.5), s('x')) })],
    ['[1, 2, {a: b}]', v.a(v.i(1), v.i(2), v.o({ a: s('b') }))],
    [
      '- a\n- b: 1\n  c: 2\n-\n  - x\n- - y\n',
      v.a(s('a'), v.o({ b: v.i(1), c: v.i(2) }), v.a(s('x')), v.a(s('y'))),
    ],
    [
      'a:\n- 1\n- 2\nb: # comment\n  c: d\n',
      v.o({ a: v.a(v.i(1), v.i(2)), b: v.o({ c: s('d') }) }),
    ],
    [
      "a: 0x1F\nb: 007\nc: -5\ne: ~\nf: \"x\"\ng: !!str 12\nh: yes\ni: 1e3\nk: -0o17\nm: 'it''s'\nn:\nq: !!float 3\nr: 1_000\ns: null\nt: True",
      v.o({
        a: v.i(31),
        b: s('007'),
        c: v.i(-5),
        e: v.null(),
        f: s('x'),
        g: s('12'),
        h: s('yes'),
        i: v.f(1000),
        k: v.i(-15),
        m: s("it's"),
        n: v.null(),
        q: v.f(3),
        r: s('1_000'),
        s: v.null(),
        t: s('True'),
      }),
    ],
    ['a: .inf\nb: -.Inf\nc: inf', v.o({ a: v.f(Infinity), b: v.f(-Infinity), c: s('inf') })],
    [
      'a: "x\\ty\n  z"\nb: plain\n  continued\n\n  again',
      v.o({ a: s('x\ty z'), b: s('plain continued\nagain') }),
    ],
    [
      'a: |\n  line1\n   line2\nb: >-\n  fold\n  ed\n\n  para\nc: |+\n  keep\n\nd: x',
      v.o({ a: s('line1\n line2\n'), b: s('fold ed\npara'), c: s('keep\n\n'), d: s('x') }),
    ],
    ['a: &x [1, 2]\nb: *x', v.o({ a: v.a(v.i(1), v.i(2)), b: v.a(v.i(1), v.i(2)) })],
    ['a: 1 # comment\n# full line\nb: "#not"', v.o({ a: v.i(1), b: s('#not') })],
    ['---\n- 1\n...\n', v.a(v.i(1))],
    ['%YAML 1.2\n---\nx', s('x')],
    ['---', v.null()],
    ['url: http://a.b/c', v.o({ url: s('http://a.b/c') })],
  ] as [string, Value][])('%j', (text, expected) => {
    expectValue(call(s(text), 'to_json'), expected);
  });

  it.each([
    '',
    '   ',
    '# only a comment',
    'a: b: c',
    '@x',
    '`x`',
    'a:\n\tb: 1',
    '---\n- 1\n---\n- 2',
    '[1, 2',
    'a: [1] x',
    'a: *nope',
    'a\nb: c',
    '? a\n: b',
  ])('rejects %j', (text) => {
    expect(errorOf(s(text), 'to_json')).toBe(INVALID);
  });

  it('refuses ints beyond int64, and beyond u64 as the reader does', () => {
    expect(errorOf(s('a: 18446744073709551615'), 'to_json')).toBe(TOO_LARGE);
    expect(errorOf(s('a: 18446744073709551616'), 'to_json')).toBe(INVALID);
  });
});
