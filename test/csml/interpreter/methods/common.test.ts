import { describe, expect, it } from 'vitest';

import { findMethod, unknownMethodError } from '../../../../src/csml/interpreter/methods/index.js';
import { errorNull, object } from '../../../../src/csml/interpreter/value.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import { call, closure, errorOf, expectValue, labelled, v } from './helpers.js';

const fn = closure(['x'], (x) => x);
const samples: [string, Value][] = [
  ['Null', v.null()],
  ['boolean', v.b(true)],
  ['int', v.i(1)],
  ['float', v.f(1.5)],
  ['string', v.s('x')],
  ['array', v.a()],
  ['object', v.o({})],
  ['closure', fn],
];

describe('type_of and to_string', () => {
  it.each(samples)('type_of() is %s', (name, value) => {
    expectValue(call(value, 'type_of'), v.s(name));
  });

  it.each(
    labelled([
      [v.null(), 'Null'],
      [v.b(false), 'false'],
      [v.i(-42), '-42'],
      [v.f(3), '3'],
      [v.f(0.1), '0.1'],
      [v.s('a"b'), 'a"b'],
      [v.a(v.i(1), v.f(1), v.s('x')), '[1,1.0,"x"]'],
      [v.o({ a: v.null() }), '{"a":null}'],
      [fn, 'Null'],
    ]),
  )('to_string() of %s', (_label, value, text) => {
    expectValue(call(value, 'to_string'), v.s(text));
  });

  it('takes no argument', () => {
    expect(errorOf(v.i(1), 'type_of', [v.i(1)])).toBe('usage: type_of() => string');
    expect(errorOf(v.s(''), 'to_string', [v.i(1)])).toBe('usage: to_string() => string');
  });
});

describe('is_number, is_int, is_float', () => {
  it.each(
    labelled([
      [v.i(1), true, true, false],
      [v.f(1), true, false, true],
      [v.s('12'), true, true, false],
      [v.s('+12'), true, true, false],
      [v.s('-1.5'), true, false, true],
      [v.s('1e3'), true, false, false],
      [v.s('inf'), true, false, false],
      [v.s('NaN'), true, false, false],
      [v.s('5.'), true, false, true],
      [v.s(' 1'), false, false, false],
      [v.s('1_000'), false, false, false],
      [v.s('9223372036854775808'), true, false, false],
      [v.s('abc'), false, false, false],
      [v.null(), false, false, false],
      [v.b(true), false, false, false],
      [v.a(), false, false, false],
      [v.o({}), false, false, false],
      [fn, false, false, false],
    ]),
  )('%s', (_label, value, isNumber, isInt, isFloat) => {
    expectValue(call(value, 'is_number'), v.b(isNumber));
    expectValue(call(value, 'is_int'), v.b(isInt));
    expectValue(call(value, 'is_float'), v.b(isFloat));
  });

  it('takes no argument', () => {
    expect(errorOf(v.s('1'), 'is_int', [v.i(1)])).toBe('usage: is_int() => boolean');
  });
});

describe('is_error and get_info', () => {
  const failed = errorNull('boom');
  const http: Value = { ...v.o({ a: v.i(1) }), info: { status: v.i(404), error: 'not found' } };

  it('reads the error of a failed value', () => {
    expectValue(call(failed, 'is_error'), v.b(true));
    expectValue(call(v.null(), 'is_error'), v.b(false));
    expectValue(call(v.i(1), 'is_error', [v.i(2)]), v.b(false));
    expectValue(call(failed, 'get_info'), v.o({ error: v.s('boom') }));
  });

  it('gives one entry, or the map flagged with an error for a missing key', () => {
    expectValue(call(http, 'get_info', [v.s('status')]), v.i(404));
    const missing = call(http, 'get_info', [v.s('nope')]);
    expectValue(missing, v.o({ status: v.i(404), error: v.s('not found') }));
    expect(missing.info?.error).toBe("get_info() failed, key 'nope' not found");
    expectValue(call(missing, 'is_error'), v.b(true));
  });

  it('is the string Null without info', () => {
    expectValue(call(v.i(1), 'get_info'), v.s('Null'));
    expectValue(call(v.i(1), 'get_info', [v.s('status')]), v.s('Null'));
  });

  it('wants a string key', () => {
    expect(errorOf(failed, 'get_info', [v.i(1)])).toBe(
      'get_info(Optional<String: search_key>) => Literal',
    );
  });
});

describe('unknown methods', () => {
  it.each(
    labelled([
      [v.s(''), '[nope] is not a method of String'],
      [v.i(1), '[nope] is not a method of Int'],
      [v.f(1), '[nope] is not a method of Float'],
      [v.b(true), '[nope] is not a method of Boolean'],
      [v.null(), '[nope] is not a method of Null'],
      [v.a(), '[nope] is not a method of Array'],
      [v.o({}), '[nope] is not a method of Object'],
      [fn, "[nope] Closure don't have methods"],
    ]),
  )('%s', (_label, value, message) => {
    expect(findMethod(value, 'nope')).toBeUndefined();
    expect(unknownMethodError(value, 'nope').message).toBe(message);
  });

  it('has no inherited names', () => {
    expect(findMethod(v.o({}), 'constructor')).toBeUndefined();
    expect(findMethod(v.s(''), 'toString')).toBeUndefined();
  });

  it('goes by the kind of value, whatever its content type', () => {
    expect(findMethod(object(new Map(), 'button'), 'keys')).toBeDefined();
    expect(findMethod({ kind: 'string', contentType: 'text', value: 'x' }, 'trim')).toBeDefined();
  });

  it('marks exactly the mutating methods', () => {
    const mutating = (value: Value): string[] =>
      [
        'push',
        'pop',
        'insert_at',
        'remove_at',
        'shuffle',
        'insert',
        'remove',
        'assign',
        'clear_values',
      ].filter((name) => findMethod(value, name)?.mutates === true);
    expect(mutating(v.a())).toEqual(['push', 'pop', 'insert_at', 'remove_at', 'shuffle']);
    expect(mutating(v.o({}))).toEqual(['insert', 'remove', 'assign', 'clear_values']);
    expect(findMethod(v.a(), 'map')?.mutates).toBe(false);
  });
});
