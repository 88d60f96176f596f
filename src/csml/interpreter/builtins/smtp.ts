/**
 * `SMTP(host)` (csml.md §9): `{"smtp_server": host, "port": 465, "tls": true}` with content
 * type `smtp`; `.auth(user, password) .port(n) .tls(bool) .starttls(bool)
 * .set_auth_mechanism(name | [names])` return new builders and `.send(email)` hands the host
 * `{"server": {host, port, tls, starttls, username, password, mechanisms}, "email": {…}}`,
 * yielding true.
 */
import type { BuiltinFn } from './builtin.js';
import { argument, copyEntries, field, record } from './args.js';
import { asCsmlError } from './info-error.js';
import { checkEmail } from './smtp-email.js';
import { CsmlError, usageError } from '../errors.js';
import type { MethodDef } from '../methods/method.js';
import { bool, clone, int, nullValue } from '../value.js';
import type { Value } from '../value.js';
import type { Json } from '../../json.js';

const USAGE = 'SMTP builtin expects SMTP Server Address. Example: SMTP("smtp.gmail.com")';
const MECHANISMS = ['PLAIN', 'AUTH LOGIN', 'XOAUTH2'];
const MECHANISM_USAGE =
  'Available mechanisms: PLAIN, AUTH LOGIN, XOAUTH2. set_auth_mechanism(String || Array<String>) => smtp object';

export const smtpBuiltin: BuiltinFn = (args) => {
  const server = argument(args, 'smtp_server', 0);
  if (server?.kind !== 'string') throw new CsmlError(USAGE);
  return record(
    [
      ['smtp_server', server],
      ['port', int(465)],
      ['tls', bool(true)],
    ],
    'smtp',
  );
};

function setting(read: (args: readonly Value[]) => [string, Value][]): MethodDef {
  return {
    mutates: false,
    call: (receiver, args) => {
      const entries = read(args);
      const builder = record(copyEntries(receiver), 'smtp');
      for (const [key, value] of entries) builder.entries.set(key, clone(value));
      return builder;
    },
  };
}

function typed(usage: string, kind: Value['kind'], key: string): MethodDef {
  return setting((args) => {
    const value = args[0];
    if (value?.kind !== kind) throw usageError(usage);
    return [[key, value]];
  });
}

const auth = setting((args) => {
  const [user, password] = args;
  if (user?.kind !== 'string' || password?.kind !== 'string') {
    throw usageError('credentials(username, password) => smtp object');
  }
  return [
    ['username', user],
    ['password', password],
  ];
});

function mechanism(value: Value): string | undefined {
  if (value.kind !== 'string') return undefined;
  return MECHANISMS.find((m) => m.toLowerCase() === value.value.toLowerCase());
}

const setAuthMechanism = setting((args) => {
  const value = args[0];
  let names: string[];
  if (value?.kind === 'string') {
    const name = mechanism(value);
    if (name === undefined) throw new CsmlError(MECHANISM_USAGE);
    names = [name];
  } else if (value?.kind === 'array') {
    names = value.items.map(mechanism).filter((name) => name !== undefined);
    if (names.length === 0) throw usageError(MECHANISM_USAGE);
  } else {
    throw usageError(MECHANISM_USAGE);
  }
  return [['auth_mechanisms', record(names.map((name) => [name, nullValue()]))]];
});

function serverOf(receiver: Value): Json {
  const server = field(receiver, 'smtp_server');
  const username = field(receiver, 'username');
  const password = field(receiver, 'password');
  if (username?.kind !== 'string') throw new CsmlError('username is missing or invalid type');
  if (password?.kind !== 'string') throw new CsmlError('password is missing or invalid type');
  if (server?.kind !== 'string') {
    throw new CsmlError('SMTP server address is missing or invalid type');
  }
  const port = field(receiver, 'port');
  const tls = field(receiver, 'tls');
  const starttls = field(receiver, 'starttls');
  const mechanisms = field(receiver, 'auth_mechanisms');
  return {
    host: server.value,
    port: port?.kind === 'int' ? Number(BigInt.asUintN(16, port.value)) : 465,
    tls: tls?.kind === 'bool' ? tls.value : true,
    starttls: starttls?.kind === 'bool' ? starttls.value : false,
    username: username.value,
    password: password.value,
    mechanisms:
      mechanisms?.kind === 'object' ? MECHANISMS.filter((m) => mechanisms.entries.has(m)) : [],
  };
}

const send: MethodDef = {
  mutates: false,
  call: (receiver, args, ctx) => {
    const email = args[0];
    if (email?.kind !== 'object') throw usageError('send(email) => smtp object');
    const message = checkEmail(email);
    const server = serverOf(receiver);
    try {
      ctx.host.smtp({ server, email: message });
    } catch (e) {
      throw asCsmlError(e);
    }
    return bool(true);
  },
};

export const SMTP_METHODS: ReadonlyMap<string, MethodDef> = new Map([
  ['auth', auth],
  ['port', typed('port(port) => smtp object', 'int', 'port')],
  ['tls', typed('tls(BOOLEAN) => smtp object', 'bool', 'tls')],
  ['starttls', typed('starttls(BOOLEAN) => smtp object', 'bool', 'starttls')],
  ['set_auth_mechanism', setAuthMechanism],
  ['send', send],
]);
