import { describe, expect, it } from 'vitest';
import { NATIVE_COMPONENTS } from '../../../src/csml/components/native.js';
import type { ComponentSchema } from '../../../src/csml/components/schema.js';
import { buildComponent } from '../../../src/csml/interpreter/components.js';
import { CsmlError } from '../../../src/csml/interpreter/errors.js';
import { fromJson, toMessage } from '../../../src/csml/interpreter/format.js';
import { array, float, int, nullValue, str } from '../../../src/csml/interpreter/value.js';
import type { Value } from '../../../src/csml/interpreter/value.js';
import type { Json } from '../../../src/csml/json.js';
import { callArgs } from './builtins/fake-host.js';

function native(name: string, positional: Value[], named: [string, Value][] = []): Value {
  const schema = NATIVE_COMPONENTS[name];
  if (!schema) throw new Error(`no component ${name}`);
  return buildComponent(name, schema, callArgs(positional, named), name.toLowerCase());
}

function custom(
  schema: Json,
  positional: Value[],
  named: [string, Value][] = [],
  name = 'Button',
): Value {
  return buildComponent(
    name,
    schema as unknown as ComponentSchema,
    callArgs(positional, named),
    `Component.${name.toLowerCase()}`,
  );
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof CsmlError) return e.message;
    throw e;
  }
  return 'no error';
}

const b1 = (): Value => native('Button', [str('b1')]);
const b1Content = { title: 'b1', payload: 'b1', accepts: ['b1', 'b1'] };

