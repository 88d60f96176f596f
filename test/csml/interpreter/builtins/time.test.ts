import { describe, expect, it } from 'vitest';
import { findSpecialMethod } from '../../../../src/csml/interpreter/builtins/index.js';
import type { Value } from '../../../../src/csml/interpreter/value.js';
import { bool, int, str } from '../../../../src/csml/interpreter/value.js';
import { context, fakeHost, FIXED_NOW } from './fake-host.js';
import { call, failure, json, method } from './run.js';

const ctx = context(fakeHost());
const now = (): Value => call('Time', [], [], ctx);
const m = (receiver: Value, name: string, ...args: Value[]): Value =>
  method(receiver, name, args, ctx);
const text = (value: Value): unknown => json(value);
/** 2001-07-08T00:34:59.026Z, a Sunday, day 189. */
const sample = (): Value => m(now(), 'at', ...[2001, 7, 8, 0, 34, 59, 26].map((n) => int(n)));

describe('Time (conformance: time)', () => {
  it('ok_time: milliseconds and unix() are ints from the host clock; at() then format()', () => {
    const time = now();
    expect(time.contentType).toBe('time');
    expect(json(time)).toEqual({ milliseconds: FIXED_NOW });
    expect(m(time, 'unix')).toEqual(int(FIXED_NOW));
    expect(m(time, 'unix', str('s'))).toEqual(int(Math.floor(FIXED_NOW / 1000)));
    m(time, 'at', int(2014), int(10), int(20));
    expect(text(m(time, 'format'))).toBe('2014-10-20T01:00:00.000Z');
    expect(text(m(time, 'format', str('%Y')))).toBe('2014');
  });

  const conformance: [string, () => Value, string][] = [
    [
      'ok_time_parse_1_args',
      () => m(now(), 'parse', str('1983-08-13')),
      '1983-08-13T00:00:00.000Z',
    ],
    [
      'ok_time_parse_2_args',
      () => m(now(), 'parse', str('1983 08 13 12:09:14.274'), str('%Y %m %d %H:%M:%S%.3f')),
      '1983-08-13T12:09:14.274Z',
    ],
    [
      'ok_parse_timezone',
      () => m(now(), 'parse', str('2014-11-28T21:00:09+09:00')),
      '2014-11-28T21:00:09.000+09:00',
    ],
    [
      'ok_with_timezone',
      () => m(m(now(), 'parse', str('2014-11-28T21:00:09Z')), 'with_timezone', str('Europe/Paris')),
      '2014-11-28T22:00:09.000+01:00',
    ],
  ];
  it.each(conformance)('%s', (_name, build, expected) => {
    expect(text(m(build(), 'format'))).toBe(expected);
  });
});

