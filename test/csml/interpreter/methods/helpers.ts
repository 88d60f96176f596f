/** Calling native methods outside the interpreter: a fake call context and value shorthands. */
import { expect } from 'vitest';

import type { CallContext } from '../../../../src/csml/interpreter/call-context.js';
import { CsmlError } from '../../../../src/csml/interpreter/errors.js';
import { displayText, toJson } from '../../../../src/csml/interpreter/format.js';
import type { CsmlHost } from '../../../../src/csml/interpreter/host.js';
import { findMethod } from '../../../../src/csml/interpreter/methods/index.js';
import {
  array,
  bool,
  float,
  int,
  nullValue,
  object,
  str,
} from '../../../../src/csml/interpreter/value.js';
import type { ClosureValue, Value } from '../../../../src/csml/interpreter/value.js';
import type { Json } from '../../../../src/csml/json.js';

type ClosureBody = (...args: Value[]) => Value;

const bodies = new WeakMap<ClosureValue, ClosureBody>();

/** A closure value whose call runs `body` (through the fake context's `callClosure`). */
export function closure(params: string[], body: ClosureBody): ClosureValue {
  const value: ClosureValue = {
    kind: 'closure',
    contentType: 'closure',
    params: params.map((name) => ({ name, span: { start: 0, end: 0 } })),
    body: { kind: 'Block', statements: [], braces: true, span: { start: 0, end: 0 } },
    captured: new Map(),
    flow: 'flow',
  };
  bodies.set(value, body);
  return value;
}

/** Arguments each closure call received, in order. */
export const closureCalls: Value[][] = [];

/** A context whose `random()` returns the given values in turn (then 0). */
export function context(randoms: number[] = []): CallContext {
  const queue = [...randoms];
  const host: CsmlHost = {
    now: () => 0,
    random: () => queue.shift() ?? 0,
    http: () => {
      throw new Error('no http in method tests');
    },
    app: () => null,
    smtp: () => null,
    log: () => undefined,
  };
  return {
    host,
    flow: 'flow',
    callClosure(fn, args) {
      closureCalls.push(args);
      const body = bodies.get(fn);
      if (!body) throw new Error('unknown closure');
      return body(...args);
    },
    exists: () => false,
    warn: () => undefined,
  };
}

/** `receiver.name(args…)`, with a fresh context unless one is given. */
export function call(receiver: Value, name: string, args: Value[] = [], ctx = context()): Value {
  const method = findMethod(receiver, name);
  if (!method) throw new Error(`no method ${name} on ${receiver.kind}`);
  return method.call(receiver, args, ctx);
}

/** The CsmlError message of `receiver.name(args…)`. */
export function errorOf(receiver: Value, name: string, args: Value[] = []): string {
  try {
    call(receiver, name, args);
  } catch (error) {
    if (error instanceof CsmlError) return error.message;
    throw error;
  }
  throw new Error(`${name} did not fail`);
}

/** JSON with a `$float` marker on floats, so that `1` and `1.0` differ in comparisons. */
export function typed(value: Value): unknown {
  switch (value.kind) {
    case 'float':
      return { $float: value.value };
    case 'array':
      return value.items.map(typed);
    case 'object':
      return Object.fromEntries([...value.entries].map(([key, item]) => [key, typed(item)]));
    case 'null':
    case 'bool':
    case 'int':
    case 'string':
    case 'closure':
      return toJson(value);
  }
}

export function expectValue(actual: Value, expected: Value): void {
  expect(typed(actual)).toEqual(typed(expected));
  expect(actual.kind).toBe(expected.kind);
}

/** Value shorthands: numbers are ints unless written with `f()`. */
export const v = {
  s: (text: string): Value => str(text),
  i: (n: number | bigint): Value => int(n),
  f: (n: number): Value => float(n),
  b: (flag: boolean): Value => bool(flag),
  null: (): Value => nullValue(),
  a: (...items: Value[]): Value => array(items),
  o: (entries: Record<string, Value>): Value => object(new Map(Object.entries(entries))),
};

export function json(value: Value): Json {
  return toJson(value);
}

/** A short label for test titles: `string "x"`, `int 1`… */
export function show(value: Value): string {
  return `${value.kind} ${JSON.stringify(displayText(value))}`;
}

/** Test rows whose first cell is a value, labelled for `it.each` titles (`%s`). */
export function labelled<T extends [Value, ...unknown[]]>(rows: T[]): [string, ...T][] {
  return rows.map((row) => [show(row[0]), ...row]);
}
