/**
 * JSON-level values and the ⊕ merge of component building (csml.md §11.2). Arguments enter a
 * component as JSON: their own content type is dropped and nested values whose content type
 * is not basic become `{"content_type": T, "content": C}` objects, as the reference engine's
 * JSON round trip does. Ints and floats stay apart.
 */
import { CsmlError } from '../errors.js';
import {
  array,
  BASIC_CONTENT_TYPES,
  bool,
  float,
  int,
  INT64_MAX,
  INT64_MIN,
  nullValue,
  object,
  str,
} from '../value.js';
import type { FloatValue, IntValue, Value } from '../value.js';

function nested(value: Value): Value {
  if (BASIC_CONTENT_TYPES.has(value.contentType)) return plain(value);
  return object(
    new Map<string, Value>([
      ['content_type', str(value.contentType)],
      ['content', plain(value)],
    ]),
  );
}

/** The value as JSON would carry it (no content type, no info, nested values wrapped). */
export function plain(value: Value): Value {
  switch (value.kind) {
    case 'null':
      return nullValue();
    case 'bool':
      return bool(value.value);
    case 'int':
      return int(value.value);
    case 'float':
      return Number.isFinite(value.value) ? float(value.value) : nullValue();
    case 'string':
      return str(value.value);
    case 'array':
      return array(value.items.map(nested));
    case 'object': {
      const entries = new Map<string, Value>();
      for (const [key, item] of value.entries) entries.set(key, nested(item));
      return object(entries);
    }
    case 'closure':
      return object(new Map([['_closure', nullValue()]]));
  }
}

/** JSON type names used in merge errors. */
export function jsonType(value: Value): string {
  switch (value.kind) {
    case 'null':
      return 'Null';
    case 'bool':
      return 'Bool';
    case 'int':
    case 'float':
      return 'Number';
    case 'string':
      return 'String';
    case 'array':
      return 'Array';
    case 'object':
    case 'closure':
      return 'Object';
  }
}

/** `f64 as i64` of Rust: truncation, saturating, NaN as 0. */
function truncate(n: number): bigint {
  if (Number.isNaN(n)) return 0n;
  if (n >= 9.223372036854776e18) return INT64_MAX;
  if (n <= -9.223372036854776e18) return INT64_MIN;
  return BigInt(Math.trunc(n));
}

function inRange(n: bigint): boolean {
  return n >= INT64_MIN && n <= INT64_MAX;
}

function addNumbers(lhs: IntValue | FloatValue, rhs: IntValue | FloatValue): Value {
  if (lhs.kind === 'int' && rhs.kind === 'int') {
    const sum = lhs.value + rhs.value;
    if (inRange(sum)) return int(sum);
  } else {
    const l = Number(lhs.value);
    const r = Number(rhs.value);
    const a = lhs.kind === 'int' ? lhs.value : truncate(lhs.value);
    const b = rhs.kind === 'int' ? rhs.value : truncate(rhs.value);
    if (inRange(a + b) && Number.isFinite(l + r)) return float(l + r);
  }
  throw new CsmlError('Illegal operation: overflow');
}

/** `lhs ⊕ rhs` on JSON-level values; inputs are never changed. */
export function merge(lhs: Value, rhs: Value): Value {
  if (lhs.kind === 'null' && rhs.kind === 'null') return nullValue();
  if (lhs.kind === 'bool' && rhs.kind === 'bool') return bool(lhs.value || rhs.value);
  if (
    (lhs.kind === 'int' || lhs.kind === 'float') &&
    (rhs.kind === 'int' || rhs.kind === 'float')
  ) {
    return addNumbers(lhs, rhs);
  }
  if (lhs.kind === 'string' && rhs.kind === 'string') return str(lhs.value + rhs.value);
  if (lhs.kind === 'array' && rhs.kind === 'array')
    return array([...lhs.items, ...rhs.items].map(plain));
  if (lhs.kind === 'object' && rhs.kind === 'object') {
    const entries = new Map<string, Value>();
    for (const [key, item] of lhs.entries) entries.set(key, plain(item));
    for (const [key, item] of rhs.entries) entries.set(key, plain(item));
    return object(entries);
  }
  if (lhs.kind === 'string' && rhs.kind === 'array')
    return array([...rhs.items.map(plain), str(lhs.value)]);
  if (lhs.kind === 'array' && rhs.kind === 'string')
    return array([...lhs.items.map(plain), str(rhs.value)]);
  throw new CsmlError(
    `Type Error expecting ${jsonType(rhs)} type but ${jsonType(lhs)} type was found`,
  );
}
