/**
 * Truthiness and arithmetic (csml.md §3.2, §4.3), with the reference engine's type rules and
 * error texts. Comparison and `match` live in compare.ts and are re-exported here.
 *
 * Arithmetic throws a (non-fatal) CsmlError; the interpreter decides whether it is fatal.
 */
import { limitString } from './limits.js';
import type { ArithmeticOp } from '../ast.js';
import { CsmlError } from './errors.js';
import { numericOperand, parseNumeric, saturatingInt64, toFloat } from './numeric.js';
import type { Numeric } from './numeric.js';
import { INT64_MIN, float, int, isInt64, primitiveName, str } from './value.js';
import type { StringValue, Value } from './value.js';

export { compare, matches, strictEquals } from './compare.js';
export type { CompareOp } from './compare.js';

export const DIVISION_BY_ZERO_INT = '[!] Int: Division by zero';
export const DIVISION_BY_ZERO_FLOAT = '[!] Float: Division by zero';

const SMALLEST_NORMAL = 2.2250738585072014e-308;

/**
 * `if`, `while`, `!`, `&&`, `||`: null, false, ints ≤ 0, floats that are zero, subnormal, NaN or
 * infinite are false. Closures are false too, as in the reference (`PrimitiveClosure::as_bool`).
 */
export function truthy(value: Value): boolean {
  switch (value.kind) {
    case 'null':
    case 'closure':
      return false;
    case 'bool':
      return value.value;
    case 'int':
      return value.value > 0n;
    case 'float':
      return Number.isFinite(value.value) && Math.abs(value.value) >= SMALLEST_NORMAL;
    case 'string':
    case 'array':
    case 'object':
      return true;
  }
}

/** `l op r` for `+ - * / %` and the compound assignments. */
export function arithmetic(op: ArithmeticOp, left: Value, right: Value): Value {
  if (left.kind === 'string' && right.kind === 'string') return stringArithmetic(op, left, right);
  if (left.kind === right.kind && left.kind !== 'int' && left.kind !== 'float') {
    // The reference's boolean `%` reports itself as `/`.
    throw illegal(op === '%' && left.kind === 'bool' ? '/' : op, left, right);
  }
  const l = numericOperand(left);
  const r = numericOperand(right);
  if (!l || !r) throw illegal(op, left, right);
  return numericArithmetic(op, l, r);
}

/** Two numbers: int op int stays an int; any float makes both floats. */
function numericArithmetic(op: ArithmeticOp, l: Numeric, r: Numeric): Value {
  return l.kind === 'int' && r.kind === 'int'
    ? intArithmetic(op, l.value, r.value)
    : floatArithmetic(op, toFloat(l), toFloat(r));
}

/**
 * int64 arithmetic, checked. Int operands keep exact quotients as ints and make the others
 * floats; int-form strings truncate (`"5" / "2"` is 2), as the reference does. `type` names
 * the operands in an overflow error.
 */
function intArithmetic(
  op: ArithmeticOp,
  a: bigint,
  b: bigint,
  type: 'PrimitiveInt' | 'PrimitiveString' = 'PrimitiveInt',
): Value {
  const overflow = (): CsmlError => overflowing(op, type, type);
  switch (op) {
    case '+':
      return checkedInt(a + b, overflow);
    case '-':
      return checkedInt(a - b, overflow);
    case '*':
      return checkedInt(a * b, overflow);
    case '/':
      if (b === 0n) throw new CsmlError(DIVISION_BY_ZERO_INT);
      // Exact quotients stay ints (MIN / -1 overflows); others become floats, or truncate for strings.
      return a % b === 0n || type === 'PrimitiveString'
        ? checkedInt(a / b, overflow)
        : float(Number(a) / Number(b));
    case '%':
      // Rust's checked_rem: None for a zero divisor and for MIN % -1.
      if (b === 0n || (a === INT64_MIN && b === -1n)) throw overflow();
      return int(a % b);
  }
}

/**
 * The reference checks float operations on the operands truncated to int64 (`x as i64`): a
 * sum, difference or product beyond int64, or a `/` or `%` whose truncated divisor is 0
 * (`x / 0.5`), is an overflowing operation. A divisor equal to 0.0 is a division by zero.
 */
function floatArithmetic(op: ArithmeticOp, x: number, y: number): Value {
  const xi = saturatingInt64(x);
  const yi = saturatingInt64(y);
  const overflow = (): CsmlError => overflowing(op, 'PrimitiveFloat', 'PrimitiveFloat');
  switch (op) {
    case '+':
      if (!isInt64(xi + yi)) throw overflow();
      return float(x + y);
    case '-':
      if (!isInt64(xi - yi)) throw overflow();
      return float(x - y);
    case '*':
      if (!isInt64(xi * yi)) throw overflow();
      return float(x * y);
    case '/':
      if (y === 0) throw new CsmlError(DIVISION_BY_ZERO_FLOAT);
      if (yi === 0n || (xi === INT64_MIN && yi === -1n)) throw overflow();
      return float(x / y);
    case '%':
      if (yi === 0n || (xi === INT64_MIN && yi === -1n)) throw overflow();
      return float(x % y);
  }
}

/**
 * String op string (the reference's `PrimitiveString::do_*`): `+` concatenates when the left
 * side is not numeric; otherwise both sides must be numeric. Int-form pairs use integer
 * arithmetic (`"5" / "2"` is 2, truncated); a divisor that truncates to 0 is an int division
 * by zero (`"1" / "0.5"`); float-form `%` int-form multiplies (`"1.5" % "2"` is 3), as the
 * reference does. Where the reference would wrap or panic (int64 overflow, `"1" % "0"`),
 * this reports an overflowing operation.
 */
function stringArithmetic(op: ArithmeticOp, left: StringValue, right: StringValue): Value {
  const l = parseNumeric(left.value);
  if (op === '+' && !l) return str(limitString(left.value + right.value));
  const r = parseNumeric(right.value);
  if (!l || !r) throw illegal(op, left, right);
  if (l.kind === 'int' && r.kind === 'int')
    return intArithmetic(op, l.value, r.value, 'PrimitiveString');
  const x = toFloat(l);
  const y = toFloat(r);
  switch (op) {
    case '+':
      return float(x + y);
    case '-':
      return float(x - y);
    case '*':
      return float(x * y);
    case '/':
      if (saturatingInt64(y) === 0n) throw new CsmlError(DIVISION_BY_ZERO_INT);
      return float(x / y);
    case '%':
      return float(l.kind === 'float' && r.kind === 'int' ? x * y : x % y);
  }
}

function checkedInt(n: bigint, overflow: () => CsmlError): Value {
  if (!isInt64(n)) throw overflow();
  return int(n);
}

function illegal(op: string, left: Value, right: Value): CsmlError {
  return new CsmlError(`illegal operation: ${primitiveName(left)} ${op} ${primitiveName(right)}`);
}

function overflowing(op: string, left: string, right: string): CsmlError {
  return new CsmlError(`overflowing operation: ${left} ${op} ${right}`);
}
