/**
 * Runtime values of CSML (csml.md §3). Every value has a primitive `kind` and a `contentType`:
 * the primitive's name for plain values (`int`, `string`, …) or a tag given by a component or
 * built-in (`text`, `button`, `Component.foo`, `http`, `time`, …). `info` carries an error
 * message or HTTP details (csml.md §3.1); `secure` marks a value from a `hold_secure` event.
 *
 * Arrays and objects are mutable and owned by the variable that holds them: the interpreter
 * copies them (`clone`) whenever a value is stored, so a mutating method may change its
 * receiver in place.
 */
import type { Block, Name } from '../ast.js';

export type PrimitiveKind =
  'null' | 'bool' | 'int' | 'float' | 'string' | 'array' | 'object' | 'closure';

export interface ValueInfo {
  /** Message of the error that produced this value (a null). */
  error?: string;
  /** Anything else a built-in attaches (`status`, `headers`, `body` of HTTP responses). */
  [key: string]: Value | string | undefined;
}

interface ValueBase {
  contentType: string;
  info?: ValueInfo;
  secure?: boolean;
}

export interface NullValue extends ValueBase {
  readonly kind: 'null';
}
export interface BoolValue extends ValueBase {
  readonly kind: 'bool';
  readonly value: boolean;
}
/** Signed 64-bit; arithmetic must stay in range (csml.md §4.3). */
export interface IntValue extends ValueBase {
  readonly kind: 'int';
  readonly value: bigint;
}
export interface FloatValue extends ValueBase {
  readonly kind: 'float';
  readonly value: number;
}
export interface StringValue extends ValueBase {
  readonly kind: 'string';
  readonly value: string;
}
export interface ArrayValue extends ValueBase {
  readonly kind: 'array';
  readonly items: Value[];
}
/** Insertion-ordered (csml.md §3.1). */
export interface ObjectValue extends ValueBase {
  readonly kind: 'object';
  readonly entries: Map<string, Value>;
}
export interface ClosureValue extends ValueBase {
  readonly kind: 'closure';
  readonly params: readonly Name[];
  readonly body: Block;
  /** Step locals and memories captured when the closure was made (csml.md §6.3). */
  readonly captured: ReadonlyMap<string, Value>;
  /** Flow whose constants and functions the body sees. */
  readonly flow: string;
}

export type Value =
  | NullValue
  | BoolValue
  | IntValue
  | FloatValue
  | StringValue
  | ArrayValue
  | ObjectValue
  | ClosureValue;

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export function isInt64(n: bigint): boolean {
  return n >= INT64_MIN && n <= INT64_MAX;
}

export function nullValue(info?: ValueInfo): NullValue {
  return info ? { kind: 'null', contentType: 'null', info } : { kind: 'null', contentType: 'null' };
}

/** A null carrying an error message, for `Or()`, `is_error()` and `get_info()`. */
export function errorNull(message: string): NullValue {
  return nullValue({ error: message });
}

export function bool(value: boolean): BoolValue {
  return { kind: 'bool', contentType: 'boolean', value };
}

export function int(value: bigint | number): IntValue {
  return {
    kind: 'int',
    contentType: 'int',
    value: typeof value === 'bigint' ? value : BigInt(value),
  };
}

export function float(value: number): FloatValue {
  return { kind: 'float', contentType: 'float', value };
}

export function str(value: string, contentType = 'string'): StringValue {
  return { kind: 'string', contentType, value };
}

export function array(items: Value[], contentType = 'array'): ArrayValue {
  return { kind: 'array', contentType, items };
}

export function object(
  entries: Map<string, Value> = new Map(),
  contentType = 'object',
): ObjectValue {
  return { kind: 'object', contentType, entries };
}

/** Content types of plain values: nested values of any other type are wrapped in JSON (csml.md §3.3). */
export const BASIC_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'int',
  'float',
  'string',
  'text',
  'boolean',
  'null',
  'array',
  'object',
  'closure',
]);

/** The reference engine's type names in operator errors: `PrimitiveInt`… (csml.md §4.3). */
export function primitiveName(value: Value): string {
  switch (value.kind) {
    case 'null':
      return 'PrimitiveNull';
    case 'bool':
      return 'PrimitiveBoolean';
    case 'int':
      return 'PrimitiveInt';
    case 'float':
      return 'PrimitiveFloat';
    case 'string':
      return 'PrimitiveString';
    case 'array':
      return 'PrimitiveArray';
    case 'object':
      return 'PrimitiveObject';
    case 'closure':
      return 'PrimitiveClosure';
  }
}

/** Type names in method errors: `[x] is not a method of String` (csml.md §10.1). */
export function methodTypeName(value: Value): string {
  switch (value.kind) {
    case 'null':
      return 'Null';
    case 'bool':
      return 'Boolean';
    case 'int':
      return 'Int';
    case 'float':
      return 'Float';
    case 'string':
      return 'String';
    case 'array':
      return 'Array';
    case 'object':
      return 'Object';
    case 'closure':
      return 'Closure';
  }
}

/** A deep copy: what a variable stores is never shared with another variable. */
export function clone(value: Value): Value {
  switch (value.kind) {
    case 'array':
      return { ...value, items: value.items.map(clone) };
    case 'object': {
      const entries = new Map<string, Value>();
      for (const [key, item] of value.entries) entries.set(key, clone(item));
      return { ...value, entries };
    }
    case 'null':
    case 'bool':
    case 'int':
    case 'float':
    case 'string':
    case 'closure':
      return value;
  }
}
