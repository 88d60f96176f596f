import { describe, expect, it } from 'vitest';

import { CsmlError } from '../../../src/csml/interpreter/errors.js';
import {
  displayText,
  formatFloat,
  formatJsonFloat,
  fromJson,
  fromMemory,
  toJson,
  toMemory,
  toMessage,
} from '../../../src/csml/interpreter/format.js';
import {
  INT64_MAX,
  INT64_MIN,
  array,
  bool,
  errorNull,
  float,
  int,
  nullValue,
  object,
  str,
} from '../../../src/csml/interpreter/value.js';
import type { ClosureValue, Value } from '../../../src/csml/interpreter/value.js';
import type { Json } from '../../../src/csml/json.js';
import { stringifyJson } from '../../../src/csml/json.js';

const closure: ClosureValue = {
  kind: 'closure',
  contentType: 'closure',
  params: [{ name: 'a', span: { start: 0, end: 1 } }],
  body: { kind: 'Block', statements: [], braces: true, span: { start: 0, end: 0 } },
  captured: new Map(),
  flow: 'flow',
};

function obj(entries: [string, Value][], contentType = 'object'): Value {
  return object(new Map(entries), contentType);
}

const button = obj(
  [
    ['title', str('b1')],
    ['payload', str('b1')],
    ['accepts', array([str('b1'), str('b1')])],
  ],
  'button',
);

