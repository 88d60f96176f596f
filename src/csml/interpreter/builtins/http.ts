/**
 * `HTTP(url)` and its builder methods (csml.md §10.7). Builders are objects with content type
 * `http`; each method returns a new builder. Quirk kept from the reference: `.post`, `.put`
 * and `.delete` also set (or, without a body, remove) `body` on the receiver itself.
 * `.send()` goes through the host (csml.md §18.3).
 */
import type { BuiltinFn } from './builtin.js';
import { argument, entriesOf, extraArguments, record } from './args.js';
import { sendHttp } from './http-send.js';
import { CsmlError, usageError } from '../errors.js';
import type { MethodDef } from '../methods/method.js';
import { bool, clone, object, str } from '../value.js';
import type { ObjectValue, Value } from '../value.js';

const USAGE = 'HTTP builtin expects one url of type string. Example: HTTP("https://clevy.io")';
const SET = '[set] takes one argument of type Object. Usage: HTTP(...).set( {"key": 42} )';
const QUERY = '[query] takes one argument of type Object. Usage: HTTP(...).query( {"key": 42} )';

export const httpBuiltin: BuiltinFn = (args) => {
  const url = argument(args, 'url', 0);
  if (url?.kind !== 'string') throw new CsmlError(USAGE);
  const header = record([
    ['Accept', str('application/json,text/*')],
    ['Content-Type', str('application/json')],
    ['User-Agent', str('csml/v1')],
  ]);
  const extra = extraArguments(args, ['url', 'header', 'query', 'body']);
  return record(
    [
      ['url', url],
      ['method', str('get')],
      ['header', header],
      ...extra.map(([key, value]): [string, Value] => [key, clone(value)]),
    ],
    'http',
  );
};

/** A copy of the receiver as an `http` builder. */
function copy(receiver: Value): ObjectValue {
  const entries = new Map<string, Value>();
  for (const [key, value] of entriesOf(receiver)) entries.set(key, clone(value));
  return object(entries, 'http');
}

/** Merges `values` into the object under `key`, or stores them when the key is absent. */
function merge(builder: ObjectValue, key: string, values: ObjectValue): ObjectValue {
  const current = builder.entries.get(key);
  if (current === undefined) builder.entries.set(key, clone(values));
  else if (current.kind === 'object') {
    for (const [name, value] of values.entries) current.entries.set(name, clone(value));
  }
  return builder;
}

function merger(key: string, usage: string, typeError: string): MethodDef {
  return {
    mutates: false,
    call: (receiver, args) => {
      const [values] = args;
      if (args.length !== 1 || values === undefined) throw usageError(usage);
      if (values.kind !== 'object') throw new CsmlError(typeError);
      return merge(copy(receiver), key, values);
    },
  };
}

const auth: MethodDef = {
  mutates: false,
  call: (receiver, args) => {
    const [user, password] = args;
    if (user?.kind !== 'string' || password?.kind !== 'string') {
      throw usageError('auth(username, password) => http object');
    }
    const token = Buffer.from(`${user.value}:${password.value}`, 'utf8').toString('base64');
    return merge(copy(receiver), 'header', record([['Authorization', str(`Basic ${token}`)]]));
  },
};

function withMethod(builder: ObjectValue, method: string): ObjectValue {
  builder.entries.set('method', str(method));
  return builder;
}

const get: MethodDef = {
  mutates: false,
  call: (receiver, args) => {
    if (args.length > 0) throw usageError('get() => http object');
    const builder = withMethod(copy(receiver), 'get');
    builder.entries.delete('body');
    return builder;
  },
};

/** `.post`, `.put`, `.delete`: the body (or its absence) is also written to the receiver. */
function withBody(method: string): MethodDef {
  return {
    mutates: false,
    call: (receiver, args) => {
      const body = args[0];
      if (body === undefined) entriesOf(receiver).delete('body');
      else entriesOf(receiver).set('body', clone(body));
      return withMethod(copy(receiver), method);
    },
  };
}

const patch: MethodDef = {
  mutates: false,
  call: (receiver, args) => {
    const builder = withMethod(copy(receiver), 'patch');
    builder.entries.set('body', clone(args[0] ?? { kind: 'null', contentType: 'null' }));
    return builder;
  },
};

const disableSslVerify: MethodDef = {
  mutates: false,
  call: (receiver) => {
    const builder = copy(receiver);
    builder.entries.set('disable_ssl_verify', bool(true));
    return builder;
  },
};

const send: MethodDef = {
  mutates: false,
  call: (receiver, args, ctx) => {
    if (args.length > 0) throw usageError('send() => http object');
    return sendHttp(receiver, ctx.host);
  },
};

export const HTTP_METHODS: ReadonlyMap<string, MethodDef> = new Map([
  ['set', merger('header', 'set(header: object) => http object', SET)],
  ['query', merger('query', 'query(parameters: object) => http object', QUERY)],
  ['auth', auth],
  ['disable_ssl_verify', disableSslVerify],
  ['get', get],
  ['post', withBody('post')],
  ['put', withBody('put')],
  ['delete', withBody('delete')],
  ['patch', patch],
  ['send', send],
]);
