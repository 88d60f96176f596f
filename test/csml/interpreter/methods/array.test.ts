import { describe, expect, it } from 'vitest';

import { findMethod } from '../../../../src/csml/interpreter/methods/index.js';
import { array, object } from '../../../../src/csml/interpreter/value.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import { call, closure, closureCalls, context, errorOf, expectValue, v } from './helpers.js';

const { i, s } = v;
const ints = (...ns: number[]): Value => v.a(...ns.map((n) => i(n)));

describe('reading methods', () => {
  it.each([
    [ints(1, 2), 'length', [], i(2)],
    [ints(), 'is_empty', [], v.b(true)],
    [ints(1), 'is_empty', [], v.b(false)],
    [ints(1, 2), 'index_of', [i(3)], i(-1)],
    [ints(1, 2), 'index_of', [i(2)], i(1)],
    [v.a(i(1), i(2), ints(1, 2)), 'index_of', [ints(1, 2)], i(2)],
    [v.a(i(1), v.f(1)), 'index_of', [v.f(1)], i(1)],
    [v.a(s('2'), s('2.0')), 'index_of', [s('2.0')], i(0)],
    [v.a(s('02')), 'index_of', [s('2')], i(-1)],
    [v.a(v.null(), v.o({ a: i(1) })), 'index_of', [v.o({ a: i(1) })], i(1)],
    [ints(1, 2), 'find', [i(3)], v.a()],
    [ints(1, 2, 3, 4, 5, 2), 'find', [i(2)], ints(2, 2)],
    [
      v.a(i(1), v.o({ obj: s('42') }), i(2), ints(1, 2)),
      'find',
      [v.o({ obj: s('42') })],
      v.a(v.o({ obj: s('42') })),
    ],
    [ints(1, 2), 'find', [i(1), i(2)], ints(1)],
    [ints(), 'join', [s(',')], s('')],
    [ints(1), 'join', [s(',')], s('1')],
    [
      v.a(i(1), v.f(2), s('x'), v.null(), ints(3), v.b(true)),
      'join',
      [s(', ')],
      s('1, 2, x, Null, [3], true'),
    ],
    [ints(1, 2, 3), 'slice', [i(1)], ints(2, 3)],
    [ints(1, 2, 3), 'slice', [i(-1)], ints(3)],
    [ints(1, 2, 3), 'slice', [i(0), i(2)], ints(1, 2)],
    [ints(1, 2, 3), 'slice', [i(-2), i(3)], ints(2, 3)],
    [ints(1, 2, 3), 'reverse', [], ints(3, 2, 1)],
    [ints(1), 'append', [ints(2, 3)], ints(1, 2, 3)],
    [v.a(i(1), ints(2, 3), v.a(ints(4))), 'flatten', [], v.a(i(1), i(2), i(3), ints(4))],
    [ints(), 'init', [i(3)], v.a(v.null(), v.null(), v.null())],
    [ints(9), 'init', [i(0)], v.a()],
  ] as [Value, string, Value[], Value][])('#%# .%s()', (receiver, name, args, expected) => {
    expectValue(call(receiver, name, args), expected);
  });

  it('leaves the receiver alone', () => {
    const list = ints(1, 2, 3);
    call(list, 'reverse');
    call(list, 'slice', [i(1)]);
    call(list, 'append', [ints(4)]);
    expectValue(list, ints(1, 2, 3));
  });

  it('flattens only plain arrays, and appends only plain arrays', () => {
    const tagged = array([i(1)], 'custom');
    expectValue(call(v.a(tagged), 'flatten'), v.a(tagged));
    expect(errorOf(ints(), 'append', [tagged])).toBe(
      '[insert_at] takes two arguments. Usage: array.insert_at(1, elem)',
    );
  });
});

