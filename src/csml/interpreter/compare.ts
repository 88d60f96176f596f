/**
 * Comparison and `match` (csml.md §4.3), as the reference engine does them. Two equalities
 * exist there: the operators' (`==` on two values: int, float and numeric strings compare
 * numerically across types) and the element equality used inside arrays and objects and by
 * `match` on arrays (same primitive type only: `[1] == [1.0]` is false). Ordering of array
 * elements uses the operators' ordering (`[1] <= [1.0]` is true). Comparing never fails.
 */
import { numericOperand, parseNumeric, toFloat } from './numeric.js';
import type { Numeric } from './numeric.js';
import type { ArrayValue, Value } from './value.js';

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

type Ordering = -1 | 0 | 1 | undefined;

export function compare(op: CompareOp, left: Value, right: Value): boolean {
  switch (op) {
    case '==':
      return looseEquals(left, right);
    case '!=':
      return !looseEquals(left, right);
    case '<':
      return order(left, right) === -1;
    case '<=': {
      const o = order(left, right);
      return o === -1 || o === 0;
    }
    case '>':
      return order(left, right) === 1;
    case '>=': {
      const o = order(left, right);
      return o === 1 || o === 0;
    }
  }
}

/** The operators' equality: same types by `strictEquals`, numbers and numeric strings across. */
function looseEquals(left: Value, right: Value): boolean {
  if (left.kind === right.kind) return strictEquals(left, right);
  const pair = numericPair(left, right);
  return pair !== undefined && numericOrder(pair[0], pair[1]) === 0;
}

/**
 * Equality of two values of the same primitive type (the reference's `is_eq`): strings compare
 * numerically only when one is in int form and the other in float form (`"2"` equals `"2.0"`,
 * not `"02"`); arrays element by element, objects key by key, with this same equality.
 * Closures are never equal.
 */
export function strictEquals(left: Value, right: Value): boolean {
  switch (left.kind) {
    case 'null':
      return right.kind === 'null';
    case 'bool':
    case 'int':
      return right.kind === left.kind && right.value === left.value;
    case 'float':
      return right.kind === 'float' && right.value === left.value;
    case 'string': {
      if (right.kind !== 'string') return false;
      const mixed = mixedFormStrings(left.value, right.value);
      return mixed ? toFloat(mixed[0]) === toFloat(mixed[1]) : left.value === right.value;
    }
    case 'array':
      return (
        right.kind === 'array' &&
        right.items.length === left.items.length &&
        left.items.every((item, i) => strictEquals(item, right.items[i] as Value))
      );
    case 'object': {
      if (right.kind !== 'object' || right.entries.size !== left.entries.size) return false;
      for (const [key, item] of left.entries) {
        const other = right.entries.get(key);
        if (other === undefined || !strictEquals(item, other)) return false;
      }
      return true;
    }
    case 'closure':
      return false;
  }
}

/** The operators' ordering; undefined when the pair is incomparable. */
function order(left: Value, right: Value): Ordering {
  if (left.kind !== right.kind) {
    const pair = numericPair(left, right);
    return pair && numericOrder(pair[0], pair[1]);
  }
  switch (left.kind) {
    case 'null':
      return 0;
    case 'bool':
      return right.kind === 'bool' ? sign(Number(left.value) - Number(right.value)) : undefined;
    case 'int':
    case 'float':
      return right.kind === 'int' || right.kind === 'float' ? numericOrder(left, right) : undefined;
    case 'string': {
      if (right.kind !== 'string') return undefined;
      const mixed = mixedFormStrings(left.value, right.value);
      return mixed ? numericOrder(mixed[0], mixed[1]) : compareCodePoints(left.value, right.value);
    }
    case 'array':
      return right.kind === 'array' ? arrayOrder(left, right) : undefined;
    case 'object':
    case 'closure':
      return undefined;
  }
}

function arrayOrder(left: ArrayValue, right: ArrayValue): Ordering {
  const n = Math.min(left.items.length, right.items.length);
  for (let i = 0; i < n; i++) {
    const o = order(left.items[i] as Value, right.items[i] as Value);
    if (o !== 0) return o;
  }
  return sign(left.items.length - right.items.length);
}

/** Numbers of a mixed pair: int/float, or a numeric string against an int or float. */
function numericPair(left: Value, right: Value): [Numeric, Numeric] | undefined {
  // Only called on values of different kinds, so at most one side is a string.
  const l = numericOperand(left);
  const r = numericOperand(right);
  return l && r ? [l, r] : undefined;
}

/** Two strings, one in int form and the other in float form, read as numbers. */
function mixedFormStrings(a: string, b: string): [Numeric, Numeric] | undefined {
  const l = parseNumeric(a);
  const r = parseNumeric(b);
  return l && r && l.kind !== r.kind ? [l, r] : undefined;
}

/** Ints compare exactly; with a float, both as doubles (NaN is incomparable). */
function numericOrder(l: Numeric, r: Numeric): Ordering {
  if (l.kind === 'int' && r.kind === 'int') {
    return l.value < r.value ? -1 : l.value > r.value ? 1 : 0;
  }
  const x = toFloat(l);
  const y = toFloat(r);
  if (Number.isNaN(x) || Number.isNaN(y)) return undefined;
  return x < y ? -1 : x > y ? 1 : 0;
}

function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Byte order of the UTF-8 encodings, which is code point order (not UTF-16 unit order). */
function compareCodePoints(a: string, b: string): -1 | 0 | 1 {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      return sign((a.codePointAt(i) ?? 0) - (b.codePointAt(i) ?? 0));
    }
  }
  return sign(a.length - b.length);
}

/**
 * `a match b` (the reference's `match_obj`), by content type: a `button` or `object` side is
 * replaced by its `accepts` (none: no match); two arrays must be equal element by element; an
 * array against a string matches when a string element equals it ASCII case-insensitively,
 * against anything else when an element equals it; otherwise `==`.
 */
export function matches(left: Value, right: Value): boolean {
  const leftAccepts = acceptsSide(left);
  const rightAccepts = acceptsSide(right);
  if (leftAccepts !== false && rightAccepts !== false) {
    return leftAccepts && rightAccepts ? matches(leftAccepts, rightAccepts) : false;
  }
  if (rightAccepts !== false) return rightAccepts ? matches(left, rightAccepts) : false;
  if (leftAccepts !== false) return leftAccepts ? matches(leftAccepts, right) : false;
  if (left.contentType === 'array' && right.contentType === 'array') {
    return strictEquals(left, right);
  }
  if (right.contentType === 'array') return contains(right, left);
  if (left.contentType === 'array') return contains(left, right);
  return looseEquals(left, right);
}

/** False when the value is not a button/object side; else its `accepts`, or undefined. */
function acceptsSide(value: Value): Value | undefined | false {
  if (value.contentType !== 'button' && value.contentType !== 'object') return false;
  return value.kind === 'object' ? value.entries.get('accepts') : undefined;
}

function contains(list: Value, key: Value): boolean {
  if (list.kind !== 'array') return false;
  if (key.kind === 'string') {
    const wanted = asciiLower(key.value);
    return list.items.some((item) => item.kind === 'string' && asciiLower(item.value) === wanted);
  }
  return list.items.some((item) => strictEquals(item, key));
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
}
