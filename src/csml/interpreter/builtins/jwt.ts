/**
 * `JWT(x)` (csml.md §9): `{"jwt": x, "header": {"typ": "JWT", "alg": "HS256"}}` with content
 * type `jwt`. `.sign(alg, secret, headers?)` signs the claims `x`; `.decode(alg, secret)` and
 * `.verify(claims, alg, secret)` check the token `x` and give `{"header", "payload"}`. Only
 * HS256, HS384 and HS512. Validation follows the reference's library: `exp` is required and
 * checked with 60 s of leeway, the clock being the host's.
 */
import type { BuiltinFn } from './builtin.js';
import { argument, field, record } from './args.js';
import { JWT_ERRORS, signToken, verifyToken } from './jwt-token.js';
import type { JwtValidation } from './jwt-token.js';
import { CsmlError } from '../errors.js';
import { fromJson, toJson } from '../format.js';
import type { MethodDef } from '../methods/method.js';
import { str } from '../value.js';
import type { Value } from '../value.js';
import type { Json } from '../../json.js';

const USAGE = 'JWT builtin expects payload as argument. Example: JWT({"user": "name"})';

export const jwtBuiltin: BuiltinFn = (args) => {
  const value = argument(args, 'jwt', 0);
  if (value === undefined) throw new CsmlError(USAGE);
  const header = record([
    ['typ', str('JWT')],
    ['alg', str('HS256')],
  ]);
  return record(
    [
      ['jwt', value],
      ['header', header],
    ],
    'jwt',
  );
};

function algorithm(value: Value | undefined, missing: string): string {
  if (value?.kind !== 'string') throw new CsmlError(missing);
  if (!['HS256', 'HS384', 'HS512'].includes(value.value)) throw new CsmlError(JWT_ERRORS.algo);
  return value.value;
}

function secret(value: Value | undefined, message: string): string {
  if (value?.kind !== 'string') throw new CsmlError(message);
  return value.value;
}

function token(receiver: Value): string {
  const value = field(receiver, 'jwt');
  if (value?.kind !== 'string') throw new CsmlError(JWT_ERRORS.token);
  return value.value;
}

const HEADER_KEYS = ['typ', 'cty', 'jku', 'kid', 'x5u', 'x5t'] as const;

function extraHeaders(value: Value | undefined): Map<string, string> {
  const headers = new Map<string, string>([['typ', 'JWT']]);
  if (value === undefined) return headers;
  if (value.kind !== 'object') throw new CsmlError('JWT Headers wrong format');
  for (const key of HEADER_KEYS) {
    const item = value.entries.get(key);
    if (item === undefined) continue;
    if (item.kind !== 'string') throw new CsmlError(`JWT Headers '${key}' must be of type String`);
    headers.set(key, item.value);
  }
  return headers;
}

const sign: MethodDef = {
  mutates: false,
  call: (receiver, args) => {
    const alg = algorithm(args[0], JWT_ERRORS.signAlgo);
    const claims = field(receiver, 'jwt');
    if (claims === undefined) throw new CsmlError(JWT_ERRORS.signClaims);
    const key = secret(args[1], JWT_ERRORS.signSecret);
    return str(signToken(alg, extraHeaders(args[2]), toJson(claims), key));
  },
};

function decoded(result: { header: Json; payload: Json }): Value {
  return record([
    ['header', fromJson(result.header)],
    ['payload', fromJson(result.payload)],
  ]);
}

const decode: MethodDef = {
  mutates: false,
  call: (receiver, args, ctx) => {
    const jwt = token(receiver);
    const alg = algorithm(args[0], JWT_ERRORS.decodeAlgo);
    const key = secret(args[1], JWT_ERRORS.decodeSecret);
    const validation: JwtValidation = { algorithm: alg, leeway: 60, exp: true, nbf: false };
    return decoded(verifyToken(jwt, key, validation, ctx.host.now(), 'decode'));
  },
};

function validationOf(value: Value | undefined, alg: string): JwtValidation {
  if (value === undefined) throw new CsmlError(JWT_ERRORS.validationClaims);
  if (value.kind !== 'object') throw new CsmlError('JWT Headers wrong format');
  const rules: JwtValidation = { algorithm: alg, leeway: 60, exp: true, nbf: false };
  for (const [key, item] of value.entries) {
    const wrong = (type: string): CsmlError =>
      new CsmlError(`JWT Validation '${key}' must be of type ${type}`);
    switch (key) {
      case 'leeway':
        if (item.kind !== 'int' || item.value < 0n) throw wrong('Int');
        rules.leeway = Number(item.value);
        break;
      case 'validate_exp':
      case 'validate_nbf':
        if (item.kind !== 'bool') throw wrong('Boolean');
        if (key === 'validate_exp') rules.exp = item.value;
        else rules.nbf = item.value;
        break;
      case 'aud':
        if (item.kind !== 'array' || item.items.some((a) => a.kind !== 'string')) {
          throw wrong('Array<String>');
        }
        rules.aud = item.items.map((a) => (a.kind === 'string' ? a.value : ''));
        break;
      case 'iss':
      case 'sub':
        if (item.kind !== 'string') throw wrong('String');
        rules[key] = item.value;
        break;
      default:
        break;
    }
  }
  return rules;
}

const verify: MethodDef = {
  mutates: false,
  call: (receiver, args, ctx) => {
    const jwt = token(receiver);
    const claims = args[0];
    if (claims === undefined) throw new CsmlError(JWT_ERRORS.validationClaims);
    const alg = algorithm(args[1], JWT_ERRORS.validationAlgo);
    const rules = validationOf(claims, alg);
    const key = secret(args[2], JWT_ERRORS.validationSecret);
    return decoded(verifyToken(jwt, key, rules, ctx.host.now(), 'verify'));
  },
};

export const JWT_METHODS: ReadonlyMap<string, MethodDef> = new Map([
  ['sign', sign],
  ['decode', decode],
  ['verify', verify],
]);
