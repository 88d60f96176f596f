/**
 * Cross-check with the reference engine's expectations: for `say x.method()` lines of the
 * conformance flows (stdlib/*.csml, object.csml), the message of our method's result must be
 * the message the case file expects; for `first_message_is_error` cases, the method must fail.
 */
import { describe, expect, it } from 'vitest';

import { CsmlError } from '../../../../src/csml/interpreter/errors.js';
import { displayText, toMessage } from '../../../../src/csml/interpreter/format.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import { conformanceForTests, loadCategories } from '../../../conformance/cases.js';
import type { CaseMessage } from '../../../conformance/cases.js';
import { call, closure, v } from './helpers.js';

const { i, s, a, o } = v;
const ints = (...ns: number[]): Value => a(...ns.map((n) => i(n)));
const text = (value: Value): Value => s(displayText(value));
const int = (value: Value): bigint => (value.kind === 'int' ? value.value : 0n);

/** The first item of an array (what a `foreach` says first). */
function first(list: Value): Value {
  return list.kind === 'array' ? (list.items[0] ?? v.null()) : list;
}

/** The receiver after a mutating call. */
function after(receiver: Value, name: string, args: Value[]): Value {
  call(receiver, name, args);
  return receiver;
}

/** `[case name, message index, the value said]`. */
const said: [string, number, () => Value][] = [
  ['string_step_0', 0, () => call(s('Hello '), 'append', [s('World')])],
  ['string_step_0', 1, () => call(s('Hello World'), 'to_uppercase')],
  ['string_step_0', 2, () => call(s('HELLO WORLD'), 'to_lowercase')],
  ['string_step_1', 0, () => call(s('Hello'), 'contains', [s('H')])],
  ['string_step_1', 1, () => call(s('Hello'), 'contains', [s('Hello')])],
  ['string_step_1', 2, () => call(s('Hello'), 'contains_regex', [s('(?i)He')])],
  ['string_step_2', 0, () => call(s('Hello'), 'starts_with_regex', [s('(?i)He')])],
  ['string_step_2', 1, () => call(s('Hello'), 'ends_with', [s('o')])],
  ['string_step_2', 2, () => call(s('Hello'), 'starts_with', [s('el')])],
  ['string_step_2', 3, () => call(s('Hello'), 'starts_with', [s('O')])],
  ['string_step_2', 4, () => call(s('Hello'), 'ends_with_regex', [s('[l]')])],
  ['string_step_3', 0, () => call(s('Hello'), 'contains', [s('H')])],
  ['string_step_4', 0, () => text(call(s('Hello'), 'split', [s('A')]))],
  ['string_step_4', 1, () => text(call(s('Hello'), 'split', [s('H')]))],
  ['string_step_4', 2, () => text(call(s('Hello'), 'split', [s('l')]))],
  ['string_step_4', 3, () => text(call(s('Hello'), 'split', [s('ll')]))],
  ['string_step_4', 4, () => text(call(s('Hello'), 'split', [s('o')]))],
  ['string_step_5', 0, () => call(s('😃Hello World'), 'slice', [i(1)])],
  ['string_step_5', 1, () => call(s('😃Hello World'), 'slice', [i(1), i(6)])],
  ['string_step_6', 0, () => call(s('hello World'), 'capitalize')],
  ['string_step_11', 0, () => call(s('H'), 'is_number')],
  ['string_step_12_slice', 0, () => call(s('Hello World'), 'slice', [i(0), i(3)])],
  ['string_step_13_to_string', 0, () => call(s('"4"'), 'to_string')],
  [
    'string_step_15_xml',
    0,
    () =>
      call(call(s('<Item><name>Banana</name><source>Store</source></Item>'), 'to_json'), 'to_xml'),
  ],
  ['string_step_16_yaml', 0, () => call(call(s('---\nx: 1.0\ny: 2.0'), 'to_json'), 'to_yaml')],
  [
    'string_step_17_uri',
    0,
    () => call(s('https://mozilla.org/?key=ы&key2=value2#fragid1=1,4,ы,6'), 'encode_uri'),
  ],
  [
    'string_step_17_uri',
    1,
    () =>
      call(
        call(s('https://mozilla.org/?key=ы&key2=value2#fragid1=1,4,ы,6'), 'encode_uri'),
        'decode_uri',
      ),
  ],
  ['string_step_18_html_escape', 0, () => call(s('<a><b>42</b></a>'), 'encode_html_entities')],
  ['string_step_18_html_escape', 1, () => call(s('<a><b>42</b></a>'), 'decode_html_entities')],
  ['array_step_1', 0, () => call(ints(42), 'pop')],
  ['array_step_1', 1, () => after(ints(42), 'pop', [])],
  ['array_step_2', 0, () => call(ints(42), 'is_empty')],
  ['array_step_2', 1, () => call(ints(), 'is_empty')],
  ['array_step_3', 0, () => call(after(ints(42), 'insert_at', [i(0), i(24)]), 'length')],
  ['array_step_9', 0, () => call(ints(), 'join', [s(',')])],
  ['array_step_10', 0, () => call(ints(1), 'join', [s(',')])],
  ['array_step_11', 0, () => call(ints(1, 2), 'join', [s(',')])],
  ['array_index_of_0', 0, () => call(ints(1, 2), 'index_of', [i(3)])],
  ['array_index_of_1', 0, () => call(ints(1, 2), 'index_of', [i(2)])],
  ['array_index_of_2', 0, () => call(a(i(1), i(2), ints(1, 2)), 'index_of', [ints(1, 2)])],
  ['array_find_0', 0, () => call(ints(1, 2), 'find', [i(3)])],
  ['array_find_1', 0, () => call(ints(1, 2, 3, 4, 5, 2), 'find', [i(2)])],
  [
    'array_find_2',
    0,
    () => call(a(i(1), o({ obj: s('42') }), i(2), ints(1, 2)), 'find', [o({ obj: s('42') })]),
  ],
  ['array_map', 0, () => call(ints(1, 2), 'map', [closure(['x'], (x) => i(int(x) + 1n))])],
  [
    'array_reduce',
    0,
    () =>
      call(ints(1, 2, 3), 'reduce', [i(4), closure(['acc', 'val'], (x, y) => i(int(x) + int(y)))]),
  ],
  [
    'array_filter',
    0,
    () => call(ints(1, 2, 3, 4, 5), 'filter', [closure(['x'], (x) => v.b(int(x) % 2n === 1n))]),
  ],
  [
    'array_map_index',
    0,
    () => call(ints(1, 2, 3, 4, 5), 'map', [closure(['x', 'index'], (_x, n) => n)]),
  ],
  [
    'array_filter_index',
    0,
    () => call(ints(34, 232), 'filter', [closure(['x', 'index'], () => i(1))]),
  ],
  [
    'array_reduce_index',
    0,
    () =>
      call(ints(1, 2, 3), 'reduce', [i(0), closure(['x', 'index'], (x, y) => i(int(x) + int(y)))]),
  ],
  ['object_step_1', 0, () => call(o({}), 'contains', [s('42')])],
  [
    'object_step_1',
    1,
    () => call(after(o({}), 'insert', [s('42'), s('Hello')]), 'contains', [s('42')]),
  ],
  ['object_step_2', 0, () => call(o({}), 'remove', [s('42')])],
  ['object_step_3', 0, () => call(o({}), 'is_empty')],
  ['object_step_3', 1, () => call(o({}), 'length')],
  ['object_step_3', 2, () => call(o({ '42': s('Hello') }), 'is_empty')],
  ['object_step_3', 3, () => call(o({ '42': s('Hello') }), 'length')],
  [
    'object_step_4',
    0,
    () => call(after(o({}), 'insert', [s('toto'), s('tutu')]), 'contains', [s('toto')]),
  ],
  ['object_step_5', 0, () => call(o({}), 'keys')],
  ['object_step_5', 1, () => call(o({}), 'values')],
  [
    'object_step_8',
    1,
    () =>
      first(call(after(o({ Hello: s('Hello'), World: s('World') }), 'clear_values', []), 'values')),
  ],
  ['ok_step_7_assign', 0, () => after(o({ toto: i(42) }), 'assign', [o({ val: i(24) })])],
  ['int_step_0', 0, () => call(i(42), 'pow', [i(2)])],
  ['int_step_0', 1, () => call(call(i(42), 'pow', [i(2)]), 'type_of')],
  ['int_step_1', 0, () => call(i(42), 'pow', [v.f(2.2)])],
  ['int_step_1', 1, () => call(call(i(42), 'pow', [v.f(2.2)]), 'type_of')],
  ['int_step_2', 0, () => call(i(42), 'pow', [s('2.2')])],
  ['float_step_0', 0, () => call(v.f(42), 'pow', [i(2)])],
  ['float_step_0', 1, () => call(call(v.f(42), 'pow', [i(2)]), 'type_of')],
  ['float_step_1', 0, () => call(v.f(42), 'pow', [v.f(2.2)])],
  ['float_step_2', 0, () => call(v.f(100 / 3), 'floor')],
  ['string_step_0', 0, () => call(s('42'), 'pow', [i(2)])],
  ['string_step_0', 1, () => call(call(s('42'), 'pow', [i(2)]), 'type_of')],
  ['string_step_1', 0, () => call(s('42.0'), 'pow', [v.f(2.2)])],
  ['string_step_1', 1, () => call(call(s('42.0'), 'pow', [v.f(2.2)]), 'type_of')],
  ['ok_regex_0', 0, () => call(s('Hello'), 'match_regex', [s('[A-Z]')])],
  ['ok_regex_1', 0, () => call(s('hello'), 'match_regex', [s('[A-Z]')])],
  ['ok_regex_2', 0, () => call(s('Hello World'), 'match_regex', [s('[A-Z]')])],
  ['ok_regex_5', 0, () => call(s('Batman'), 'match_regex', [s('(?i)bat')])],
  [
    'ok_regex_6',
    0,
    () => call(s('Ceci est une question ? Oui ou non'), 'contains_regex', [s('[?]')]),
  ],
  ['ok_regex_7', 0, () => call(s('0123456789'), 'match_regex', [s('[0-3]')])],
  ['ok_regex_8', 0, () => call(s('Hel14lo'), 'match_regex', [s('[0-9]')])],
  ['ok_type_of_array', 0, () => call(a(), 'type_of')],
  ['ok_type_of_boolean', 0, () => call(v.b(true), 'type_of')],
  ['ok_type_of_float', 0, () => call(v.f(0.42), 'type_of')],
  ['ok_type_of_int', 0, () => call(i(0), 'type_of')],
  ['ok_type_of_null', 0, () => call(v.null(), 'type_of')],
  ['ok_type_of_object', 0, () => call(o({}), 'type_of')],
  ['ok_type_of_string', 0, () => call(s(''), 'type_of')],
];