describe('formatFloat (Rust Display)', () => {
  // Expected texts printed by rustc 1.95 `format!("{}", x)`.
  it.each([
    [4.2, '4.2'],
    [21.333333333333332, '21.333333333333332'],
    [3, '3'],
    [1e21, '1000000000000000000000'],
    [1e-7, '0.0000001'],
    [-0, '-0'],
    [0, '0'],
    [NaN, 'NaN'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [0.1 + 0.2, '0.30000000000000004'],
    [123456789012345680000, '123456789012345680000'],
    [0.000001, '0.000001'],
    [-2.5, '-2.5'],
    [1e16, '10000000000000000'],
    [2 ** 53 + 1, '9007199254740992'],
    [1.5e300, '15' + '0'.repeat(299)],
    [5e-324, '0.' + '0'.repeat(323) + '5'],
  ])('%s → %s', (x, text) => {
    expect(formatFloat(x)).toBe(text);
  });
});

describe('formatJsonFloat (serde_json / ryu)', () => {
  it.each([
    [1, '1.0'],
    [-0, '-0.0'],
    [0, '0.0'],
    [4.2, '4.2'],
    [1e15, '1000000000000000.0'],
    [1234567890123456, '1234567890123456.0'],
    [1e16, '1e16'],
    [12345678901234568, '1.2345678901234568e16'],
    [1.5e300, '1.5e300'],
    [123.456, '123.456'],
    [0.0001, '0.0001'],
    [0.00001, '0.00001'],
    [0.000012345, '0.000012345'],
    [0.000001, '1e-6'],
    [1.5e-7, '1.5e-7'],
    [-2.5e-10, '-2.5e-10'],
    [5e-324, '5e-324'],
    [NaN, 'null'],
    [Infinity, 'null'],
  ])('%s → %s', (x, text) => {
    expect(formatJsonFloat(x)).toBe(text);
  });
});

describe('displayText', () => {
  it('prints scalars', () => {
    expect(displayText(nullValue())).toBe('Null');
    expect(displayText(bool(true))).toBe('true');
    expect(displayText(int(INT64_MIN))).toBe('-9223372036854775808');
    expect(displayText(float(2.5))).toBe('2.5');
    expect(displayText(float(2))).toBe('2');
    expect(displayText(str('hé "x"'))).toBe('hé "x"');
    expect(displayText(closure)).toBe('Null');
  });

  it('prints arrays and objects as compact JSON, floats as serde_json does', () => {
    expect(displayText(array([]))).toBe('[]');
    expect(displayText(object())).toBe('{}');
    expect(
      displayText(
        array([int(1), float(1), float(1e-7), str('a"\n\u0001'), nullValue(), bool(false)]),
      ),
    ).toBe('[1,1.0,1e-7,"a\\"\\n\\u0001",null,false]');
    expect(
      displayText(
        obj([
          ['b', float(2.5)],
          ['a', obj([['x', array([int(INT64_MAX)])]])],
        ]),
      ),
    ).toBe('{"b":2.5,"a":{"x":[9223372036854775807]}}');
    expect(displayText(array([float(NaN), closure]))).toBe('[null,{"_closure":null}]');
  });

  it('wraps nested values whose content type is not basic', () => {
    expect(displayText(array([button, str('t', 'text')]))).toBe(
      '[{"content_type":"button","content":{"title":"b1","payload":"b1","accepts":["b1","b1"]}},"t"]',
    );
    expect(displayText(button)).toBe('{"title":"b1","payload":"b1","accepts":["b1","b1"]}');
    expect(displayText(obj([['p', str('x', 'payload')]]))).toBe(
      '{"p":{"content_type":"payload","content":"x"}}',
    );
  });
});

describe('toJson', () => {
  it('gives numbers, bigints beyond 2^53, null for non-finite floats', () => {
    expect(toJson(int(42))).toBe(42);
    expect(toJson(int(2n ** 53n))).toBe(2n ** 53n);
    expect(toJson(int(-(2n ** 53n) + 1n))).toBe(-(2 ** 53) + 1);
    expect(toJson(float(1.5))).toBe(1.5);
    expect(toJson(float(-Infinity))).toBe(null);
    expect(toJson(closure)).toEqual({ _closure: null });
  });

  it('wraps nested components, not the value itself', () => {
    const question = obj(
      [
        ['title', str('t')],
        ['buttons', array([button])],
      ],
      'question',
    );
    expect(toJson(question)).toEqual({
      title: 't',
      buttons: [
        {
          content_type: 'button',
          content: { title: 'b1', payload: 'b1', accepts: ['b1', 'b1'] },
        },
      ],
    });
  });

  it('keeps a "__proto__" key as a key', () => {
    const json = toJson(obj([['__proto__', int(1)]]));
    expect(Object.keys(json as object)).toEqual(['__proto__']);
    expect(stringifyJson(json)).toBe('{"__proto__":1}');
  });
});

describe('toMessage', () => {
  it('says scalars as text', () => {
    expect(toMessage(str('Hola', 'text'))).toEqual({
      content_type: 'text',
      content: { text: 'Hola' },
    });
    expect(toMessage(int(5))).toEqual({ content_type: 'text', content: { text: '5' } });
    expect(toMessage(float(2.5))).toEqual({ content_type: 'text', content: { text: '2.5' } });
    expect(toMessage(float(3))).toEqual({ content_type: 'text', content: { text: '3' } });
    expect(toMessage(bool(true))).toEqual({ content_type: 'text', content: { text: 'true' } });
    expect(toMessage(errorNull('x'))).toEqual({ content_type: 'text', content: { text: null } });
  });

  it('says objects with their content type', () => {
    expect(toMessage(obj([['a', int(1)]]))).toEqual({ content_type: 'object', content: { a: 1 } });
    expect(toMessage(button)).toEqual({
      content_type: 'button',
      content: { title: 'b1', payload: 'b1', accepts: ['b1', 'b1'] },
    });
    const typing = obj([['duration', int(10)]], 'typing');
    expect(toMessage(typing)).toEqual({ content_type: 'typing', content: { duration: 10 } });
  });

  it('says arrays with first-level elements unwrapped, deeper components wrapped', () => {
    expect(toMessage(array([int(1), int(2)]))).toEqual({ content_type: 'array', content: [1, 2] });
    expect(toMessage(array([button, obj([['b', button]])]))).toEqual({
      content_type: 'array',
      content: [
        { title: 'b1', payload: 'b1', accepts: ['b1', 'b1'] },
        {
          b: {
            content_type: 'button',
            content: { title: 'b1', payload: 'b1', accepts: ['b1', 'b1'] },
          },
        },
      ],
    });
  });
});

describe('fromJson', () => {
  it('reads scalars; integers are ints, other numbers floats', () => {
    expect(fromJson(null)).toEqual(nullValue());
    expect(fromJson(true)).toEqual(bool(true));
    expect(fromJson('a')).toEqual(str('a'));
    expect(fromJson(5)).toEqual(int(5));
    expect(fromJson(-0)).toEqual(int(0));
    expect(fromJson(2.5)).toEqual(float(2.5));
    expect(fromJson(1e300)).toEqual(float(1e300));
    expect(fromJson(2n ** 60n)).toEqual(int(2n ** 60n));
    expect(fromJson(INT64_MIN)).toEqual(int(INT64_MIN));
  });

  it('refuses integers beyond int64', () => {
    expect(() => fromJson(INT64_MAX + 1n)).toThrow(
      new CsmlError('Number is larger than a 64-bit integer'),
    );
    expect(() => fromJson({ a: [INT64_MIN - 1n] })).toThrow(CsmlError);
  });

  it('keeps object key order and tags the top level with a content type', () => {
    const value = fromJson({ text: 'hi', z: 1, a: [1.5, { k: null }] }, 'text');
    expect(value.contentType).toBe('text');
    expect(value.kind).toBe('object');
    if (value.kind !== 'object') return;
    expect([...value.entries.keys()]).toEqual(['text', 'z', 'a']);
    expect(value.entries.get('a')).toEqual(array([float(1.5), obj([['k', nullValue()]])]));
  });

  it('round-trips through toJson', () => {
    const json: Json = { a: [1, 2.5, 'x', null, true, { b: 2n ** 62n }], c: {} };
    expect(toJson(fromJson(json))).toEqual(json);
  });
});

describe('memory format', () => {
  it('keeps scalars and arrays of scalars plain', () => {
    expect(toMemory(int(1))).toBe(1);
    expect(toMemory(int(INT64_MAX))).toBe(INT64_MAX);
    expect(toMemory(float(1.5))).toBe(1.5);
    expect(toMemory(str('a'))).toBe('a');
    expect(toMemory(nullValue())).toBe(null);
    expect(toMemory(array([int(1), array([bool(true)])]))).toEqual([1, [true]]);
  });

  it('wraps top-level objects and objects in top-level arrays', () => {
    expect(toMemory(object())).toEqual({ _content_type: 'object', _content: {} });
    expect(toMemory(array([obj([['a', int(1)]]), array([object()])]))).toEqual([
      { _content_type: 'object', _content: { a: 1 } },
      [{ _content_type: 'object', _content: {} }],
    ]);
  });

  it('keeps nested plain objects plain and wraps nested components again', () => {
    const value = obj(
      [
        ['o', obj([['x', array([object()])]])],
        ['b', button],
        ['t', str('hi', 'text')],
      ],
      'question',
    );
    expect(toMemory(value)).toEqual({
      _content_type: 'question',
      _content: {
        o: { x: [{}] },
        b: {
          _content_type: 'button',
          _content: { title: 'b1', payload: 'b1', accepts: ['b1', 'b1'] },
        },
        t: 'hi',
      },
    });
  });

  it('reads every wrapper back', () => {
    const value = array([
      obj(
        [
          ['o', obj([['x', int(1)]])],
          ['b', button],
        ],
        'card',
      ),
      int(2),
    ]);
    expect(fromMemory(toMemory(value))).toEqual(value);
    expect(fromMemory(toMemory(button))).toEqual(button);
    expect(fromMemory({ _content_type: 'text', _content: 'hi' })).toEqual(str('hi', 'text'));
  });

  it('writes and reads info with the _additional_info wrapper', () => {
    const value = errorNull('boom');
    expect(toMemory(value)).toBe(null);
    const json = toMemory(value, { withInfo: true });
    expect(json).toEqual({ _additional_info: { error: 'boom' }, value: null });
    expect(fromMemory(json)).toEqual(value);
    const http = { ...obj([['a', int(1)]]), info: { status: int(200), body: object() } };
    const httpJson = toMemory(http, { withInfo: true });
    expect(httpJson).toEqual({
      _additional_info: { status: 200, body: {} },
      value: { _content_type: 'object', _content: { a: 1 } },
    });
    expect(fromMemory(httpJson)).toEqual(http);
    expect(toMemory(int(1), { withInfo: true })).toBe(1);
  });

  it('gives null for malformed wrappers, as the reference does', () => {
    expect(fromMemory({ _additional_info: {} })).toEqual(nullValue());
    expect(fromMemory({ _additional_info: [], value: 1 })).toEqual(nullValue());
    expect(fromMemory({ _content_type: 1, _content: {} })).toEqual(nullValue());
    expect(fromMemory({ _content: {} })).toEqual(obj([['_content', object()]]));
  });

  it('stores closures through the given codec, else as null', () => {
    expect(toMemory(closure)).toEqual({ _closure: null });
    expect(fromMemory({ _closure: null })).toEqual(nullValue());
    const json = toMemory(array([closure]), { encodeClosure: (c) => c.params.length });
    expect(json).toEqual([{ _closure: 1 }]);
    expect(fromMemory(json, { decodeClosure: () => closure })).toEqual(array([closure]));
  });
});
