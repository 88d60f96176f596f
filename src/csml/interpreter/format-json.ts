/**
 * Values as JSON, both ways: the content of messages `say` emits (csml.md §12) and values read
 * from JSON (event content, `_metadata`, `_env`, built-in results).
 */
import type { Json } from '../json.js';
import { CsmlError } from './errors.js';
import { displayText } from './format-text.js';
import {
  BASIC_CONTENT_TYPES,
  array,
  bool,
  float,
  int,
  isInt64,
  nullValue,
  object,
  str,
} from './value.js';
import type { BoolValue, FloatValue, IntValue, NullValue, StringValue, Value } from './value.js';

export const ERROR_NUMBER_TOO_LARGE = 'Number is larger than a 64-bit integer';

export interface Message {
  content_type: string;
  content: Json;
}

/** JSON of a closure: the reference serializes its AST, which Parley does not. */
export const CLOSURE_JSON: Json = { _closure: null };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** An int as JSON: a number when exact as a double, else a bigint (csml.md §17.1). */
export function intJson(n: bigint): Json {
  return n >= -MAX_SAFE && n <= MAX_SAFE ? Number(n) : n;
}

/** A scalar as JSON: ints beyond 2^53 as bigint, NaN and infinities as null. */
export function scalarJson(
  value: NullValue | BoolValue | StringValue | IntValue | FloatValue,
): Json {
  switch (value.kind) {
    case 'null':
      return null;
    case 'bool':
    case 'string':
      return value.value;
    case 'int':
      return intJson(value.value);
    case 'float':
      return Number.isFinite(value.value) ? value.value : null;
  }
}

/**
 * The JSON of a value (the reference's `to_json`): nested values whose content type is not
 * basic are wrapped as `{"content_type": T, "content": C}`; the value itself is not. NaN and
 * infinities become null.
 */
export function toJson(value: Value): Json {
  switch (value.kind) {
    case 'null':
    case 'bool':
    case 'string':
    case 'int':
    case 'float':
      return scalarJson(value);
    case 'array':
      return value.items.map(nestedJson);
    case 'object':
      // fromEntries defines own properties, so a "__proto__" key stays a key.
      return Object.fromEntries([...value.entries].map(([key, item]) => [key, nestedJson(item)]));
    case 'closure':
      return CLOSURE_JSON;
  }
}

function nestedJson(value: Value): Json {
  if (BASIC_CONTENT_TYPES.has(value.contentType)) return toJson(value);
  return { content_type: value.contentType, content: toJson(value) };
}

/**
 * The message `say value` emits (csml.md §12): scalars as `{"text": <display text>}` (null as
 * `{"text": null}`) with content type `text`; objects and closures as their JSON with the
 * value's content type; arrays with the value's content type, first-level elements unwrapped.
 */
export function toMessage(value: Value): Message {
  switch (value.kind) {
    case 'null':
      return { content_type: 'text', content: { text: null } };
    case 'bool':
    case 'int':
    case 'float':
    case 'string':
      return { content_type: 'text', content: { text: displayText(value) } };
    case 'array':
      return { content_type: value.contentType, content: value.items.map(toJson) };
    case 'object':
    case 'closure':
      return { content_type: value.contentType, content: toJson(value) };
  }
}

/**
 * A value read from JSON (the reference's `json_to_literal`). Objects keep their key order.
 * A bigint is an int (beyond int64: `Number is larger than a 64-bit integer`); a number is an
 * int when it is a safe integer, else a float (a JSON reader must give integers beyond 2^53
 * as bigints, so a large number here came from a float literal). `contentType` tags the
 * top-level value (`event.get_content()`).
 */
export function fromJson(json: Json, contentType?: string): Value {
  const value = jsonValue(json);
  return contentType === undefined ? value : { ...value, contentType };
}

function jsonValue(json: Json): Value {
  if (json === null) return nullValue();
  if (typeof json === 'boolean') return bool(json);
  if (typeof json === 'string') return str(json);
  if (typeof json === 'number') return Number.isSafeInteger(json) ? int(json) : float(json);
  if (typeof json === 'bigint') {
    if (!isInt64(json)) throw new CsmlError(ERROR_NUMBER_TOO_LARGE);
    return int(json);
  }
  if (isJsonArray(json)) return array(json.map(jsonValue));
  return object(new Map(Object.entries(json).map(([key, item]) => [key, jsonValue(item)])));
}

export function isJsonArray(json: Json): json is readonly Json[] {
  return Array.isArray(json);
}
