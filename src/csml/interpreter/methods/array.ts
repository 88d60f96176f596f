/**
 * Array methods (csml.md §10.3). `push`, `pop`, `insert_at`, `remove_at` and `shuffle` change
 * the receiver in place; `map`, `filter` and `reduce` call closures through the interpreter.
 */
import { limitArrayLength, MAX_ARRAY_LENGTH } from '../limits.js';
import type { CallContext } from '../call-context.js';
import { CsmlError, usageError } from '../errors.js';
import { displayText } from '../format.js';
import { truthy } from '../operators.js';
import { array, bool, clone, int, nullValue, str } from '../value.js';
import type { ClosureValue, Value } from '../value.js';
import { COMMON_METHODS } from './common.js';
import {
  expectCount,
  intArg,
  nullary,
  reader,
  sliceBounds,
  stringArg,
  table,
  writer,
} from './define.js';
import type { MethodTable } from './define.js';
import { literalEquals } from './equality.js';

const INSERT_AT_ERROR = '[insert_at] takes two arguments. Usage: array.insert_at(1, elem)';
const REMOVE_AT_ERROR = '[remove_at] takes one parameter of type Int. Usage: array.remove_at(1) ';
const INDEX_TOO_LARGE = 'index must be lower than or equal to array.length()';
const MAP_USAGE = 'map(fn) expect one argument of type [Closure]';
const FILTER_USAGE = 'filter(fn) expect one argument of type [Closure]';
const REDUCE_USAGE =
  "reduce(acc, fn) expect tow arguments an initial value and 'Closure' with two arguments: an 'accumulator', and an element";

/** An index for `insert_at` / `remove_at`: not negative, not beyond `limit`. */
function position(index: bigint, limit: number): number {
  if (index < 0n) throw new CsmlError('index must be positive. Udage: array[1]');
  if (index > BigInt(limit)) throw new CsmlError(INDEX_TOO_LARGE);
  return Number(index);
}

function closureArg(args: readonly Value[], index: number, usage: string): ClosureValue {
  const arg = args[index];
  if (arg?.kind !== 'closure') throw usageError(usage);
  return arg;
}

/** Calls `fn` with as many of `args` as it has parameters (the reference binds no more). */
function call(ctx: CallContext, fn: ClosureValue, args: Value[]): Value {
  return ctx.callClosure(fn, args.slice(0, fn.params.length));
}

export const ARRAY_METHODS: MethodTable = table({
  ...COMMON_METHODS,
  length: nullary('array', 'length() => int', (a) => int(a.items.length)),
  is_empty: nullary('array', 'is_empty() => boolean', (a) => bool(a.items.length === 0)),
  push: writer('array', (a, args) => {
    expectCount(args, 1, 'push(value: primitive) => null');
    limitArrayLength(a.items.length + 1);
    a.items.push(clone(args[0]!));
    return nullValue();
  }),
  pop: writer('array', (a, args) => {
    expectCount(args, 0, 'pop() => primitive');
    const last = a.items.pop();
    if (last === undefined) throw new CsmlError('[pop] Cannot pop if array is empty');
    return last;
  }),
  insert_at: writer('array', (a, args) => {
    expectCount(args, 2, 'insert_at(index: int, value: primitive) => null');
    const at = position(intArg(args, 0, INSERT_AT_ERROR), a.items.length);
    limitArrayLength(a.items.length + 1);
    a.items.splice(at, 0, clone(args[1]!));
    return nullValue();
  }),
  remove_at: writer('array', (a, args) => {
    expectCount(args, 1, 'remove_at(index: int) => primitive');
    const at = position(intArg(args, 0, REMOVE_AT_ERROR), a.items.length);
    // The reference accepts `length` as an index here, then crashes.
    if (at === a.items.length) throw new CsmlError(INDEX_TOO_LARGE);
    return a.items.splice(at, 1)[0]!;
  }),
  shuffle: writer('array', (a, args, ctx) => {
    expectCount(args, 0, 'shuffle() => array');
    for (let i = a.items.length - 1; i > 0; i -= 1) {
      const j = Math.floor(ctx.host.random() * (i + 1));
      [a.items[i], a.items[j]] = [a.items[j]!, a.items[i]!];
    }
    return array([...a.items]);
  }),
  one_of: nullary('array', 'one_of() => primitive', (a, ctx) => {
    if (a.items.length === 0) return nullValue();
    return a.items[Math.floor(ctx.host.random() * a.items.length)] ?? nullValue();
  }),
  index_of: reader('array', (a, args) => {
    expectCount(args, 1, 'index_of(value: primitive) => int');
    return int(a.items.findIndex((item) => literalEquals(item, args[0]!)));
  }),
  find: reader('array', (a, args) => {
    const [wanted] = args;
    if (wanted === undefined) throw usageError('find(value: primitive) => array');
    return array(a.items.filter((item) => literalEquals(item, wanted)));
  }),
  join: reader('array', (a, args) => {
    expectCount(args, 1, 'join(separator: string) => string');
    const separator = stringArg(
      args,
      0,
      '[join] takes one parameter of type String. Usage: array.join("elem") ',
    );
    return str(a.items.map(displayText).join(separator));
  }),
  slice: reader('array', (a, args) => {
    const [start, end] = sliceBounds(
      args,
      a.items.length,
      'slice(start: Integer, end: Optional<Integer>) => [Literal]',
    );
    return array(a.items.slice(start, end));
  }),
  reverse: nullary('array', 'reverse() => [Literal]', (a) => array([...a.items].reverse())),
  append: reader('array', (a, args) => {
    expectCount(args, 1, 'append(other_array: [Literal]) => [Literal]');
    const [other] = args;
    if (other?.kind !== 'array' || other.contentType !== 'array')
      throw new CsmlError(INSERT_AT_ERROR);
    limitArrayLength(a.items.length + other.items.length);
    return array([...a.items, ...other.items]);
  }),
  flatten: nullary('array', 'flatten() => [Literal]', (a) =>
    array(
      a.items.flatMap((item) =>
        item.kind === 'array' && item.contentType === 'array' ? item.items : [item],
      ),
    ),
  ),
  init: reader('array', (_a, args) => {
    expectCount(args, 1, 'init(capacity: Int) => [Literal]');
    const length = intArg(args, 0, INSERT_AT_ERROR);
    if (length < 0n || length > BigInt(MAX_ARRAY_LENGTH))
      throw usageError('init(capacity: Int) => [Literal]');
    return array(Array.from({ length: Number(length) }, () => nullValue()));
  }),
  map: reader('array', (a, args, ctx) => {
    const fn = closureArg(args, 0, MAP_USAGE);
    return array(a.items.map((item, i) => call(ctx, fn, [item, int(i)])));
  }),
  filter: reader('array', (a, args, ctx) => {
    const fn = closureArg(args, 0, FILTER_USAGE);
    return array(a.items.filter((item, i) => truthy(call(ctx, fn, [item, int(i)]))));
  }),
  reduce: reader('array', (a, args, ctx) => {
    const [initial] = args;
    if (initial === undefined) throw usageError(REDUCE_USAGE);
    const fn = closureArg(args, 1, REDUCE_USAGE);
    return a.items.reduce((acc, item, i) => call(ctx, fn, [acc, item, int(i)]), initial);
  }),
});
