/**
 * Int and float methods (csml.md §10.5). Int methods compute in doubles as the reference engine
 * does (`abs`, `round`… go through `f64` and back), and `pow`, `sqrt` and the trigonometric ones
 * give an int when the result survives the round trip through i64 (`42.pow(2)` → `1764`).
 */
import { CsmlError, usageError } from '../errors.js';
import { float, int } from '../value.js';
import type { Value } from '../value.js';
import { COMMON_METHODS } from './common.js';
import { nullary, reader, table } from './define.js';
import type { MethodTable } from './define.js';
import type { MethodDef } from './method.js';
import { saturatingInt64 } from '../numeric.js';
import { parseF64 } from '../numeric.js';
import { intOrFloat, powf, roundHalfAway, roundToDecimals } from './rust-number.js';

const POW_ERROR = '[pow] takes one parameter of type int or float usage: number.pow(42)';

/** The exponent of `pow`: an int, a float or a numeric string. */
function exponent(args: readonly Value[], signature: string): number {
  if (args.length !== 1) throw usageError(signature);
  const [arg] = args;
  if (arg?.kind === 'int') return Number(arg.value);
  if (arg?.kind === 'float') return arg.value;
  const parsed = arg?.kind === 'string' ? parseF64(arg.value) : null;
  if (parsed === null) throw new CsmlError(POW_ERROR);
  return parsed;
}

type Unary = (n: number) => number;

function intRounding(name: string, op: Unary): MethodDef {
  return nullary('int', `${name}() => int`, (n) => int(saturatingInt64(op(Number(n.value)))));
}

function intMath(signature: string, op: Unary): MethodDef {
  return nullary('int', signature, (n) => intOrFloat(op(Number(n.value))));
}

function floatMath(name: string, op: Unary): MethodDef {
  return nullary('float', `${name}() => float`, (n) => float(op(n.value)));
}

export const INT_METHODS: MethodTable = table({
  ...COMMON_METHODS,
  precision: reader('int', (n) => int(n.value)),
  abs: intRounding('abs', Math.abs),
  ceil: intRounding('ceil', Math.ceil),
  floor: intRounding('floor', Math.floor),
  round: intRounding('round', roundHalfAway),
  cos: intMath('cos() => number', Math.cos),
  sin: intMath('sin() => number', Math.sin),
  tan: intMath('tan() => number', Math.tan),
  // The reference's usage text for sqrt really says `round()`.
  sqrt: intMath('round() => number', Math.sqrt),
  pow: reader('int', (n, args) =>
    intOrFloat(powf(Number(n.value), exponent(args, 'pow(exponent: number) => number'))),
  ),
  to_int: nullary('int', 'to_int() => int', (n) => int(n.value)),
  to_float: nullary('int', 'to_float() => float', (n) => float(Number(n.value))),
});

const PRECISION_USAGE = 'precision(value) => float';

export const FLOAT_METHODS: MethodTable = table({
  ...COMMON_METHODS,
  precision: reader('float', (n, args) => {
    const [digits] = args;
    if (digits?.kind !== 'int' || digits.value < 0n) throw usageError(PRECISION_USAGE);
    return float(roundToDecimals(n.value, Number(digits.value)));
  }),
  abs: floatMath('abs', Math.abs),
  ceil: floatMath('ceil', Math.ceil),
  floor: floatMath('floor', Math.floor),
  round: floatMath('round', roundHalfAway),
  cos: floatMath('cos', Math.cos),
  sin: floatMath('sin', Math.sin),
  tan: floatMath('tan', Math.tan),
  sqrt: floatMath('sqrt', Math.sqrt),
  pow: reader('float', (n, args) =>
    float(powf(n.value, exponent(args, 'pow(exponent: number) => float'))),
  ),
  to_int: nullary('float', 'to_int() => int', (n) => int(saturatingInt64(n.value))),
  to_float: nullary('float', 'to_float() => float', (n) => float(n.value)),
});
