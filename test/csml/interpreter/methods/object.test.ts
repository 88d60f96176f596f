import { describe, expect, it } from 'vitest';

import { findMethod } from '../../../../src/csml/interpreter/methods/index.js';
import { array, object } from '../../../../src/csml/interpreter/value.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import { call, closure, errorOf, expectValue, v } from './helpers.js';

const { i, s, o } = v;

describe('reading methods', () => {
  const obj = o({ a: i(1), b: s('x') });
  it.each([
    ['length', [], i(2)],
    ['is_empty', [], v.b(false)],
    ['keys', [], v.a(s('a'), s('b'))],
    ['values', [], v.a(i(1), s('x'))],
    ['contains', [s('a')], v.b(true)],
    ['contains', [s('z')], v.b(false)],
    ['get', [s('b')], s('x')],
    ['get', [s('z')], v.null()],
  ] as [string, Value[], Value][])('.%s #%#', (name, args, expected) => {
    expectValue(call(obj, name, args), expected);
  });

  it('describes empty objects', () => {
    expectValue(call(o({}), 'is_empty'), v.b(true));
    expectValue(call(o({}), 'keys'), v.a());
    expectValue(call(o({}), 'values'), v.a());
  });
});

describe('mutating methods', () => {
  it('insert, remove, assign and clear_values change the receiver', () => {
    const obj = o({});
    expectValue(call(obj, 'insert', [s('42'), s('Hello')]), v.null());
    expectValue(call(obj, 'insert', [s('b'), i(2)]), v.null());
    expectValue(obj, o({ '42': s('Hello'), b: i(2) }));
    expectValue(call(obj, 'remove', [s('42')]), s('Hello'));
    expectValue(call(obj, 'remove', [s('42')]), v.null());
    expectValue(call(obj, 'assign', [o({ val: i(24), b: i(3) })]), v.null());
    expectValue(obj, o({ b: i(3), val: i(24) }));
    expectValue(call(obj, 'clear_values'), v.null());
    expectValue(obj, o({ b: v.null(), val: v.null() }));
  });

  it('stores copies, so an object can be inserted into itself', () => {
    const obj = o({ a: i(1) });
    call(obj, 'insert', [s('self'), obj]);
    expectValue(obj, o({ a: i(1), self: o({ a: i(1) }) }));
  });

  it('assign takes any object, components too', () => {
    const obj = o({});
    call(obj, 'assign', [object(new Map([['title', s('t')]]), 'button')]);
    expectValue(obj, o({ title: s('t') }));
  });

  it('are flagged as such', () => {
    for (const name of ['insert', 'remove', 'assign', 'clear_values']) {
      expect(findMethod(o({}), name)?.mutates).toBe(true);
    }
    expect(findMethod(o({}), 'get')?.mutates).toBe(false);
  });
});

