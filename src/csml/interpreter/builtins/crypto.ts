/**
 * `Crypto(s)` (csml.md §9): `{"value": s}` with content type `crypto`.
 * `.create_hash(alg)` and `.create_hmac(alg, key)` give `{"hash": [bytes…]}` (content type
 * `crypto`), whose `.digest("hex" | "base64")` gives the text.
 */
import { createHash, createHmac } from 'node:crypto';
import type { BuiltinFn } from './builtin.js';
import { argument, field, record } from './args.js';
import { CsmlError } from '../errors.js';
import type { MethodDef } from '../methods/method.js';
import { array, int, str } from '../value.js';
import type { Value } from '../value.js';

const USAGE = 'CRYPTO builtin expects one argument of type string. Example: CRYPTO("text")';
const HASH = 'Crypto(string) command expect argument of type String';
const ALGO = 'Invalid Algorithm, supported Algorithms are md5 sha1 sha256 sha384 sha512';
const HMAC_KEY = 'HMAC key need to be of type string';
const DIGEST = "Invalid argument, '.digest' is use incorrectly";
const DIGEST_ALGO = 'Invalid Digest Algorithm, supported Algorithms are hex, base64';

/** Reference algorithm names (all lower or all upper case) to node:crypto names. */
const ALGORITHMS: ReadonlyMap<string, string> = new Map([
  ['md5', 'md5'],
  ['sha1', 'sha1'],
  ['sha256', 'sha256'],
  ['sha384', 'sha384'],
  ['sha512', 'sha512'],
  ['sha3_224', 'sha3-224'],
  ['sha3_256', 'sha3-256'],
  ['sha3_384', 'sha3-384'],
  ['sha3_512', 'sha3-512'],
  ['shake_128', 'shake128'],
  ['shake_256', 'shake256'],
  ['ripemd160', 'ripemd160'],
  ['sm3', 'sm3'],
]);

export const cryptoBuiltin: BuiltinFn = (args) => {
  const value = argument(args, 'value', 0);
  if (value === undefined) throw new CsmlError(USAGE);
  return record([['value', value]], 'crypto');
};

function algorithm(value: Value | undefined): string {
  if (value?.kind !== 'string') throw new CsmlError(ALGO);
  const name = value.value;
  const known =
    name === name.toLowerCase() || name === name.toUpperCase()
      ? ALGORITHMS.get(name.toLowerCase())
      : undefined;
  if (known === undefined) throw new CsmlError(`'${name}' ${ALGO}`);
  return known;
}

function input(receiver: Value): string {
  const value = field(receiver, 'value');
  if (value?.kind !== 'string') throw new CsmlError(HASH);
  return value.value;
}

function hashValue(bytes: Buffer): Value {
  return record([['hash', array([...bytes].map((b) => int(b)))]], 'crypto');
}

function attempt(run: () => Buffer): Buffer {
  try {
    return run();
  } catch (e) {
    throw new CsmlError(e instanceof Error ? e.message : String(e));
  }
}

const createHashMethod: MethodDef = {
  mutates: false,
  call: (receiver, args) => {
    const data = input(receiver);
    const alg = algorithm(args[0]);
    return hashValue(attempt(() => createHash(alg).update(data, 'utf8').digest()));
  },
};

const createHmacMethod: MethodDef = {
  mutates: false,
  call: (receiver, args) => {
    const data = input(receiver);
    const alg = algorithm(args[0]);
    const key = args[1];
    if (key?.kind !== 'string') throw new CsmlError(HMAC_KEY);
    return hashValue(attempt(() => createHmac(alg, key.value).update(data, 'utf8').digest()));
  },
};

const digestMethod: MethodDef = {
  mutates: false,
  call: (receiver, args) => {
    const hash = field(receiver, 'hash');
    if (hash?.kind !== 'array') throw new CsmlError(DIGEST);
    const encoding = args[0];
    if (encoding?.kind !== 'string') throw new CsmlError(DIGEST_ALGO);
    const bytes = Buffer.from(
      hash.items.map((item) => {
        if (item.kind !== 'int') throw new CsmlError(DIGEST);
        return Number(BigInt.asUintN(8, item.value));
      }),
    );
    if (encoding.value === 'hex') return str(bytes.toString('hex'));
    if (encoding.value === 'base64') return str(bytes.toString('base64'));
    throw new CsmlError(`'${encoding.value}' ${DIGEST_ALGO}`);
  },
};

export const CRYPTO_METHODS: ReadonlyMap<string, MethodDef> = new Map([
  ['create_hash', createHashMethod],
  ['create_hmac', createHmacMethod],
  ['digest', digestMethod],
]);
