import { describe, expect, it } from 'vitest';
import { int, str } from '../../../../src/csml/interpreter/value.js';
import { call, failure, json, method } from './run.js';

const FOX = 'The quick brown fox jumps over the lazy dog';

describe('Crypto', () => {
  const hashes: [string, string, string][] = [
    ['md5', 'abc', '900150983cd24fb0d6963f7d28e17f72'],
    ['SHA1', 'abc', 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha256', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sha3_256', 'abc', '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532'],
    ['SHA3_224', '', '6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7'],
  ];
  it.each(hashes)('create_hash(%s) of %j', (alg, text, hex) => {
    const hash = method(call('Crypto', [str(text)]), 'create_hash', [str(alg)]);
    expect(hash.contentType).toBe('crypto');
    expect(json(method(hash, 'digest', [str('hex')]))).toBe(hex);
    expect(json(method(hash, 'digest', [str('base64')]))).toBe(
      Buffer.from(hex, 'hex').toString('base64'),
    );
  });

  it('create_hmac(sha256, key)', () => {
    const hmac = method(call('Crypto', [str(FOX)]), 'create_hmac', [str('sha256'), str('key')]);
    expect(json(method(hmac, 'digest', [str('hex')]))).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });

  it('the hash is an array of bytes', () => {
    const hash = method(call('Crypto', [str('abc')]), 'create_hash', [str('md5')]);
    expect((json(hash) as { hash: number[] }).hash.slice(0, 3)).toEqual([0x90, 0x01, 0x50]);
  });

  const errors: [string, () => unknown, string][] = [
    [
      'unknown algorithm',
      () => method(call('Crypto', [str('a')]), 'create_hash', [str('Sha256')]),
      "'Sha256' Invalid Algorithm, supported Algorithms are md5 sha1 sha256 sha384 sha512",
    ],
    [
      'not a string',
      () => method(call('Crypto', [int(1)]), 'create_hash', [str('md5')]),
      'Crypto(string) command expect argument of type String',
    ],
    [
      'hmac key',
      () => method(call('Crypto', [str('a')]), 'create_hmac', [str('md5'), int(1)]),
      'HMAC key need to be of type string',
    ],
    [
      'digest encoding',
      () =>
        method(method(call('Crypto', [str('a')]), 'create_hash', [str('md5')]), 'digest', [
          str('hex2'),
        ]),
      "'hex2' Invalid Digest Algorithm, supported Algorithms are hex, base64",
    ],
    [
      'digest before hashing',
      () => method(call('Crypto', [str('a')]), 'digest', [str('hex')]),
      "Invalid argument, '.digest' is use incorrectly",
    ],
  ];
  it.each(errors)('%s', (_name, run, message) => {
    expect(failure(run)).toBe(message);
  });
});
