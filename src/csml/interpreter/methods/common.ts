/**
 * Methods every value has (csml.md §10.1): `type_of`, `to_string`, `is_number`, `is_int`,
 * `is_float`, `is_error`, `get_info`.
 */
import { CsmlError, usageError } from '../errors.js';
import { displayText } from '../format.js';
import { bool, clone, object, str } from '../value.js';
import type { Value, ValueInfo } from '../value.js';
import type { MethodDef } from './method.js';
import { parseF64, parseI64 } from '../numeric.js';

const GET_INFO_USAGE = 'get_info(Optional<String: search_key>) => Literal';

/** `type_of()` names: note `Null` (csml.md §10.1). */
export function typeName(value: Value): string {
  switch (value.kind) {
    case 'null':
      return 'Null';
    case 'bool':
      return 'boolean';
    case 'int':
    case 'float':
    case 'string':
    case 'array':
    case 'object':
    case 'closure':
      return value.kind;
  }
}

type NumberTest = 'is_number' | 'is_int' | 'is_float';

/** Strings: `parse::<f64>()` / `parse::<i64>()` succeed; `is_float` also wants a `.`. */
function stringNumberTest(test: NumberTest, text: string): boolean {
  switch (test) {
    case 'is_number':
      return parseF64(text) !== null;
    case 'is_int':
      return parseI64(text) !== null;
    case 'is_float':
      return parseF64(text) !== null && text.includes('.');
  }
}

function numberTest(test: NumberTest, value: Value): boolean {
  switch (value.kind) {
    case 'int':
      return test !== 'is_float';
    case 'float':
      return test !== 'is_int';
    case 'string':
      return stringNumberTest(test, value.value);
    case 'null':
    case 'bool':
    case 'array':
    case 'object':
    case 'closure':
      return false;
  }
}

function infoObject(info: ValueInfo): Value {
  const entries = new Map<string, Value>();
  for (const [key, item] of Object.entries(info)) {
    if (item !== undefined) entries.set(key, typeof item === 'string' ? str(item) : clone(item));
  }
  return object(entries);
}

/** `get_info()` / `get_info(key)`: the info map, one of its entries, or the string `Null`. */
function getInfo(value: Value, args: readonly Value[]): Value {
  const info = value.info;
  if (!info) return str('Null');
  const [key] = args;
  if (key === undefined) return infoObject(info);
  if (key.kind !== 'string') throw new CsmlError(GET_INFO_USAGE);
  const item = info[key.value];
  if (item !== undefined) return typeof item === 'string' ? str(item) : clone(item);
  const all = infoObject(info);
  all.info = { error: `get_info() failed, key '${key.value}' not found` };
  return all;
}

function noArgs(signature: string, body: (value: Value) => Value): MethodDef {
  return {
    mutates: false,
    call(receiver, args) {
      if (args.length > 0) throw usageError(signature);
      return body(receiver);
    },
  };
}

/** The methods of §10.1, shared by every type's table. */
export const COMMON_METHODS: Readonly<Record<string, MethodDef>> = {
  type_of: noArgs('type_of() => string', (value) => str(typeName(value))),
  to_string: noArgs('to_string() => string', (value) => str(displayText(value))),
  is_number: noArgs('is_number() => boolean', (value) => bool(numberTest('is_number', value))),
  is_int: noArgs('is_int() => boolean', (value) => bool(numberTest('is_int', value))),
  is_float: noArgs('is_float() => boolean', (value) => bool(numberTest('is_float', value))),
  is_error: { mutates: false, call: (value) => bool(value.info?.error !== undefined) },
  get_info: { mutates: false, call: getInfo },
};
