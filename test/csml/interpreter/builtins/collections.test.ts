import { describe, expect, it } from 'vitest';
import { array, bool, float, int, str } from '../../../../src/csml/interpreter/value.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import type { Json } from '../../../../src/csml/json.js';
import { context, fakeHost } from './fake-host.js';
import { call, failure, json, said } from './run.js';

const LENGTH_USAGE =
  'Length builtin expects one value of type Array or String. Example: Length( value )';
const FIND_USAGE =
  'Find builtin expects \'in\' param to be of type String. Example: Find(value, in = "hola", case_sensitive = true)';

describe('Length, Find, Floor, Random (conformance: length, find, random)', () => {
  const cases: [string, () => Value, Json][] = [
    ['length/ok_length: Length("Hello")', () => call('Length', [str('Hello')]), { text: '5' }],
    [
      'length/ok_length_1: Length(["Hello", "World"])',
      () => call('Length', [array([str('Hello'), str('World')])]),
      { text: '2' },
    ],
    ['Length counts UTF-8 bytes', () => call('Length', [str('😀é')]), { text: '6' }],
    [
      'find/ok_find',
      () => call('Find', [str('plop')], [['in', str('test hola plop')]]),
      { text: 'true' },
    ],
    [
      'find/ok_find_step1',
      () =>
        call(
          'Find',
          [str('plop ')],
          [
            ['in', str('Plop')],
            ['case', bool(true)],
          ],
        ),
      { text: 'false' },
    ],
    [
      'Find ignores case',
      () => call('Find', [str('PLOP')], [['in', str('a plop')]]),
      { text: 'true' },
    ],
    ['Find positional', () => call('Find', [str('b'), str('abc')]), { text: 'true' }],
    [
      'Find case_sensitive = true (Parley)',
      () =>
        call(
          'Find',
          [str('PLOP')],
          [
            ['in', str('a plop')],
            ['case_sensitive', bool(true)],
          ],
        ),
      { text: 'false' },
    ],
    ['Floor(4.7)', () => call('Floor', [float(4.7)]), { text: '4' }],
    ['Floor(-1.5)', () => call('Floor', [float(-1.5)]), { text: '-2' }],
  ];
  it.each(cases)('%s', (_name, run, content) => {
    expect(said(run()).content).toEqual(content);
  });

  const errors: [string, () => Value, string][] = [
    ['length/ok_length_2: Length(42)', () => call('Length', [int(42)]), LENGTH_USAGE],
    ['Length()', () => call('Length'), LENGTH_USAGE],
    ['Find without in', () => call('Find', [str('a')], [['case', bool(true)]]), FIND_USAGE],
    ['Find in a number', () => call('Find', [str('a')], [['in', int(1)]]), FIND_USAGE],
    [
      'Floor(4) is not a float',
      () => call('Floor', [int(4)]),
      'Floor builtin expects one argument of type float. Example: Floor(4.2)',
    ],
    [
      'OneOf([])',
      () => call('OneOf', [array([])]),
      'OneOf builtin expects one value of type Array. Example: OneOf( [1, 2, 3] )',
    ],
    [
      'Shuffle("a")',
      () => call('Shuffle', [str('a')]),
      'Shuffle builtin expects one value of type Array. Example: Shuffle( [1, 2, 3] )',
    ],
  ];
  it.each(errors)('%s', (_name, run, message) => {
    expect(failure(run)).toBe(message);
  });

  it('random/ok_random: Random() is a float in [0, 1) from the host', () => {
    const value = call('Random', [], [], context(fakeHost(7)));
    expect(value.kind).toBe('float');
    const n = value.kind === 'float' ? value.value : -1;
    expect(n).toBeGreaterThanOrEqual(0);
    expect(n).toBeLessThan(1);
    expect(call('Random', [], [], context(fakeHost(7)))).toEqual(value);
  });
});

describe('OneOf and Shuffle draw from the host', () => {
  const items = (): Value => array([1, 2, 3, 4, 5].map((n) => int(n)));

  it('OneOf picks an element, the same one for the same seed', () => {
    const first = call('OneOf', [items()], [], context(fakeHost(1)));
    expect([1, 2, 3, 4, 5]).toContain(json(first));
    expect(call('OneOf', [items()], [], context(fakeHost(1)))).toEqual(first);
  });

  it('Shuffle returns a permutation, deterministic per seed, leaving its argument alone', () => {
    const input = items();
    const shuffled = call('Shuffle', [input], [], context(fakeHost(3)));
    expect((json(shuffled) as number[]).slice().sort()).toEqual([1, 2, 3, 4, 5]);
    expect(json(input)).toEqual([1, 2, 3, 4, 5]);
    expect(call('Shuffle', [items()], [], context(fakeHost(3)))).toEqual(shuffled);
    const seeds = new Set(
      [1, 2, 3, 4, 5, 6].map((s) =>
        JSON.stringify(json(call('Shuffle', [items()], [], context(fakeHost(s))))),
      ),
    );
    expect(seeds.size).toBeGreaterThan(1);
  });
});
