import { describe, expect, it } from 'vitest';
import { errorNull, float, int, nullValue, str } from '../../../../src/csml/interpreter/value.js';
import { context, fakeHost, FIXED_NOW } from './fake-host.js';
import { call, failure, json, said } from './run.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const V1 = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('UUID (conformance: uuid ok_v1, ok_v4, ok_v4_no_arg)', () => {
  it.each([
    ['UUID()', [], V4],
    ['UUID("v4")', [str('v4')], V4],
    ['UUID("v1")', [str('v1')], V1],
  ] as const)('%s', (_name, args, pattern) => {
    const value = call('UUID', [...args]);
    expect(value.kind).toBe('string');
    expect(value.kind === 'string' && value.value).toMatch(pattern);
  });

  it('v1 carries the host clock: its timestamp decodes to the fixed now', () => {
    const value = json(call('UUID', [str('v1')])) as string;
    const [low, mid, hi] = value.split('-') as [string, string, string];
    const ticks =
      (BigInt(`0x${hi.slice(1)}`) << 48n) | (BigInt(`0x${mid}`) << 32n) | BigInt(`0x${low}`);
    expect(Number((ticks - 122_192_928_000_000_000n) / 10_000n)).toBe(FIXED_NOW);
  });

  it('is deterministic for a seeded host and refuses other versions', () => {
    expect(call('UUID', [], [], context(fakeHost(9)))).toEqual(
      call('UUID', [], [], context(fakeHost(9))),
    );
    const usage =
      'UUID builtin expects one optional argument of type String. Example: UUID("v4") or UUID("v1")';
    expect(failure(() => call('UUID', [str('v7')]))).toBe(usage);
    expect(failure(() => call('UUID', [int(4)]))).toBe(usage);
  });
});

describe('Exists (conformance: mem_exists)', () => {
  it.each([
    ['ok_tmp_memory', ['toto'], 'true'],
    ['ok_permanent_memory', ['toto'], 'true'],
    ['fail_exists_memory', [], 'false'],
  ] as const)('%s', (_name, names, text) => {
    expect(said(call('Exists', [str('toto')], [], context(fakeHost(), names))).content).toEqual({
      text,
    });
  });

  it('wants a string', () => {
    expect(failure(() => call('Exists', [int(1)]))).toBe(
      'Exists builtin expects one value of type String. Example: Exists( "var_name" )',
    );
  });
});

describe('Or, Object, Debug', () => {
  it('Or yields the fallback only for a value carrying an error', () => {
    expect(call('Or', [errorNull('< x > is used before it was saved in memory'), int(2)])).toEqual(
      int(2),
    );
    expect(call('Or', [nullValue(), int(2)])).toEqual(nullValue());
    expect(call('Or', [float(1.5), int(2)])).toEqual(float(1.5));
    expect(failure(() => call('Or', [int(1)]))).toMatch(/^Or builtin expects two arguments/);
  });

  it('Object copies named arguments and refuses positional ones', () => {
    expect(
      said(
        call(
          'Object',
          [],
          [
            ['a', int(1)],
            ['b', str('x')],
          ],
        ),
      ),
    ).toEqual({
      content_type: 'object',
      content: { a: 1, b: 'x' },
    });
    expect(said(call('Object'))).toEqual({ content_type: 'object', content: {} });
    expect(failure(() => call('Object', [int(1)]))).toBe('to many arguments');
  });

  it('debug/ok_debug_step1: Debug(1, 2, 3)', () => {
    expect(said(call('Debug', [int(1), int(2), int(3)]))).toEqual({
      content_type: 'debug',
      content: { args: ['1', '2', '3'] },
    });
  });

  it('Debug shows display texts and stays secure when an argument is', () => {
    const secret = { ...str('pin'), secure: true };
    const value = call('Debug', [float(2.5), nullValue(), secret]);
    expect(json(value)).toEqual({ args: ['2.5', 'Null', 'pin'] });
    expect(value.secure).toBe(true);
  });
});