describe('native components (conformance: text, url, audio, video, typing, wait, question, carousel)', () => {
  const cases: [string, () => Value, Json][] = [
    [
      'text/ok_text',
      () => native('Text', [str('Hola')]),
      { content_type: 'text', content: { text: 'Hola' } },
    ],
    [
      'text/ok_text_step2',
      () => native('Text', [str('')]),
      { content_type: 'text', content: { text: '' } },
    ],
    [
      'typing/typing_1',
      () => native('Typing', [int(10)]),
      { content_type: 'typing', content: { duration: 10 } },
    ],
    [
      'wait/wait_1',
      () => native('Wait', [int(10)]),
      { content_type: 'wait', content: { duration: 10 } },
    ],
    [
      'url/ok_url',
      () => native('Url', [str('test')]),
      { content_type: 'url', content: { url: 'test', text: 'test', title: 'test' } },
    ],
    [
      'url/ok_url_step1',
      () => native('Url', [], [['url', str('test')]]),
      { content_type: 'url', content: { url: 'test', text: 'test', title: 'test' } },
    ],
    [
      'url/ok_url_step2',
      () =>
        native(
          'Url',
          [],
          [
            ['url', str('test')],
            ['text', str('plop')],
          ],
        ),
      { content_type: 'url', content: { url: 'test', text: 'plop', title: 'test' } },
    ],
    [
      'url/ok_url_step3',
      () =>
        native(
          'Url',
          [],
          [
            ['url', str('test')],
            ['text', str('plop')],
            ['title', str('rand')],
          ],
        ),
      { content_type: 'url', content: { url: 'test', text: 'plop', title: 'rand' } },
    ],
    [
      'audio/ok_audio',
      () => native('Audio', [str('test')]),
      { content_type: 'audio', content: { url: 'test' } },
    ],
    [
      'audio/ok_audio_step2',
      () => native('Audio', [str('test')], [['service', str('youtube')]]),
      { content_type: 'audio', content: { url: 'test', service: 'youtube' } },
    ],
    [
      'video/ok_video_step3',
      () =>
        native(
          'Video',
          [],
          [
            ['url', str('test')],
            ['service', str('youtube')],
          ],
        ),
      { content_type: 'video', content: { url: 'test', service: 'youtube' } },
    ],
    [
      'question/ok_button',
      () =>
        native(
          'Button',
          [str('hello')],
          [
            ['accepts', array([str('toto')])],
            ['button_type', str('quick_button')],
            ['payload', str('test')],
          ],
        ),
      {
        content_type: 'button',
        content: {
          title: 'hello',
          payload: 'test',
          accepts: ['toto', 'hello', 'test'],
          button_type: 'quick_button',
        },
      },
    ],
    [
      'question/ok_question',
      () =>
        native(
          'Question',
          [],
          [
            ['title', str('title')],
            ['buttons', array([b1(), native('Button', [str('b2')])])],
          ],
        ),
      {
        content_type: 'question',
        content: {
          title: 'title',
          buttons: [
            { content_type: 'button', content: b1Content },
            {
              content_type: 'button',
              content: { title: 'b2', payload: 'b2', accepts: ['b2', 'b2'] },
            },
          ],
        },
      },
    ],
    [
      'question/ok_question_step2',
      () => native('Question', [], [['buttons', array([b1()])]]),
      {
        content_type: 'question',
        content: { buttons: [{ content_type: 'button', content: b1Content }] },
      },
    ],
    [
      'carousel/ok_card',
      () => {
        const button = native(
          'Button',
          [str('b1')],
          [
            ['theme', str('primary')],
            ['icon', str('info')],
          ],
        );
        return native(
          'Card',
          [str('c1')],
          [
            ['image_url', str('url')],
            ['buttons', array([button])],
          ],
        );
      },
      {
        content_type: 'card',
        content: {
          title: 'c1',
          image_url: 'url',
          buttons: [
            { content_type: 'button', content: { ...b1Content, theme: 'primary', icon: 'info' } },
          ],
        },
      },
    ],
    [
      'carousel/ok_carousel',
      () =>
        native(
          'Carousel',
          [],
          [['cards', array([native('Card', [str('c1')], [['buttons', array([b1()])]])])]],
        ),
      {
        content_type: 'carousel',
        content: {
          cards: [
            {
              content_type: 'card',
              content: { title: 'c1', buttons: [{ content_type: 'button', content: b1Content }] },
            },
          ],
        },
      },
    ],
    [
      'carousel/ok_carousel_step1 (positional)',
      () => native('Carousel', [array([])]),
      { content_type: 'carousel', content: { cards: [] } },
    ],
    [
      'Parley Disconnect',
      () => native('Disconnect', []),
      { content_type: 'disconnect', content: {} },
    ],
    [
      'Parley Escalate',
      () => native('Escalate', [str('billing')]),
      { content_type: 'escalate', content: { reason: 'billing' } },
    ],
  ];
  it.each(cases)('%s', (_name, build, expected) => {
    expect(toMessage(build())).toEqual(expected);
  });

  it('Text gives the string itself, content type text', () => {
    const value = native('Text', [str('Hola')]);
    expect(value).toMatchObject({ kind: 'string', value: 'Hola', contentType: 'text' });
  });

  it('numbers keep int or float through ⊕ 0', () => {
    const duration = (value: Value): Value | undefined =>
      value.kind === 'object' ? value.entries.get('duration') : undefined;
    expect(duration(native('Typing', [float(2.5)]))).toEqual(float(2.5));
    expect(duration(native('Wait', [float(2)]))).toEqual(float(2));
    expect(duration(native('Wait', [int(2)]))).toEqual(int(2));
  });

  const errors: [string, () => Value, string][] = [
    ['typing/typing_0', () => native('Typing', []), 'duration is a required parameter'],
    ['wait/wait_0', () => native('Wait', []), 'duration is a required parameter'],
    [
      'Text(5)',
      () => native('Text', [int(5)]),
      'Type Error expecting String type but Number type was found',
    ],
    [
      'Text(null)',
      () => native('Text', [nullValue()]),
      'Type Error expecting String type but Null type was found',
    ],
    [
      'Button({})',
      () => native('Button', [fromJson({})]),
      'Type Error expecting String type but Object type was found',
    ],
    ['too many positional', () => native('Image', [str('a'), str('b')]), 'to many arguments'],
    [
      'Question without buttons',
      () => native('Question', [str('t')]),
      'buttons is a required parameter',
    ],
  ];
  it.each(errors)('%s', (_name, build, message) => {
    expect(errorOf(build)).toBe(message);
  });
});