describe('to_xml and to_yaml', () => {
  it('writes XML as serde-xml-rs does: nothing escaped, no arrays', () => {
    const item = o({ Item: o({ name: s('Banana'), source: s('Store') }) });
    expectValue(call(item, 'to_xml'), s('<Item><name>Banana</name><source>Store</source></Item>'));
    const mixed = o({
      a: o({ b: v.f(1), c: v.null(), d: v.b(true), e: s('<x>'), f: v.f(1e21), g: i(-3) }),
    });
    expectValue(
      call(mixed, 'to_xml'),
      s('<a><b>1</b><c></c><d>true</d><e><x></e><f>1000000000000000000000</f><g>-3</g></a>'),
    );
    expectValue(call(o({}), 'to_xml'), s(''));
    expect(errorOf(o({ a: v.a(i(1)) }), 'to_xml')).toBe('Object can not be converted to xml');
  });

  it('wraps nested values of other content types', () => {
    const button = object(new Map([['title', s('b')]]), 'button');
    expectValue(
      call(o({ x: button }), 'to_xml'),
      s('<x><content_type>button</content_type><content><title>b</title></content></x>'),
    );
    expectValue(
      call(o({ x: button }), 'to_yaml'),
      s('---\nx:\n  content_type: button\n  content:\n    title: b\n'),
    );
  });

  it.each([
    [o({ x: v.f(1), y: v.f(2) }), '---\nx: 1.0\ny: 2.0\n'],
    [o({}), '---\n{}\n'],
    [o({ a: o({ b: i(1) }), c: v.a(i(1), i(2)) }), '---\na:\n  b: 1\nc:\n  - 1\n  - 2\n'],
    [
      o({ a: v.a(v.a(i(1), i(2)), o({ b: i(1), c: i(2) })) }),
      '---\na:\n  - - 1\n    - 2\n  - b: 1\n    c: 2\n',
    ],
    [
      o({ a: v.a(i(1), o({ b: v.a(i(1), i(2)), e: s('q\tx') })) }),
      '---\na:\n  - 1\n  - b:\n      - 1\n      - 2\n    e: "q\\tx"\n',
    ],
    [
      o({
        e: o({}),
        f: v.a(),
        n: v.null(),
        t: v.b(true),
        big: v.f(1e16),
        small: v.f(1.5e-7),
        nan: v.f(NaN),
      }),
      '---\ne: {}\nf: []\nn: ~\nt: true\nbig: 1e16\nsmall: 1.5e-7\n"nan": ~\n',
    ],
    [
      o({
        a: s(''),
        b: s('true'),
        c: s('12'),
        d: s('a: b'),
        e: s('-x'),
        f: s(' x'),
        g: s('.5'),
        h: s('0x1'),
        i: s('yes'),
        j: s('plain text'),
        k: s('é\u0001"\\'),
      }),
      '---\na: ""\nb: "true"\nc: "12"\nd: "a: b"\ne: "-x"\nf: " x"\ng: ".5"\nh: "0x1"\ni: "yes"\nj: plain text\nk: "é\\u0001\\"\\\\"\n',
    ],
    [o({ 'key: x': i(1), '': i(2) }), '---\n"key: x": 1\n"": 2\n'],
    [o({ f: closure(['x'], (x) => x) }), '---\nf:\n  _closure: ~\n'],
  ] as [Value, string][])('to_yaml #%#', (value, text) => {
    expectValue(call(value, 'to_yaml'), s(text));
  });

  it('round-trips the conformance samples through string.to_json()', () => {
    const xml = '<Item><name>Banana</name><source>Store</source></Item>';
    expectValue(call(call(s(xml), 'to_json'), 'to_xml'), s(xml));
    expectValue(
      call(call(s('---\nx: 1.0\ny: 2.0'), 'to_json'), 'to_yaml'),
      s('---\nx: 1.0\ny: 2.0\n'),
    );
  });
});

describe('object method errors', () => {
  it.each([
    ['length', [i(1)], 'usage: length() => int'],
    ['keys', [i(1)], 'usage: keys() => array'],
    ['values', [i(1)], 'usage: values() => array'],
    ['contains', [], 'usage: contains(key: string) => boolean'],
    [
      'contains',
      [i(42)],
      '[contains] takes one argument of type String. Usage: object.contains("key")',
    ],
    ['get', [], 'usage: get(key: string) => primitive'],
    [
      'get',
      [i(1)],
      '[get_generics] takes one argument of type String. Usage: object.get_generics("key")',
    ],
    ['insert', [s('a')], 'usage: insert(key: string, value: primitive) => null'],
    [
      'insert',
      [i(42), s('Hello')],
      '[insert] take tow arguments. Usage: object.insert(string, any_type)',
    ],
    ['remove', [], 'usage: remove(key: string) => primitive'],
    ['remove', [i(1)], '[remove] takes one argument of type String. Usage: object.remove("key")'],
    ['assign', [], 'usage: assign(obj: Object) => null'],
    ['assign', [v.a()], '[assign] take one argument. Usage: object.assign({"key": "value"})'],
    ['clear_values', [i(1)], 'usage: clear_values() => null'],
    ['to_xml', [i(1)], 'usage: to_xml() => string'],
    ['to_yaml', [i(1)], 'usage: to_yaml() => string'],
  ] as [string, Value[], string][])('.%s #%#', (name, args, message) => {
    expect(errorOf(o({ a: i(1) }), name, args)).toBe(message);
  });

  it('arrays have no to_xml', () => {
    expect(findMethod(array([]), 'to_xml')).toBeUndefined();
  });
});