describe('strftime formatting', () => {
  const unix = Date.UTC(2001, 6, 8, 0, 34, 59) / 1000;
  const codes: [string, string][] = [
    ['%Y', '2001'],
    ['%C', '20'],
    ['%y', '01'],
    ['%m', '07'],
    ['%b', 'Jul'],
    ['%B', 'July'],
    ['%h', 'Jul'],
    ['%d', '08'],
    ['%e', ' 8'],
    ['%a', 'Sun'],
    ['%A', 'Sunday'],
    ['%w', '0'],
    ['%u', '7'],
    ['%U', '27'],
    ['%W', '27'],
    ['%G', '2001'],
    ['%g', '01'],
    ['%V', '27'],
    ['%j', '189'],
    ['%D', '07/08/01'],
    ['%x', '07/08/01'],
    ['%F', '2001-07-08'],
    ['%v', ' 8-Jul-2001'],
    ['%H', '00'],
    ['%k', ' 0'],
    ['%I', '12'],
    ['%l', '12'],
    ['%P', 'am'],
    ['%p', 'AM'],
    ['%M', '34'],
    ['%S', '59'],
    ['%f', '026000000'],
    ['%.f', '.026'],
    ['%.3f', '.026'],
    ['%.6f', '.026000'],
    ['%.9f', '.026000000'],
    ['%3f', '026'],
    ['%6f', '026000'],
    ['%9f', '026000000'],
    ['%R', '00:34'],
    ['%T', '00:34:59'],
    ['%X', '00:34:59'],
    ['%r', '12:34:59 AM'],
    ['%Z', 'UTC'],
    ['%z', '+0000'],
    ['%:z', '+00:00'],
    ['%c', 'Sun Jul  8 00:34:59 2001'],
    ['%+', '2001-07-08T00:34:59.026+00:00'],
    ['%s', String(unix)],
    ['%t|%n|%%', '\t|\n|%'],
    ['%-d/%-m', '8/7'],
    ['%_m', ' 7'],
    ['%0e', '08'],
    ['%-j', '189'],
    ['day %e of %B, %Y', 'day  8 of July, 2001'],
  ];
  it.each(codes)('%j', (format, expected) => {
    expect(text(m(sample(), 'format', str(format)))).toBe(expected);
  });

  const zones: [string, string, string][] = [
    ['Asia/Tokyo', '%H:%M %Z %z', '09:34 JST +0900'],
    ['Europe/Paris', '%H:%M %Z %:z', '02:34 CEST +02:00'],
    ['America/New_York', '%d %H:%M %Z', '07 20:34 EDT'],
    ['Asia/Kolkata', '%H:%M %Z %z', '06:04 IST +0530'],
    ['Asia/Kathmandu', '%Z', '+0545'],
  ];
  it.each(zones)('%s', (zone, format, expected) => {
    expect(text(m(m(sample(), 'with_timezone', str(zone)), 'format', str(format)))).toBe(expected);
  });

  it('ISO weeks across years', () => {
    const at = (y: number, mo: number, d: number): Value => m(now(), 'at', int(y), int(mo), int(d));
    expect(text(m(at(2021, 1, 1), 'format', str('%G-W%V-%u')))).toBe('2020-W53-5');
    expect(text(m(at(2019, 12, 30), 'format', str('%G-W%V-%u %U %W')))).toBe('2020-W01-1 52 52');
    expect(text(m(at(-1, 1, 1), 'format', str('%Y')))).toBe('-0001');
    expect(text(m(at(12345, 1, 1), 'format', str('%Y')))).toBe('+12345');
  });

  it('an unknown code is an inline error', () => {
    expect(failure(() => m(sample(), 'format', str('%Q')))).toBe('invalid time format');
    expect(failure(() => m(sample(), 'format', str('%-T')))).toBe('invalid time format');
    expect(failure(() => m(sample(), 'format', int(1)))).toBe(
      'format parameter must be of type string',
    );
  });
});

describe('parsing', () => {
  const formats: [string, string, string][] = [
    ['2020-08-13 10:20', '%Y-%m-%d %H:%M', '2020-08-13T10:20:00.000Z'],
    ['13/08/2020', '%d/%m/%Y', '2020-08-13T00:00:00.000Z'],
    ['2020-08-13T10:20:00+02:00', '%Y-%m-%dT%H:%M:%S%z', '2020-08-13T08:20:00.000Z'],
    ['2020-08-13T10:20:00 +0200', '%Y-%m-%dT%H:%M:%S %z', '2020-08-13T08:20:00.000Z'],
    ['Thu, 13 Aug 2020 10:20:00', '%a, %d %b %Y %H:%M:%S', '2020-08-13T10:20:00.000Z'],
    ['thursday 13 AUGUST 2020', '%A %d %B %Y', '2020-08-13T00:00:00.000Z'],
    ['02:30 pm 2020-08-13', '%I:%M %p %Y-%m-%d', '2020-08-13T14:30:00.000Z'],
    ['20-08-13', '%y-%m-%d', '2020-08-13T00:00:00.000Z'],
    ['75-08-13', '%y-%m-%d', '1975-08-13T00:00:00.000Z'],
    ['2020 226', '%Y %j', '2020-08-13T00:00:00.000Z'],
    ['1597314000', '%s', '2020-08-13T10:20:00.000Z'],
    ['2020-08-13   7:5', '%Y-%m-%d %H:%M', '2020-08-13T07:05:00.000Z'],
    ['2020-08-13 10:20:30.5', '%Y-%m-%d %H:%M:%S%.f', '2020-08-13T10:20:30.500Z'],
    ['2020-08-13T10:20:30.123456789Z', '%+', '2020-08-13T10:20:30.123Z'],
    ['2020-W33-4', '%G-W%V-%u', '2020-08-13T00:00:00.000Z'],
  ];
  it.each(formats)('%j with %j', (input, format, expected) => {
    expect(text(m(m(now(), 'parse', str(input), str(format)), 'format'))).toBe(expected);
  });

  const invalid: [string, string][] = [
    ['2020-13-01', '%Y-%m-%d'],
    ['2020-02-30', '%Y-%m-%d'],
    ['2020-08-13 extra', '%Y-%m-%d'],
    ['2020-08', '%Y-%m-%d'],
    ['Fri, 13 Aug 2020', '%a, %d %b %Y'],
    ['10:20', '%H:%M'],
    ['2020-08-13 CET', '%Y-%m-%d %Z'],
  ];
  it.each(invalid)('%j with %j fails', (input, format) => {
    expect(failure(() => m(now(), 'parse', str(input), str(format)))).toMatch(
      /^invalid value, expect date/,
    );
  });

  const rfc: [string, string][] = [
    ['2020', '2020-01-01T00:00:00.000Z'],
    ['2020-05', '2020-05-01T00:00:00.000Z'],
    ['2020-05-06T07', '2020-05-06T07:00:00.000Z'],
    ['2020-05-06T07:08', '2020-05-06T07:08:00.000Z'],
    ['2020-05-06T07:08:09', '2020-05-06T07:08:09.000Z'],
    ['2020-05-06T07:08:09.5Z', '2020-05-06T07:08:09.500Z'],
    ['2020-05-06t07:08:09-03:30', '2020-05-06T07:08:09.000-03:30'],
  ];
  it.each(rfc)('parse(%j)', (input, expected) => {
    expect(text(m(m(now(), 'parse', str(input)), 'format'))).toBe(expected);
  });

  it.each(['2020-5-6', 'hello', '2020-05-06 07:08:09Z', '2020-05-06T07:08:09+0200'])(
    'parse(%j) fails',
    (input) => {
      expect(failure(() => m(now(), 'parse', str(input)))).toMatch(
        /^invalid value, 'parse\(String\)'/,
      );
    },
  );

  it('a parsed offset is kept as "offset" seconds', () => {
    expect(json(m(now(), 'parse', str('2014-11-28T21:00:09+09:00')))).toEqual({
      milliseconds: Date.UTC(2014, 10, 28, 12, 0, 9),
      offset: 32_400,
    });
  });
});

