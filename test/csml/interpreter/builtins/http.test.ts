import { describe, expect, it } from 'vitest';
import { CsmlInfoError } from '../../../../src/csml/interpreter/builtins/info-error.js';
import { CsmlError } from '../../../../src/csml/interpreter/errors.js';
import { fromJson } from '../../../../src/csml/interpreter/format.js';
import { bool, int, str } from '../../../../src/csml/interpreter/value.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import type { Json } from '../../../../src/csml/json.js';
import { context, fakeHost } from './fake-host.js';
import { call, failure, json, method, said } from './run.js';

const HEADER = {
  Accept: 'application/json,text/*',
  'Content-Type': 'application/json',
  'User-Agent': 'csml/v1',
};
const BASE = { url: 'https://clevy.io', method: 'get', header: HEADER };
const http = (): Value => call('HTTP', [str('https://clevy.io')]);
const hello = (): Value => fromJson({ hello: 'world' });

describe('HTTP builder (conformance: http)', () => {
  const cases: [string, (h: Value) => Value, Json, Json][] = [
    ['http_0', (h) => h, BASE, BASE],
    ['get_0', (h) => method(h, 'get'), BASE, BASE],
    [
      'set_0',
      (h) => method(h, 'set', [hello()]),
      { ...BASE, header: { ...HEADER, hello: 'world' } },
      BASE,
    ],
    ['query_0', (h) => method(h, 'query', [hello()]), { ...BASE, query: { hello: 'world' } }, BASE],
    ['delete_0', (h) => method(h, 'delete'), { ...BASE, method: 'delete' }, BASE],
    [
      'put_0',
      (h) => method(h, 'put', [hello()]),
      { ...BASE, method: 'put', body: { hello: 'world' } },
      { ...BASE, body: { hello: 'world' } },
    ],
    [
      'patch_0',
      (h) => method(h, 'patch', [hello()]),
      { ...BASE, method: 'patch', body: { hello: 'world' } },
      BASE,
    ],
    [
      'post_0',
      (h) => method(h, 'post', [hello()]),
      { ...BASE, method: 'post', body: { hello: 'world' } },
      { ...BASE, body: { hello: 'world' } },
    ],
    [
      'auth_0',
      (h) => method(method(h, 'auth', [str('user'), str('passwd')]), 'get'),
      { ...BASE, header: { ...HEADER, Authorization: 'Basic dXNlcjpwYXNzd2Q=' } },
      BASE,
    ],
  ];
  it.each(cases)('%s', (_name, build, first, after) => {
    const receiver = http();
    expect(said(build(receiver))).toEqual({ content_type: 'http', content: first });
    expect(said(receiver)).toEqual({ content_type: 'http', content: after });
  });

  it('post without a body removes the body from the receiver too; get drops it', () => {
    const receiver = http();
    method(receiver, 'post', [hello()]);
    expect(json(method(receiver, 'get'))).toEqual(BASE);
    method(receiver, 'post');
    expect(json(receiver)).toEqual(BASE);
    expect(json(method(http(), 'patch'))).toEqual({ ...BASE, method: 'patch', body: null });
  });

  it('extra named arguments are kept, header/query/body ones are not', () => {
    const value = call(
      'HTTP',
      [str('u')],
      [
        ['timeout', int(5)],
        ['body', int(1)],
      ],
    );
    expect(json(value)).toEqual({ url: 'u', method: 'get', header: HEADER, timeout: 5 });
    expect(failure(() => call('HTTP', [str('u'), str('a'), str('b'), str('c'), str('d')]))).toBe(
      'to many arguments',
    );
  });

  const errors: [string, () => unknown, string][] = [
    [
      'HTTP(1)',
      () => call('HTTP', [int(1)]),
      'HTTP builtin expects one url of type string. Example: HTTP("https://clevy.io")',
    ],
    [
      'set("x")',
      () => method(http(), 'set', [str('x')]),
      '[set] takes one argument of type Object. Usage: HTTP(...).set( {"key": 42} )',
    ],
    ['set()', () => method(http(), 'set'), 'usage: set(header: object) => http object'],
    [
      'query(1)',
      () => method(http(), 'query', [int(1)]),
      '[query] takes one argument of type Object. Usage: HTTP(...).query( {"key": 42} )',
    ],
    [
      'auth("u")',
      () => method(http(), 'auth', [str('u')]),
      'usage: auth(username, password) => http object',
    ],
    ['get(1)', () => method(http(), 'get', [int(1)]), 'usage: get() => http object'],
    ['send(1)', () => method(http(), 'send', [int(1)]), 'usage: send() => http object'],
  ];
  it.each(errors)('%s', (_name, run, message) => {
    expect(failure(run)).toBe(message);
  });
});

