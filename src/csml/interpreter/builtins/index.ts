/** The built-in functions (csml.md §9) and the methods of the values they build. */
import type { BuiltinFn } from './builtin.js';
import { app } from './app.js';
import { find, floor, length, oneOf, random, shuffle } from './collections.js';
import { CRYPTO_METHODS, cryptoBuiltin } from './crypto.js';
import { debug } from './debug.js';
import { BASE64_METHODS, base64Builtin, HEX_METHODS, hexBuiltin } from './encoding.js';
import { exists } from './exists.js';
import { HTTP_METHODS, httpBuiltin } from './http.js';
import { JWT_METHODS, jwtBuiltin } from './jwt.js';
import { objectBuiltin } from './object.js';
import { or } from './or.js';
import { SMTP_METHODS, smtpBuiltin } from './smtp.js';
import { time, TIME_METHODS } from './time.js';
import { uuid } from './uuid.js';
import { CsmlError } from '../errors.js';
import type { MethodDef } from '../methods/method.js';
import type { Value } from '../value.js';

export const BUILTINS: ReadonlyMap<string, BuiltinFn> = new Map([
  ['OneOf', oneOf],
  ['Shuffle', shuffle],
  ['Length', length],
  ['Find', find],
  ['Random', random],
  ['Floor', floor],
  ['UUID', uuid],
  ['Exists', exists],
  ['Or', or],
  ['Object', objectBuiltin],
  ['Debug', debug],
  ['App', app],
  ['Fn', app],
  ['HTTP', httpBuiltin],
  ['SMTP', smtpBuiltin],
  ['Time', time],
  ['JWT', jwtBuiltin],
  ['Crypto', cryptoBuiltin],
  ['Base64', base64Builtin],
  ['Hex', hexBuiltin],
]);

const SPECIAL_METHODS: ReadonlyMap<string, ReadonlyMap<string, MethodDef>> = new Map([
  ['http', HTTP_METHODS],
  ['smtp', SMTP_METHODS],
  ['time', TIME_METHODS],
  ['jwt', JWT_METHODS],
  ['crypto', CRYPTO_METHODS],
  ['base64', BASE64_METHODS],
  ['hex', HEX_METHODS],
]);

/** Methods every value has (csml.md §10.1); special values keep them. */
const EVERY_VALUE = new Set([
  'type_of',
  'to_string',
  'is_number',
  'is_int',
  'is_float',
  'is_error',
  'get_info',
]);

function unknown(name: string): MethodDef {
  return {
    mutates: false,
    call: () => {
      throw new CsmlError(`[${name}] is not a method of Object`);
    },
  };
}

/**
 * The method `name` of a built-in value (content type `http`, `smtp`, `time`, `jwt`,
 * `crypto`, `base64`, `hex`), or undefined when the ordinary methods of the value apply:
 * any value that is not built-in, the §10.1 methods, and for `http` builders every object
 * method (the reference engine gives them those). Other names on built-in values are
 * `[name] is not a method of Object`, as in the reference engine.
 */
export function findSpecialMethod(receiver: Value, name: string): MethodDef | undefined {
  if (receiver.kind !== 'object') return undefined;
  const methods = SPECIAL_METHODS.get(receiver.contentType);
  if (methods === undefined) return undefined;
  const method = methods.get(name);
  if (method !== undefined) return method;
  if (receiver.contentType === 'http' || EVERY_VALUE.has(name)) return undefined;
  return unknown(name);
}