describe('mutating methods', () => {
  it('push, pop, insert_at and remove_at change the receiver', () => {
    const list = ints();
    expectValue(call(list, 'push', [i(42)]), v.null());
    expectValue(list, ints(42));
    expectValue(call(list, 'insert_at', [i(0), i(24)]), v.null());
    expectValue(call(list, 'insert_at', [i(2), i(7)]), v.null());
    expectValue(list, ints(24, 42, 7));
    expectValue(call(list, 'remove_at', [i(1)]), i(42));
    expectValue(call(list, 'pop'), i(7));
    expectValue(list, ints(24));
  });

  it('stores copies of what it is given', () => {
    const list = ints();
    const item = ints(1);
    call(list, 'push', [item]);
    call(list, 'insert_at', [i(0), item]);
    if (item.kind === 'array') item.items.push(i(2));
    expectValue(list, v.a(ints(1), ints(1)));
  });

  it('shuffle reorders in place with the host random source and returns the new order', () => {
    const list = ints(1, 2, 3, 4);
    const result = call(list, 'shuffle', [], context([0, 0, 0]));
    expectValue(list, ints(2, 3, 4, 1));
    expectValue(result, ints(2, 3, 4, 1));
    expect(result).not.toBe(list);
  });

  it('one_of picks with the host random source', () => {
    expectValue(call(ints(1, 2, 3), 'one_of', [], context([0.99])), i(3));
    expectValue(call(ints(1, 2, 3), 'one_of', [], context([0.4])), i(2));
    expectValue(call(ints(), 'one_of'), v.null());
  });

  it('are flagged as such', () => {
    for (const name of ['push', 'pop', 'insert_at', 'remove_at', 'shuffle']) {
      expect(findMethod(ints(), name)?.mutates).toBe(true);
    }
  });
});

describe('closures', () => {
  it('map passes the index to closures with two parameters', () => {
    closureCalls.length = 0;
    const plusOne = closure(['x'], (x) => (x.kind === 'int' ? i(x.value + 1n) : v.null()));
    expectValue(call(ints(1, 2), 'map', [plusOne]), ints(2, 3));
    expect(closureCalls).toEqual([[i(1)], [i(2)]]);
    const index = closure(['x', 'index'], (_x, n) => n);
    expectValue(call(ints(5, 5, 5), 'map', [index]), ints(0, 1, 2));
  });

  it('filter keeps items whose result is true to CSML', () => {
    const odd = closure(['x'], (x) => v.b(x.kind === 'int' && x.value % 2n === 1n));
    expectValue(call(ints(1, 2, 3, 4, 5), 'filter', [odd]), ints(1, 3, 5));
    const one = closure(['x', 'index'], () => i(1));
    expectValue(call(ints(34, 232), 'filter', [one]), ints(34, 232));
    const zero = closure(['x'], () => i(0));
    expectValue(call(ints(1), 'filter', [zero]), ints());
  });

  it('reduce folds from the initial value', () => {
    const add = closure(['acc', 'val'], (a, b) =>
      a.kind === 'int' && b.kind === 'int' ? i(a.value + b.value) : v.null(),
    );
    expectValue(call(ints(1, 2, 3), 'reduce', [i(4), add]), i(10));
    expectValue(call(ints(), 'reduce', [i(4), add]), i(4));
    closureCalls.length = 0;
    const third = closure(['acc', 'val', 'index'], (_a, _b, n) => n);
    call(ints(7, 8), 'reduce', [i(0), third]);
    expect(closureCalls).toEqual([
      [i(0), i(7), i(0)],
      [i(0), i(8), i(1)],
    ]);
  });

  it('wants closures', () => {
    expect(errorOf(ints(1), 'map', [])).toBe(
      'usage: map(fn) expect one argument of type [Closure]',
    );
    expect(errorOf(ints(1), 'map', [i(1)])).toBe(
      'usage: map(fn) expect one argument of type [Closure]',
    );
    expect(errorOf(ints(1), 'filter', [s('x')])).toBe(
      'usage: filter(fn) expect one argument of type [Closure]',
    );
    const usage =
      "usage: reduce(acc, fn) expect tow arguments an initial value and 'Closure' with two arguments: an 'accumulator', and an element";
    expect(errorOf(ints(1), 'reduce', [])).toBe(usage);
    expect(errorOf(ints(1), 'reduce', [i(0)])).toBe(usage);
    expect(errorOf(ints(1), 'reduce', [i(0), i(1)])).toBe(usage);
  });
});

