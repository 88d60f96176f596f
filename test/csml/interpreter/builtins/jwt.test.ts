import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromJson } from '../../../../src/csml/interpreter/format.js';
import { int, str } from '../../../../src/csml/interpreter/value.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import { context, fakeHost, FIXED_NOW } from './fake-host.js';
import { call, failure, json, method } from './run.js';

/** jwt.io's example token, signed with `your-256-bit-secret`; it has no `exp`. */
const JWT_IO =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const NOW_S = Math.floor(FIXED_NOW / 1000);
const ctx = context(fakeHost());

function sign(claims: Value, alg = 'HS256', secret = 'secret', headers?: Value): string {
  const args = [str(alg), str(secret), ...(headers ? [headers] : [])];
  return json(method(call('JWT', [claims]), 'sign', args, ctx)) as string;
}

function decode(token: string, alg = 'HS256', secret = 'secret'): Value {
  return method(call('JWT', [str(token)]), 'decode', [str(alg), str(secret)], ctx);
}

describe('JWT', () => {
  it('JWT(x) keeps x with a default header', () => {
    expect(json(call('JWT', [str('t')]))).toEqual({
      jwt: 't',
      header: { typ: 'JWT', alg: 'HS256' },
    });
    expect(call('JWT', [str('t')]).contentType).toBe('jwt');
  });

  it('sign writes header {typ, alg} and the claims, HMAC-signed', () => {
    const token = sign(fromJson({ user: 'name', exp: NOW_S + 10 }));
    const [header, claims, signature] = token.split('.') as [string, string, string];
    expect(Buffer.from(header, 'base64url').toString()).toBe('{"typ":"JWT","alg":"HS256"}');
    expect(Buffer.from(claims, 'base64url').toString()).toBe(`{"user":"name","exp":${NOW_S + 10}}`);
    const expected = createHmac('sha256', 'secret')
      .update(`${header}.${claims}`)
      .digest('base64url');
    expect(signature).toBe(expected);
  });

  it.each(['HS256', 'HS384', 'HS512'])('%s round trip through decode and verify', (alg) => {
    const claims = { user: 'name', exp: NOW_S + 10, aud: 'bots', iss: 'me', sub: 'u1' };
    const token = sign(fromJson(claims), alg, 'k', fromJson({ kid: 'key-1' }));
    expect(json(decode(token, alg, 'k'))).toEqual({
      header: { typ: 'JWT', alg, kid: 'key-1' },
      payload: claims,
    });
    const rules = fromJson({ aud: ['bots'], iss: 'me', sub: 'u1', leeway: 0 });
    const verified = method(call('JWT', [str(token)]), 'verify', [rules, str(alg), str('k')], ctx);
    expect(json(verified)).toEqual({ header: { typ: 'JWT', alg, kid: 'key-1' }, payload: claims });
  });

  const failures: [string, () => unknown, string][] = [
    [
      'jwt.io token lacks exp',
      () => decode(JWT_IO, 'HS256', 'your-256-bit-secret'),
      'Invalid JWT decode MissingRequiredClaim("exp")',
    ],
    ['wrong secret', () => decode(JWT_IO, 'HS256', 'nope'), 'Invalid JWT decode InvalidSignature'],
    [
      'wrong algorithm',
      () => decode(JWT_IO, 'HS512', 'your-256-bit-secret'),
      'Invalid JWT decode InvalidAlgorithm',
    ],
    ['not a token', () => decode('abc'), 'Invalid JWT decode InvalidToken'],
    [
      'expired beyond leeway',
      () => decode(sign(fromJson({ exp: NOW_S - 61 }))),
      'Invalid JWT decode ExpiredSignature',
    ],
    [
      'unsupported algorithm',
      () => decode(JWT_IO, 'RS256'),
      'Invalid Algorithm, supported Algorithms are HS256, HS384, HS512',
    ],
    [
      'sign with a number as algorithm',
      () => method(call('JWT', [fromJson({})]), 'sign', [int(1), str('k')]),
      "JWT(claims).sign(algo, secret, Optional<Header>) expect first argument 'algo' of type String",
    ],
    [
      'decode a non-string token',
      () => method(call('JWT', [int(1)]), 'decode', [str('HS256'), str('k')]),
      "JWT(jwt) command expect argument 'jwt' of type String",
    ],
    [
      'verify without claims',
      () => method(call('JWT', [str(JWT_IO)]), 'verify'),
      "JWT(jwt).verify(claims, algo, secret) expect first argument 'claims' of type Object",
    ],
    [
      'verify with the wrong audience',
      () =>
        method(
          call('JWT', [str(sign(fromJson({ exp: NOW_S, aud: 'x' })))]),
          'verify',
          [fromJson({ aud: ['y'] }), str('HS256'), str('secret')],
          ctx,
        ),
      'Invalid JWT verify InvalidAudience',
    ],
    [
      'verify with a bad rule',
      () =>
        method(call('JWT', [str(JWT_IO)]), 'verify', [
          fromJson({ iss: 1 }),
          str('HS256'),
          str('k'),
        ]),
      "JWT Validation 'iss' must be of type String",
    ],
    [
      'header values must be strings',
      () => sign(fromJson({}), 'HS256', 'k', fromJson({ kid: 1 })),
      "JWT Headers 'kid' must be of type String",
    ],
  ];
  it.each(failures)('%s', (_name, run, message) => {
    expect(failure(run)).toBe(message);
  });

  it('expiry within leeway passes; validate_exp = false skips it', () => {
    expect(json(decode(sign(fromJson({ exp: NOW_S - 59 }))))).toMatchObject({
      payload: { exp: NOW_S - 59 },
    });
    const old = sign(fromJson({ exp: 1 }));
    const rules = fromJson({ validate_exp: false });
    expect(
      json(method(call('JWT', [str(old)]), 'verify', [rules, str('HS256'), str('secret')], ctx)),
    ).toMatchObject({
      payload: { exp: 1 },
    });
  });
});