/** `[case name, the failing call]` for `first_message_is_error` cases. */
const failing: [string, () => Value][] = [
  ['array_step_4', () => call(ints(), 'insert_at', [i(-1), i(42)])],
  ['array_step_5', () => call(ints(), 'insert_at', [i(1), i(42)])],
  ['array_step_6', () => call(ints(), 'remove_at', [i(-1)])],
  ['array_step_7', () => call(ints(), 'remove_at', [i(1)])],
  ['array_step_8', () => call(ints(), 'join')],
  ['object_step_0', () => call(o({}), 'insert', [i(42), s('Hello')])],
  ['ok_regex_3', () => call(s('Hello World'), 'match', [i(3)])],
  ['ok_regex_4', () => call(s('Hello World'), 'match')],
];

const FILES = ['string', 'array', 'object', 'object_lib', 'number', 'regex', 'type_of'];
const available = conformanceForTests('the method expectations of the conformance cases');

type Expectations = Map<string, { kind: string; messages: readonly CaseMessage[] }[]>;

/** Expected messages and kinds by case name (number.json reuses string.json's names). */
function expectations(): Expectations {
  const byName: Expectations = new Map();
  for (const category of loadCategories().filter((c) => FILES.includes(c.category))) {
    for (const c of category.cases) {
      if (c.kind !== 'interpret') continue;
      const messages = c.expect.kind === 'exact' ? c.expect.value.messages : [];
      byName.set(c.name, [...(byName.get(c.name) ?? []), { kind: c.expect.kind, messages }]);
    }
  }
  return byName;
}

describe.skipIf(!available)('conformance expectations for methods', () => {
  const expected: Expectations = available ? expectations() : (new Map() as Expectations);

  it.each(said)('%s message %i', (name, index, produce) => {
    const candidates = (expected.get(name) ?? []).map((e) => e.messages[index]);
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates).toContainEqual(toMessage(produce()));
  });

  it.each(failing)('%s fails', (name, produce) => {
    expect(expected.get(name)?.map((e) => e.kind)).toContain('first_message_is_error');
    expect(produce).toThrow(CsmlError);
  });
});