describe('array method errors', () => {
  const INSERT_AT = '[insert_at] takes two arguments. Usage: array.insert_at(1, elem)';
  it.each([
    ['push', [], 'usage: push(value: primitive) => null'],
    ['push', [i(1), i(2)], 'usage: push(value: primitive) => null'],
    ['pop', [i(1)], 'usage: pop() => primitive'],
    ['insert_at', [i(0)], 'usage: insert_at(index: int, value: primitive) => null'],
    ['insert_at', [s('0'), i(1)], INSERT_AT],
    ['insert_at', [i(-1), i(42)], 'index must be positive. Udage: array[1]'],
    ['insert_at', [i(3), i(42)], 'index must be lower than or equal to array.length()'],
    ['remove_at', [], 'usage: remove_at(index: int) => primitive'],
    [
      'remove_at',
      [v.f(0)],
      '[remove_at] takes one parameter of type Int. Usage: array.remove_at(1) ',
    ],
    ['remove_at', [i(-1)], 'index must be positive. Udage: array[1]'],
    ['remove_at', [i(2)], 'index must be lower than or equal to array.length()'],
    ['remove_at', [i(3)], 'index must be lower than or equal to array.length()'],
    ['shuffle', [i(1)], 'usage: shuffle() => array'],
    ['one_of', [i(1)], 'usage: one_of() => primitive'],
    ['length', [i(1)], 'usage: length() => int'],
    ['is_empty', [i(1)], 'usage: is_empty() => boolean'],
    ['index_of', [], 'usage: index_of(value: primitive) => int'],
    ['find', [], 'usage: find(value: primitive) => array'],
    ['join', [], 'usage: join(separator: string) => string'],
    ['join', [i(1)], '[join] takes one parameter of type String. Usage: array.join("elem") '],
    ['slice', [], 'usage: slice(start: Integer, end: Optional<Integer>) => [Literal]'],
    ['slice', [i(2)], '.slice(start, optional<end>) args need to be inferior to the string length'],
    [
      'slice',
      [i(1), i(0)],
      '.slice(start, optional<end>) end need to be superior to start in value ex: .slice(2, 5)',
    ],
    ['slice', [s('a')], '.slice(start, optional<end>) args need to be of type Integer'],
    ['reverse', [i(1)], 'usage: reverse() => [Literal]'],
    ['append', [], 'usage: append(other_array: [Literal]) => [Literal]'],
    ['append', [i(1)], INSERT_AT],
    ['flatten', [i(1)], 'usage: flatten() => [Literal]'],
    ['init', [], 'usage: init(capacity: Int) => [Literal]'],
    ['init', [s('3')], INSERT_AT],
    ['init', [i(-1)], 'usage: init(capacity: Int) => [Literal]'],
    ['init', [i(10_000_000)], 'usage: init(capacity: Int) => [Literal]'],
  ] as [string, Value[], string][])('.%s #%#', (name, args, message) => {
    expect(errorOf(ints(1, 2), name, args)).toBe(message);
  });

  it('pop fails on an empty array', () => {
    expect(errorOf(ints(), 'pop')).toBe('[pop] Cannot pop if array is empty');
    expect(errorOf(ints(), 'remove_at', [i(0)])).toBe(
      'index must be lower than or equal to array.length()',
    );
  });

  it('is not the object table', () => {
    expect(findMethod(object(), 'push')).toBeUndefined();
  });
});
