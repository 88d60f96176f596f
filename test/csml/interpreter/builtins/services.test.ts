import { describe, expect, it } from 'vitest';
import { findSpecialMethod } from '../../../../src/csml/interpreter/builtins/index.js';
import { CsmlError } from '../../../../src/csml/interpreter/errors.js';
import { fromJson } from '../../../../src/csml/interpreter/format.js';
import { array, bool, int, object, str } from '../../../../src/csml/interpreter/value.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import { context, fakeHost } from './fake-host.js';
import { call, failure, json, method } from './run.js';

describe('App and Fn', () => {
  it.each(['App', 'Fn'])('%s sends the named arguments as data and yields the answer', (name) => {
    const host = fakeHost();
    host.appResult = { total: 3, items: ['a'] };
    const result = call(
      name,
      [str('compute')],
      [
        ['x', int(1)],
        ['y', fromJson({ z: true })],
      ],
      context(host),
    );
    expect(host.apps).toEqual([{ name: 'compute', data: { x: 1, y: { z: true } } }]);
    expect(json(result)).toEqual({ total: 3, items: ['a'] });
  });

  it('the name may be given as fn_id; anything else is an error', () => {
    const host = fakeHost();
    call(
      'App',
      [],
      [
        ['fn_id', str('f')],
        ['a', int(1)],
      ],
      context(host),
    );
    expect(host.apps).toEqual([{ name: 'f', data: { a: 1 } }]);
    expect(failure(() => call('App', [int(1)]))).toBe('App name must be of type string');
    expect(failure(() => call('App', [str('f'), int(1)]))).toBe('to many arguments');
  });

  it('host errors pass through', () => {
    const host = fakeHost();
    host.app = () => {
      throw new CsmlError('App can not be called because apps_endpoint is not set in bot');
    };
    expect(failure(() => call('App', [str('f')], [], context(host)))).toBe(
      'App can not be called because apps_endpoint is not set in bot',
    );
  });
});

describe('SMTP', () => {
  const smtp = (): Value => call('SMTP', [str('smtp.example.com')]);
  const email = (): Value =>
    fromJson({
      from: 'Bot <bot@example.com>',
      to: 'user@example.com',
      subject: 'Hi',
      text: 'Hello',
    });

  it('builds a server description and sends through the host', () => {
    const host = fakeHost();
    expect(json(smtp())).toEqual({ smtp_server: 'smtp.example.com', port: 465, tls: true });
    let builder = method(smtp(), 'auth', [str('bot'), str('secret')]);
    builder = method(method(builder, 'port', [int(587)]), 'starttls', [bool(true)]);
    builder = method(builder, 'set_auth_mechanism', [
      array([str('plain'), str('nope'), str('xoauth2')]),
    ]);
    expect(builder.contentType).toBe('smtp');
    expect(method(builder, 'send', [email()], context(host))).toEqual(bool(true));
    expect(host.mails).toEqual([
      {
        server: {
          host: 'smtp.example.com',
          port: 587,
          tls: true,
          starttls: true,
          username: 'bot',
          password: 'secret',
          mechanisms: ['PLAIN', 'XOAUTH2'],
        },
        email: {
          from: 'Bot <bot@example.com>',
          to: 'user@example.com',
          subject: 'Hi',
          text: 'Hello',
        },
      },
    ]);
  });

  const authed = (): Value => method(smtp(), 'auth', [str('u'), str('p')]);
  const errors: [string, () => unknown, string][] = [
    [
      'SMTP(1)',
      () => call('SMTP', [int(1)]),
      'SMTP builtin expects SMTP Server Address. Example: SMTP("smtp.gmail.com")',
    ],
    ['port("x")', () => method(smtp(), 'port', [str('x')]), 'usage: port(port) => smtp object'],
    ['tls()', () => method(smtp(), 'tls'), 'usage: tls(BOOLEAN) => smtp object'],
    [
      'auth(1)',
      () => method(smtp(), 'auth', [int(1)]),
      'usage: credentials(username, password) => smtp object',
    ],
    [
      'mechanism',
      () => method(smtp(), 'set_auth_mechanism', [str('md5')]),
      'Available mechanisms: PLAIN, AUTH LOGIN, XOAUTH2. set_auth_mechanism(String || Array<String>) => smtp object',
    ],
    [
      'no credentials',
      () => method(smtp(), 'send', [fromJson({ from: 'a@b.c', to: 'd@e.f', text: 'x' })]),
      'username is missing or invalid type',
    ],
    [
      'no text',
      () => method(authed(), 'send', [fromJson({ from: 'a@b.c', to: 'd@e.f' })]),
      'email text/html parameter is mandatory',
    ],
    [
      'no to',
      () => method(authed(), 'send', [fromJson({ from: 'a@b.c', html: '<p>' })]),
      'missing mandatory email parameter [from] or [to]',
    ],
    [
      'bad address',
      () => method(authed(), 'send', [fromJson({ from: 'nobody', to: 'd@e.f', text: 'x' })]),
      'Invalid email format: nobody',
    ],
    [
      'address type',
      () => method(authed(), 'send', [fromJson({ from: 1, to: 'd@e.f', text: 'x' })]),
      'email [from] value need to be of type String and a valid email',
    ],
    ['send(1)', () => method(authed(), 'send', [int(1)]), 'usage: send(email) => smtp object'],
  ];
  it.each(errors)('%s', (_name, run, message) => {
    expect(failure(run)).toBe(message);
  });
});

describe('findSpecialMethod', () => {
  it('ignores plain values and lets http builders use object methods', () => {
    expect(findSpecialMethod(object(), 'get')).toBeUndefined();
    expect(findSpecialMethod(str('x', 'time'), 'format')).toBeUndefined();
    const http = call('HTTP', [str('u')]);
    expect(findSpecialMethod(http, 'keys')).toBeUndefined();
    expect(findSpecialMethod(http, 'get')).toBeDefined();
  });

  it('other built-in values know only their methods and those of every value', () => {
    const time = call('Time');
    expect(findSpecialMethod(time, 'type_of')).toBeUndefined();
    expect(findSpecialMethod(time, 'is_error')).toBeUndefined();
    for (const value of [
      time,
      call('Base64', [str('a')]),
      call('JWT', [str('t')]),
      call('Crypto', [str('a')]),
    ]) {
      expect(failure(() => method(value, 'length'))).toBe('[length] is not a method of Object');
    }
  });
});
