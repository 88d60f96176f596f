/**
 * Native methods by receiver type (csml.md §10): `findMethod` gives the interpreter a value's
 * method, `unknownMethodError` the error when there is none. Built-in objects with methods of
 * their own (HTTP, Time…) are looked up first (builtins/index.ts `findSpecialMethod`), which
 * also keeps the object methods below from them, except for HTTP builders.
 */
import { CsmlError } from '../errors.js';
import { methodTypeName } from '../value.js';
import type { PrimitiveKind, Value } from '../value.js';
import { ARRAY_METHODS } from './array.js';
import { COMMON_METHODS } from './common.js';
import { table } from './define.js';
import type { MethodTable } from './define.js';
import type { MethodDef } from './method.js';
import { FLOAT_METHODS, INT_METHODS } from './number.js';
import { OBJECT_METHODS } from './object.js';
import { STRING_METHODS } from './string.js';

const COMMON_TABLE = table({ ...COMMON_METHODS });

const TABLES: Readonly<Record<PrimitiveKind, MethodTable>> = {
  null: COMMON_TABLE,
  bool: COMMON_TABLE,
  closure: COMMON_TABLE,
  int: INT_METHODS,
  float: FLOAT_METHODS,
  string: STRING_METHODS,
  array: ARRAY_METHODS,
  object: OBJECT_METHODS,
};

export function findMethod(receiver: Value, name: string): MethodDef | undefined {
  return TABLES[receiver.kind].get(name);
}

/** `[name] is not a method of String`; closures say `[name] Closure don't have methods`. */
export function unknownMethodError(receiver: Value, name: string): CsmlError {
  if (receiver.kind === 'closure') return new CsmlError(`[${name}] Closure don't have methods`);
  return new CsmlError(`[${name}] is not a method of ${methodTypeName(receiver)}`);
}

export type { MethodDef } from './method.js';
