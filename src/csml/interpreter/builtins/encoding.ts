/**
 * `Base64(s)` and `Hex(s)` (csml.md §9): `{"string": s}` with content type `base64`/`hex`,
 * whose `.encode()` and `.decode()` return strings. Decoded bytes are read as UTF-8 with
 * replacement characters, as the reference engine does.
 */
import type { BuiltinFn } from './builtin.js';
import { argument, field, record } from './args.js';
import { CsmlError } from '../errors.js';
import type { MethodDef } from '../methods/method.js';
import { str } from '../value.js';
import type { Value } from '../value.js';

function wrapper(name: string, contentType: string): BuiltinFn {
  return (args) => {
    const value = argument(args, 'string', 0);
    if (value?.kind !== 'string') {
      throw new CsmlError(
        `${name} builtin expects one argument of type string. Example: ${name}("text")`,
      );
    }
    return record([['string', value]], contentType);
  };
}

export const base64Builtin = wrapper('Base64', 'base64');
export const hexBuiltin = wrapper('Hex', 'hex');

function content(receiver: Value, usage: string): string {
  const value = field(receiver, 'string');
  if (value?.kind !== 'string') throw new CsmlError(`usage: ${usage}`);
  return value.value;
}

const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX_TEXT = /^(?:[0-9a-fA-F]{2})*$/;

function validBase64(text: string): boolean {
  if (!BASE64_TEXT.test(text)) return false;
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return false;
  return text.length === body.length || text.length % 4 === 0;
}

function method(call: (text: string) => string, usage: string): MethodDef {
  return { mutates: false, call: (receiver) => str(call(content(receiver, usage))) };
}

export const BASE64_METHODS: ReadonlyMap<string, MethodDef> = new Map([
  [
    'encode',
    method((s) => Buffer.from(s, 'utf8').toString('base64'), 'Base64("...").encode() => String'),
  ],
  [
    'decode',
    method((s) => {
      if (!validBase64(s)) throw new CsmlError(`Base64 invalid value: ${s}, can't be decode`);
      return Buffer.from(s, 'base64').toString('utf8');
    }, 'Base64("...").decode() => String'),
  ],
]);

export const HEX_METHODS: ReadonlyMap<string, MethodDef> = new Map([
  [
    'encode',
    method((s) => Buffer.from(s, 'utf8').toString('hex'), 'Hex("...").encode() => String'),
  ],
  [
    'decode',
    method((s) => {
      if (!HEX_TEXT.test(s)) throw new CsmlError(`Hex invalid value: ${s}, can't be decode`);
      return Buffer.from(s, 'hex').toString('utf8');
    }, 'Hex("...").decode() => String'),
  ],
]);