describe('HTTP send through the host', () => {
  it('sends method, url, headers as text, query, JSON body and ssl flag; answers with info', () => {
    const host = fakeHost();
    host.response = { status: 201, headers: { 'x-id': '7' }, body: { id: 7, tags: ['a'] } };
    let builder = method(http(), 'query', [fromJson({ page: 2, q: 'a b' })]);
    builder = method(builder, 'set', [fromJson({ 'X-Count': 3 })]);
    builder = method(method(builder, 'disable_ssl_verify'), 'post', [fromJson({ a: 1.5 })]);
    const result = method(builder, 'send', [], context(host));
    expect(host.requests).toEqual([
      {
        method: 'post',
        url: 'https://clevy.io',
        headers: { ...HEADER, 'X-Count': '3' },
        query: { page: '2', q: 'a b' },
        body: { a: 1.5 },
        verifySsl: false,
      },
    ]);
    expect(json(result)).toEqual({ id: 7, tags: ['a'] });
    expect(result.info?.status).toEqual(int(201));
    expect(json(result.info?.headers as Value)).toEqual({ 'x-id': '7' });
  });

  it('a text body stays text; a get has no body', () => {
    const host = fakeHost();
    host.response = { status: 200, headers: {}, body: 'plain' };
    expect(json(method(http(), 'send', [], context(host)))).toBe('plain');
    expect(host.requests[0]?.body).toBeUndefined();
    expect(host.requests[0]?.query).toBeNull();
    expect(host.requests[0]?.verifySsl).toBe(true);
  });

  it('an error status is an inline error whose null carries status, headers and body', () => {
    const host = fakeHost();
    host.response = { status: 404, headers: { a: 'b' }, body: { error: 'missing' } };
    const builder = method(http(), 'query', [fromJson({ id: 1 })]);
    let error: unknown;
    try {
      method(builder, 'send', [], context(host));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsmlInfoError);
    const info = error instanceof CsmlInfoError ? error : undefined;
    expect(info?.message).toBe('https://clevy.io?id=1: status code 404');
    expect(info?.info.status).toEqual(int(404));
    expect(info?.info.body).toEqual(str('{"error":"missing"}'));
  });

  it('a refusal of the host is the inline error it threw', () => {
    const host = fakeHost();
    host.http = () => {
      throw new CsmlError('request blocked by host policy: GET https://clevy.io');
    };
    expect(failure(() => method(http(), 'send', [], context(host)))).toBe(
      'request blocked by host policy: GET https://clevy.io',
    );
    host.http = () => {
      throw new Error('socket hang up');
    };
    expect(failure(() => method(http(), 'send', [], context(host)))).toBe('socket hang up');
  });

  it('a broken builder is reported before any request', () => {
    const host = fakeHost();
    const broken = method(http(), 'get');
    if (broken.kind === 'object') broken.entries.set('method', str('head'));
    expect(failure(() => method(broken, 'send', [], context(host)))).toBe(
      'is not a method of HTTP',
    );
    if (broken.kind === 'object') broken.entries.delete('method');
    expect(failure(() => method(broken, 'send', [], context(host)))).toBe(
      '[send] HTTP Object is bad formatted read doc for correct usage',
    );
    if (broken.kind === 'object') broken.entries.set('method', str('get'));
    if (broken.kind === 'object') broken.entries.set('header', bool(true));
    expect(failure(() => method(broken, 'send', [], context(host)))).toBe(
      "'header' not found in HTTP object. Use the HTTP() builtin to construct the correct object to make HTTP calls",
    );
    expect(host.requests).toEqual([]);
  });
});