describe('changing a time', () => {
  it('at, add and sub change the receiver and return it', () => {
    const time = now();
    const result = m(time, 'at', int(2020), int(2), int(29), int(23), int(59), int(59), int(999));
    expect(json(result)).toEqual(json(time));
    m(time, 'add', int(1));
    expect(text(m(time, 'format'))).toBe('2020-03-01T00:00:00.999Z');
    m(time, 'sub', int(86_400));
    expect(text(m(time, 'format'))).toBe('2020-02-29T00:00:00.999Z');
  });

  it('at() with an impossible date is false and leaves the time alone', () => {
    const time = now();
    expect(m(time, 'at', int(2021), int(2), int(29))).toEqual(bool(false));
    expect(m(time, 'at', int(2021), int(1), int(1), int(24))).toEqual(bool(false));
    expect(json(time)).toEqual({ milliseconds: FIXED_NOW });
    expect(text(m(m(now(), 'at', int(0)), 'format'))).toBe('0000-01-01T01:00:00.000Z');
  });

  it('methods that change a time are mutating; format and parse are not', () => {
    const time = now();
    const flags = ['at', 'with_timezone', 'unix', 'add', 'sub', 'format', 'parse'].map(
      (name) => [name, findSpecialMethod(time, name)?.mutates] as const,
    );
    expect(Object.fromEntries(flags)).toEqual({
      at: true,
      with_timezone: true,
      unix: true,
      add: true,
      sub: true,
      format: false,
      parse: false,
    });
  });

  const errors: [string, () => Value, string][] = [
    [
      'with_timezone(unknown)',
      () => m(now(), 'with_timezone', str('Mars/Base')),
      'invalid timezone Mars/Base',
    ],
    [
      'with_timezone(offset text)',
      () => m(now(), 'with_timezone', str('+01:00')),
      'invalid timezone +01:00',
    ],
    [
      'with_timezone(1)',
      () => m(now(), 'with_timezone', int(1)),
      'usage: with_timezone(timezone_name: string) => Time Object. Example: with_timezone("Europe/Paris") ',
    ],
    [
      'add("1")',
      () => m(now(), 'add', str('1')),
      'usage: add(time_in_seconds: int) => Time Object',
    ],
    ['sub()', () => m(now(), 'sub'), 'usage: sub(time_in_seconds: int) => Time Object'],
    [
      'parse()',
      () => m(now(), 'parse'),
      'usage: expect one ore two arguments : Time().parse("2020-08-13") or Time().parse("1983-08-13 12:09:14.274", "%Y-%m-%d %H:%M:%S%.3f")',
    ],
    ['unknown method', () => m(now(), 'keys'), '[keys] is not a method of Object'],
  ];
  it.each(errors)('%s', (_name, run, message) => {
    expect(failure(run)).toBe(message);
  });
});
