import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { MalformedJsonError, parseJsonBody } from '../../../src/api/json-body.js';
import { stringifyJson } from '../../../src/csml/json.js';
import type { Json } from '../../../src/csml/json.js';

describe('parseJsonBody', () => {
  it('keeps unsafe integers as bigints and the rest as JSON.parse does', () => {
    expect(
      parseJsonBody(
        '{"a":9007199254740993,"b":-12345678901234567890,"c":9007199254740991,"d":1.5e3,' +
          '"e":"12345678901234567890","f":[1e20, 1234567890123456.5]}',
      ),
    ).toEqual({
      a: 9007199254740993n,
      b: -12345678901234567890n,
      c: 9007199254740991,
      d: 1500,
      e: '12345678901234567890',
      f: [1e20, 1234567890123456.5],
    });
  });

  it('keeps digits inside strings, escaped quotes included', () => {
    expect(parseJsonBody('["a\\"12345678901234567890\\"", 12345678901234567890]')).toEqual([
      'a"12345678901234567890"',
      12345678901234567890n,
    ]);
  });

  it('lets duplicate keys resolve as JSON.parse does (the last wins)', () => {
    expect(parseJsonBody('{"a":1,"a":12345678901234567890}')).toEqual({ a: 12345678901234567890n });
  });

  it('does not take a client string for a marker', () => {
    expect(parseJsonBody('["\\u0000bigint:5", 12345678901234567890]')).toEqual([
      '\u0000bigint:5',
      12345678901234567890n,
    ]);
  });

  it('describes malformed JSON with positions of the original text', () => {
    expect(() => parseJsonBody('{"a":12345678901234567890,}')).toThrow(MalformedJsonError);
    try {
      parseJsonBody('{"a":12345678901234567890,}');
    } catch (error) {
      expect((error as Error).message).toMatch(/position 26/);
    }
  });

  it('round-trips with stringifyJson', () => {
    const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constant(null),
        fc.boolean(),
        fc.integer(),
        // An integral double beyond 2^53 is written as digits, which read back as a bigint.
        fc
          .double({ noNaN: true, noDefaultInfinity: true })
          .filter((d) => !Object.is(d, -0) && (!Number.isInteger(d) || Number.isSafeInteger(d))),
        fc
          .bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })
          .map((b) =>
            b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)
              ? b
              : Number(b),
          ),
        fc.string(),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(parseJsonBody(stringifyJson(value))).toEqual(value);
      }),
    );
  });
});
