/**
 * Numbers as the reference engine reads them: numeric strings (csml.md §4.3) and the
 * saturating float-to-int64 conversion its float arithmetic uses for overflow checks.
 */
import { INT64_MAX, INT64_MIN, isInt64 } from './value.js';
import type { Value } from './value.js';

export type Numeric =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number };

const INT_FORM = /^[+-]?\d+$/;
const FLOAT_FORM = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FLOAT_WORD = /^([+-]?)(inf|infinity|nan)$/i;

/** Rust's `text.parse::<i64>()`: optional sign, ASCII digits, in range; else null. */
export function parseI64(text: string): bigint | null {
  if (!INT_FORM.test(text)) return null;
  const value = BigInt(text);
  return isInt64(value) ? value : null;
}

/** Rust's `text.parse::<f64>()`: decimal or exponent form, `inf`, `infinity`, `nan`; else null. */
export function parseF64(text: string): number | null {
  if (FLOAT_FORM.test(text)) return Number(text);
  const word = FLOAT_WORD.exec(text);
  if (!word) return null;
  if (word[2]?.toLowerCase() === 'nan') return NaN;
  return word[1] === '-' ? -Infinity : Infinity;
}

/**
 * A string read as an int64 when it has that form and fits (`"-12"`, `"+5"`, `"007"`), else as
 * a double (`"1.5"`, `".5"`, `"5."`, `"1e3"`, `"inf"`, `"-Infinity"`, `"nan"`, digits beyond
 * int64); no surrounding spaces, no `_`, no hex. Undefined when it is neither.
 */
export function parseNumeric(text: string): Numeric | undefined {
  const int = parseI64(text);
  if (int !== null) return { kind: 'int', value: int };
  const float = parseF64(text);
  return float === null ? undefined : { kind: 'float', value: float };
}

/** An arithmetic or comparison operand as a number: ints, floats and numeric strings. */
export function numericOperand(value: Value): Numeric | undefined {
  switch (value.kind) {
    case 'int':
    case 'float':
      return value;
    case 'string':
      return parseNumeric(value.value);
    case 'null':
    case 'bool':
    case 'array':
    case 'object':
    case 'closure':
      return undefined;
  }
}

/** The double nearest to a numeric value (Rust's `i64 as f64`). */
export function toFloat(n: Numeric): number {
  return n.kind === 'int' ? Number(n.value) : n.value;
}

/** Rust's `f64 as i64`: truncates, saturates at the int64 bounds, NaN gives 0. */
export function saturatingInt64(x: number): bigint {
  if (Number.isNaN(x)) return 0n;
  if (x >= 9223372036854775808) return INT64_MAX;
  if (x <= -9223372036854775808) return INT64_MIN;
  return BigInt(Math.trunc(x));
}
