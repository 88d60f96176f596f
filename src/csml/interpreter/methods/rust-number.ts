/**
 * Number conversions with the reference engine's (Rust's) rules: the saturating `f64 as i64`
 * cast and `format!("{:.N}", x)`. Parsing is in ../numeric.ts.
 */
import { saturatingInt64 } from '../numeric.js';
import { float, int } from '../value.js';
import type { FloatValue, IntValue } from '../value.js';

/** An int when `n` survives the round trip through i64 (the reference's test), else a float. */
export function intOrFloat(n: number): IntValue | FloatValue {
  const asInt = saturatingInt64(n);
  return Number(asInt) === n ? int(asInt) : float(n);
}

/** `f64::round`: halves away from zero (JavaScript's Math.round goes towards +∞). */
export function roundHalfAway(n: number): number {
  if (!Number.isFinite(n)) return n;
  const whole = Math.trunc(n);
  const rest = Math.abs(n - whole);
  if (rest < 0.5) return whole === 0 ? Math.sign(n) * 0 : whole;
  return whole + Math.sign(n);
}

/** `f64::powf`, which follows C's pow where JavaScript differs (`1 ** NaN`, `(-1) ** ∞`). */
export function powf(base: number, exponent: number): number {
  if (base === 1) return 1;
  if (base === -1 && (exponent === Infinity || exponent === -Infinity)) return 1;
  return base ** exponent;
}

/** The exact binary value of a finite double as `mantissa * 2^exponent`. */
function decompose(n: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(n));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/**
 * `format!("{:.digits$}", n).parse::<f64>()`: rounds the exact value of `n` to `digits` decimals,
 * ties to even, and reads the text back.
 */
export function roundToDecimals(n: number, digits: number): number {
  if (!Number.isFinite(n) || digits > 1100) return n;
  const { mantissa, exponent } = decompose(n);
  if (exponent >= 0) return n;
  const scale = 10n ** BigInt(digits);
  const denominator = 1n << BigInt(-exponent);
  const scaled = mantissa * scale;
  let quotient = scaled / denominator;
  const twice = (scaled % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  const text = quotient.toString().padStart(digits + 1, '0');
  const point = text.length - digits;
  const sign = n < 0 || Object.is(n, -0) ? '-' : '';
  return Number(`${sign}${text.slice(0, point)}.${text.slice(point)}0`);
}
