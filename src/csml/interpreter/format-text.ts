/**
 * Display text of values (csml.md §3.3): interpolation, `to_string()`, `debug`, `log` and `say`
 * of scalars. Floats print as Rust's `Display` does (never in exponent form); arrays and
 * objects print as compact JSON in which floats print as serde_json (ryu) does.
 */
import { BASIC_CONTENT_TYPES } from './value.js';
import type { Value } from './value.js';

/** What a closure is inside JSON: the reference serializes its AST, which Parley does not. */
export const CLOSURE_JSON_TEXT = '{"_closure":null}';

export function displayText(value: Value): string {
  switch (value.kind) {
    case 'null':
    case 'closure':
      return 'Null';
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'int':
      return value.value.toString();
    case 'float':
      return formatFloat(value.value);
    case 'string':
      return value.value;
    case 'array':
    case 'object':
      return jsonText(value);
  }
}

/**
 * A float as display text: the shortest digits that read back as the same double, placed
 * without exponent (`4.2`, `3`, `1000000000000000000000`, `0.0000001`), `-0`, `NaN`, `inf`,
 * `-inf`.
 */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const { digits, point } = shortestDigits(Math.abs(x));
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A float inside JSON text, as ryu writes it: integral values keep `.0` up to 16 digits
 * (`1.0`, `1e16`), small values switch to exponent form below 1e-5 (`0.0001`, `1e-7`,
 * `1.5e-7`); NaN and infinities are `null` (serde_json cannot hold them).
 */
export function formatJsonFloat(x: number): string {
  if (!Number.isFinite(x)) return 'null';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0.0`;
  const { digits, point } = shortestDigits(Math.abs(x));
  const length = digits.length;
  const zeros = point - length;
  if (zeros >= 0 && point <= 16) return `${sign}${digits}${'0'.repeat(zeros)}.0`;
  if (point > 0 && point <= 16) return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  if (point > -5 && point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  const exponent = String(point - 1);
  if (length === 1) return `${sign}${digits}e${exponent}`;
  return `${sign}${digits.slice(0, 1)}.${digits.slice(1)}e${exponent}`;
}

/**
 * The shortest round-trip digits of a positive finite double, and where the decimal point
 * goes: the value is `0.<digits> × 10^point`.
 */
function shortestDigits(x: number): { digits: string; point: number } {
  // toExponential() without an argument gives the shortest round-trip digits: "d.ddde±n".
  const text = x.toExponential();
  const e = text.indexOf('e');
  return { digits: text.slice(0, e).replace('.', ''), point: Number(text.slice(e + 1)) + 1 };
}

/**
 * Compact JSON text of a value (the reference's `to_json().to_string()`): nested values whose
 * content type is not basic are wrapped as `{"content_type":T,"content":V}`. Object keys keep
 * their insertion order (csml.md §3.1).
 */
export function jsonText(value: Value): string {
  switch (value.kind) {
    case 'null':
      return 'null';
    case 'bool':
      return value.value ? 'true' : 'false';
    case 'int':
      return value.value.toString();
    case 'float':
      return formatJsonFloat(value.value);
    case 'string':
      return JSON.stringify(value.value);
    case 'array':
      return `[${value.items.map(nestedJsonText).join(',')}]`;
    case 'object': {
      const members: string[] = [];
      for (const [key, item] of value.entries) {
        members.push(`${JSON.stringify(key)}:${nestedJsonText(item)}`);
      }
      return `{${members.join(',')}}`;
    }
    case 'closure':
      return CLOSURE_JSON_TEXT;
  }
}

function nestedJsonText(value: Value): string {
  if (BASIC_CONTENT_TYPES.has(value.contentType)) return jsonText(value);
  return `{"content_type":${JSON.stringify(value.contentType)},"content":${jsonText(value)}}`;
}
