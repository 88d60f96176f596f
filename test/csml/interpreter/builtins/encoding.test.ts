import { describe, expect, it } from 'vitest';
import { int, str } from '../../../../src/csml/interpreter/value.js';
import { call, failure, method, said } from './run.js';

describe('Base64 and Hex (conformance: base64_0, hex_0)', () => {
  const cases: [string, string, string, string][] = [
    ['base64/base64_0', 'Base64', 'Hello World', 'SGVsbG8gV29ybGQ='],
    ['hex/hex_0', 'Hex', 'Hello World', '48656c6c6f20576f726c64'],
    ['Base64 of UTF-8', 'Base64', 'é😀', 'w6nwn5iA'],
    ['Hex of UTF-8', 'Hex', 'é', 'c3a9'],
    ['Base64 of nothing', 'Base64', '', ''],
  ];
  it.each(cases)('%s', (_name, builtin, text, encoded) => {
    expect(said(method(call(builtin, [str(text)]), 'encode')).content).toEqual({ text: encoded });
    expect(said(method(call(builtin, [str(encoded)]), 'decode')).content).toEqual({ text });
  });

  it('wraps the text with its content type', () => {
    expect(said(call('Base64', [str('a')]))).toEqual({
      content_type: 'base64',
      content: { string: 'a' },
    });
    expect(said(call('Hex', [str('a')]))).toEqual({
      content_type: 'hex',
      content: { string: 'a' },
    });
  });

  it('Base64 decoding accepts missing padding and refuses other alphabets', () => {
    expect(said(method(call('Base64', [str('SGk')]), 'decode')).content).toEqual({ text: 'Hi' });
    expect(failure(() => method(call('Base64', [str('SGk*')]), 'decode'))).toBe(
      "Base64 invalid value: SGk*, can't be decode",
    );
  });

  it('Hex decoding wants pairs of hex digits, any case', () => {
    expect(said(method(call('Hex', [str('4A4b')]), 'decode')).content).toEqual({ text: 'JK' });
    expect(failure(() => method(call('Hex', [str('abc')]), 'decode'))).toBe(
      "Hex invalid value: abc, can't be decode",
    );
  });

  it('wants a string', () => {
    expect(failure(() => call('Base64', [int(1)]))).toBe(
      'Base64 builtin expects one argument of type string. Example: Base64("text")',
    );
  });
});
