import { describe, expect, it } from 'vitest';

import { INT64_MAX, INT64_MIN } from '../../../../src/csml/interpreter/value.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import { call, errorOf, expectValue, labelled, v } from './helpers.js';

type Row = [Value, string, Value[], Value];

const rows: Row[] = [
  // int: results go through f64 and back
  [v.i(-5), 'abs', [], v.i(5)],
  [v.i(INT64_MIN), 'abs', [], v.i(INT64_MAX)],
  [v.i(7), 'ceil', [], v.i(7)],
  [v.i(7), 'floor', [], v.i(7)],
  [v.i(7), 'round', [], v.i(7)],
  [v.i(9007199254740993n), 'round', [], v.i(9007199254740992n)],
  [v.i(0), 'cos', [], v.i(1)],
  [v.i(1), 'cos', [], v.f(Math.cos(1))],
  [v.i(0), 'sin', [], v.i(0)],
  [v.i(1), 'tan', [], v.f(Math.tan(1))],
  [v.i(16), 'sqrt', [], v.i(4)],
  [v.i(2), 'sqrt', [], v.f(Math.SQRT2)],
  [v.i(-4), 'sqrt', [], v.f(NaN)],
  [v.i(42), 'pow', [v.i(2)], v.i(1764)],
  [v.i(42), 'pow', [v.f(2.2)], v.f(3725.1900894013565)],
  [v.i(42), 'pow', [v.s('2.2')], v.f(3725.1900894013565)],
  [v.i(2), 'pow', [v.i(-1)], v.f(0.5)],
  [v.i(2), 'pow', [v.i(63)], v.i(INT64_MAX)],
  [v.i(2), 'pow', [v.i(64)], v.f(2 ** 64)],
  [v.i(1), 'pow', [v.s('nan')], v.i(1)],
  [v.i(5), 'precision', [], v.i(5)],
  [v.i(5), 'precision', [v.s('x')], v.i(5)],
  [v.i(5), 'to_int', [], v.i(5)],
  [v.i(5), 'to_float', [], v.f(5)],
  // float: results stay floats
  [v.f(-1.5), 'abs', [], v.f(1.5)],
  [v.f(1.2), 'ceil', [], v.f(2)],
  [v.f(-1.2), 'floor', [], v.f(-2)],
  [v.f(2.5), 'round', [], v.f(3)],
  [v.f(-2.5), 'round', [], v.f(-3)],
  [v.f(0.49999999999999994), 'round', [], v.f(0)],
  [v.f(0), 'cos', [], v.f(1)],
  [v.f(0), 'sin', [], v.f(0)],
  [v.f(0), 'tan', [], v.f(0)],
  [v.f(2.25), 'sqrt', [], v.f(1.5)],
  [v.f(42), 'pow', [v.i(2)], v.f(1764)],
  [v.f(42), 'pow', [v.f(2.2)], v.f(3725.1900894013565)],
  [v.f(-1), 'pow', [v.f(Infinity)], v.f(1)],
  [v.f(3.14159), 'precision', [v.i(2)], v.f(3.14)],
  [v.f(2.5), 'precision', [v.i(0)], v.f(2)],
  [v.f(3.5), 'precision', [v.i(0)], v.f(4)],
  [v.f(0.125), 'precision', [v.i(2)], v.f(0.12)],
  [v.f(1.005), 'precision', [v.i(2)], v.f(1)],
  [v.f(-1.25), 'precision', [v.i(1)], v.f(-1.2)],
  [v.f(1e300), 'precision', [v.i(3)], v.f(1e300)],
  [v.f(5e-324), 'precision', [v.i(400)], v.f(5e-324)],
  [v.f(1.99), 'to_int', [], v.i(1)],
  [v.f(-1.99), 'to_int', [], v.i(-1)],
  [v.f(1e300), 'to_int', [], v.i(INT64_MAX)],
  [v.f(NaN), 'to_int', [], v.i(0)],
  [v.f(1.5), 'to_float', [], v.f(1.5)],
];

describe('int and float methods', () => {
  it.each(labelled(rows))('%s .%s()', (_label, receiver, name, args, expected) => {
    expectValue(call(receiver, name, args), expected);
  });

  it.each(
    (
      [
        [v.i(1), 'abs', [v.i(1)], 'usage: abs() => int'],
        [v.i(1), 'cos', [v.i(1)], 'usage: cos() => number'],
        [v.i(1), 'sqrt', [v.i(1)], 'usage: round() => number'],
        [v.i(1), 'pow', [], 'usage: pow(exponent: number) => number'],
        [v.i(1), 'pow', [v.i(1), v.i(2)], 'usage: pow(exponent: number) => number'],
        [
          v.i(1),
          'pow',
          [v.s('x')],
          '[pow] takes one parameter of type int or float usage: number.pow(42)',
        ],
        [
          v.i(1),
          'pow',
          [v.null()],
          '[pow] takes one parameter of type int or float usage: number.pow(42)',
        ],
        [v.i(1), 'to_float', [v.i(1)], 'usage: to_float() => float'],
        [v.f(1), 'abs', [v.i(1)], 'usage: abs() => float'],
        [v.f(1), 'pow', [], 'usage: pow(exponent: number) => float'],
        [
          v.f(1),
          'pow',
          [v.b(true)],
          '[pow] takes one parameter of type int or float usage: number.pow(42)',
        ],
        [v.f(1), 'precision', [], 'usage: precision(value) => float'],
        [v.f(1), 'precision', [v.f(1)], 'usage: precision(value) => float'],
        [v.f(1), 'precision', [v.i(-1)], 'usage: precision(value) => float'],
        [v.f(1), 'to_int', [v.i(1)], 'usage: to_int() => int'],
      ] as [Value, string, Value[], string][]
    ).map((row) => [row[1], ...row] as const),
  )('.%s errors (%s)', (_name, receiver, name, args, message) => {
    expect(errorOf(receiver, name, args)).toBe(message);
  });
});
