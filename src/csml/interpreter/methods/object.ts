/**
 * Object methods (csml.md §10.4). `insert`, `remove`, `assign` and `clear_values` change the
 * receiver in place; `to_xml()` and `to_yaml()` write its JSON as the reference engine does.
 */
import { CsmlError } from '../errors.js';
import { toJson } from '../format.js';
import { array, bool, clone, int, nullValue, str } from '../value.js';
import { COMMON_METHODS } from './common.js';
import { expectCount, nullary, reader, stringArg, table, writer } from './define.js';
import type { MethodTable } from './define.js';
import { jsonToXml } from './xml.js';
import { valueToYaml } from './yaml-emit.js';

const CONTAINS_ERROR =
  '[contains] takes one argument of type String. Usage: object.contains("key")';
const GET_ERROR =
  '[get_generics] takes one argument of type String. Usage: object.get_generics("key")';
const INSERT_ERROR = '[insert] take tow arguments. Usage: object.insert(string, any_type)';
const ASSIGN_ERROR = '[assign] take one argument. Usage: object.assign({"key": "value"})';
const REMOVE_ERROR = '[remove] takes one argument of type String. Usage: object.remove("key")';

export const OBJECT_METHODS: MethodTable = table({
  ...COMMON_METHODS,
  length: nullary('object', 'length() => int', (o) => int(o.entries.size)),
  is_empty: nullary('object', 'is_empty() => boolean', (o) => bool(o.entries.size === 0)),
  keys: nullary('object', 'keys() => array', (o) =>
    array([...o.entries.keys()].map((key) => str(key))),
  ),
  values: nullary('object', 'values() => array', (o) => array([...o.entries.values()])),
  contains: reader('object', (o, args) => {
    expectCount(args, 1, 'contains(key: string) => boolean');
    return bool(o.entries.has(stringArg(args, 0, CONTAINS_ERROR)));
  }),
  get: reader('object', (o, args) => {
    expectCount(args, 1, 'get(key: string) => primitive');
    return o.entries.get(stringArg(args, 0, GET_ERROR)) ?? nullValue();
  }),
  to_xml: nullary('object', 'to_xml() => string', (o) => str(jsonToXml(toJson(o)))),
  to_yaml: nullary('object', 'to_yaml() => string', (o) => str(valueToYaml(o))),
  insert: writer('object', (o, args) => {
    expectCount(args, 2, 'insert(key: string, value: primitive) => null');
    o.entries.set(stringArg(args, 0, INSERT_ERROR), clone(args[1]!));
    return nullValue();
  }),
  remove: writer('object', (o, args) => {
    expectCount(args, 1, 'remove(key: string) => primitive');
    const key = stringArg(args, 0, REMOVE_ERROR);
    const removed = o.entries.get(key);
    o.entries.delete(key);
    return removed ?? nullValue();
  }),
  assign: writer('object', (o, args) => {
    expectCount(args, 1, 'assign(obj: Object) => null');
    const [other] = args;
    if (other?.kind !== 'object') throw new CsmlError(ASSIGN_ERROR);
    for (const [key, item] of other.entries) o.entries.set(key, clone(item));
    return nullValue();
  }),
  clear_values: writer('object', (o, args) => {
    expectCount(args, 0, 'clear_values() => null');
    for (const key of o.entries.keys()) o.entries.set(key, nullValue());
    return nullValue();
  }),
});