describe('custom components (conformance: generic_component)', () => {
  const foo = fromJson({ param_0: 'foo' });
  const bar = fromJson({ param_1: 'bar' });
  const withArgs = (schema: Json): Value => custom(schema, [foo], [['bar', bar]]);

  const cases: [string, Json, () => Json, Json][] = [
    ['empty', {}, () => ({}), {}],
    [
      'default',
      { params: [{ title: { required: false, type: 'Object', default_value: [] } }] },
      () => ({}),
      {},
    ],
    [
      'test_all',
      {
        params: [
          {
            foo: {
              required: true,
              type: 'Object',
              default_value: [],
              add_value: [{ $_set: { Hello: 'World' } }, { $_get: 'bar' }],
            },
          },
          { bar: { type: 'Object', default_value: [], add_value: [{ $_get: 'baz' }] } },
          {
            baz: {
              required: false,
              type: 'Object',
              default_value: [],
              add_value: [{ $_set: { Goodbye: 'World' } }, { $_set: { Morning: 'World' } }],
            },
          },
        ],
      },
      () => ({ with: true }),
      {
        foo: { param_0: 'foo', param_1: 'bar', Hello: 'World', Goodbye: 'World', Morning: 'World' },
        bar: { param_1: 'bar', Goodbye: 'World', Morning: 'World' },
        baz: { Goodbye: 'World', Morning: 'World' },
      },
    ],
    [
      'default_set',
      {
        params: [
          {
            title: {
              required: false,
              type: 'Object',
              default_value: [{ $_set: { hello: 'world' } }],
            },
          },
        ],
      },
      () => ({}),
      { title: { hello: 'world' } },
    ],
    [
      'default_get',
      {
        params: [
          { title: { required: false, type: 'Object', default_value: [{ $_get: 'payload' }] } },
          {
            payload: {
              required: false,
              type: 'Object',
              default_value: [{ $_set: { hello: 'world' } }],
            },
          },
        ],
      },
      () => ({}),
      { title: { hello: 'world' }, payload: { hello: 'world' } },
    ],
    [
      'default_multiple_get',
      {
        params: [
          {
            title: {
              required: false,
              type: 'Object',
              default_value: [{ $_get: 'payload' }, { $_get: 'payload' }],
            },
          },
          {
            payload: {
              required: false,
              type: 'Object',
              default_value: [{ $_set: { hello: 'world' } }],
            },
          },
        ],
      },
      () => ({}),
      { title: { hello: 'world' }, payload: { hello: 'world' } },
    ],
    [
      'default_add_value',
      {
        params: [
          {
            title: {
              required: false,
              type: 'Object',
              default_value: [],
              add_value: [{ $_set: { hello: 'world' } }],
            },
          },
        ],
      },
      () => ({}),
      { title: { hello: 'world' } },
    ],
    [
      'default_add_value_empty',
      { params: [{ title: { type: 'Object', default_value: [], add_value: [] } }] },
      () => ({}),
      {},
    ],
    [
      'parameter',
      {
        params: [
          { foo: { required: true, type: 'Object', default_value: [], add_value: [] } },
          { bar: { required: false, type: 'Object', default_value: [], add_value: [] } },
        ],
      },
      () => ({ with: true }),
      { foo: { param_0: 'foo' }, bar: { param_1: 'bar' } },
    ],
    [
      'parameter_multiple',
      {
        params: [
          { foo: { type: 'Object', default_value: [], add_value: [{ $_get: 'baz' }] } },
          { bar: { required: true, type: 'Object', default_value: [], add_value: [] } },
          { baz: { type: 'Object', default_value: [], add_value: [{ $_set: { Hello: 42 } }] } },
        ],
      },
      () => ({ with: true }),
      { foo: { param_0: 'foo', Hello: 42 }, bar: { param_1: 'bar' }, baz: { Hello: 42 } },
    ],
  ];
  it.each(cases)('%s', (_name, schema, mode, content) => {
    const value = 'with' in (mode() as object) ? withArgs(schema) : custom(schema, []);
    expect(toMessage(value)).toEqual({ content_type: 'Component.button', content });
  });

  const failures: [string, Json, boolean, string][] = [
    [
      'missing_type',
      { params: [{ foo: { default_value: [], add_value: [] } }] },
      true,
      'type value must exist on all keys',
    ],
    [
      'illegal_operation_default',
      { params: [{ foo: { type: 'Object', default_value: [{ $_set: 'Hello' }], add_value: [] } }] },
      false,
      'Type Error expecting String type but Object type was found',
    ],
    [
      'illegal_operation_add',
      { params: [{ foo: { type: 'Object', default_value: [], add_value: [{ $_set: 'Hello' }] } }] },
      true,
      'Type Error expecting String type but Object type was found',
    ],
    [
      'illegal_operation_parameter',
      { params: [{ foo: { required: true, type: 'String', default_value: [], add_value: [] } }] },
      true,
      'Type Error expecting String type but Object type was found',
    ],
    [
      'circular_dependencie_on_other_key_default',
      {
        params: [
          { foo: { type: 'Object', default_value: [{ $_get: 'bar' }], add_value: [] } },
          { bar: { type: 'Object', default_value: [{ $_get: 'foo' }], add_value: [] } },
        ],
      },
      false,
      'GENERIC_COMPONENT_CIRCULAR_DEPENDENCY',
    ],
    [
      'circular_dependencie_on_self_default',
      { params: [{ foo: { type: 'Object', default_value: [{ $_get: 'foo' }], add_value: [] } }] },
      false,
      'GENERIC_COMPONENT_CIRCULAR_DEPENDENCY',
    ],
    [
      'circular_dependencie_on_other_key_add',
      {
        params: [
          { foo: { type: 'Object', default_value: [], add_value: [{ $_get: 'bar' }] } },
          { bar: { type: 'Object', default_value: [], add_value: [{ $_get: 'foo' }] } },
        ],
      },
      true,
      'GENERIC_COMPONENT_CIRCULAR_DEPENDENCY',
    ],
    [
      'circular_dependencie_on_self_add',
      { params: [{ foo: { type: 'Object', default_value: [], add_value: [{ $_get: 'foo' }] } }] },
      false,
      'GENERIC_COMPONENT_CIRCULAR_DEPENDENCY',
    ],
    [
      'missing_parameter',
      { params: [{ foo: { required: true, type: 'Object', default_value: [], add_value: [] } }] },
      false,
      'foo is a required parameter',
    ],
    [
      'unknown type',
      { params: [{ foo: { type: 'Date', default_value: [{ $_set: 1 }] } }] },
      false,
      "type 'Date' is unknown",
    ],
    [
      'two keys in one parameter',
      { params: [{ foo: { type: 'Object' }, bar: { type: 'Object' } }] },
      false,
      'invalid generic component Button, multiple keys are no allowed for single argument ["foo", "bar"]',
    ],
  ];
  it.each(failures)('%s', (_name, schema, given, message) => {
    expect(errorOf(() => (given ? withArgs(schema) : custom(schema, [])))).toBe(message);
  });

  it('extra named arguments keep their content type; positional arguments beyond the schema fail', () => {
    const schema: Json = { params: [{ foo: { type: 'String' } }] };
    const value = custom(schema, [str('a')], [['icon', native('Image', [str('u')])]]);
    expect(toMessage(value)).toEqual({
      content_type: 'Component.button',
      content: { foo: 'a', icon: { content_type: 'image', content: { url: 'u' } } },
    });
    expect(errorOf(() => custom(schema, [str('a'), str('b')]))).toBe('to many arguments');
  });

  const merges: [string, Json, Json] = [
    'array ⊕ string appends',
    { params: [{ tags: { type: 'Array', add_value: [{ $_set: 'x' }, { $_set: ['y'] }] } }] },
    { tags: ['a', 'x', 'y'] },
  ];
  it(merges[0], () => {
    expect(toMessage(custom(merges[1], [array([str('a')])])).content).toEqual(merges[2]);
  });

  it('numbers: int + int stays int, overflow is an error, bools or', () => {
    const schema: Json = {
      params: [
        { n: { type: 'Number', add_value: [{ $_set: 1 }] } },
        { b: { type: 'Bool', add_value: [{ $_set: true }] } },
      ],
    };
    expect(toMessage(custom(schema, [int(41)])).content).toEqual({ n: 42, b: true });
    expect(errorOf(() => custom(schema, [int(2n ** 63n - 1n)]))).toBe(
      'Illegal operation: overflow',
    );
  });
});
