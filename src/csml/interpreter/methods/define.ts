/** Building blocks of the method tables: typed definitions and argument checks (csml.md §10). */
import type { CallContext } from '../call-context.js';
import { CsmlError, usageError } from '../errors.js';
import type { PrimitiveKind, Value } from '../value.js';
import type { MethodDef } from './method.js';

export type ValueOf<K extends PrimitiveKind> = Extract<Value, { kind: K }>;
export type MethodTable = ReadonlyMap<string, MethodDef>;
type Body<K extends PrimitiveKind> = (
  receiver: ValueOf<K>,
  args: readonly Value[],
  ctx: CallContext,
) => Value;

function isKind<K extends PrimitiveKind>(value: Value, kind: K): value is ValueOf<K> {
  return value.kind === kind;
}

function define<K extends PrimitiveKind>(kind: K, mutates: boolean, body: Body<K>): MethodDef {
  return {
    mutates,
    call(receiver, args, ctx) {
      if (!isKind(receiver, kind)) {
        throw new CsmlError(`[internal] a ${kind} method was called on a ${receiver.kind}`);
      }
      return body(receiver, args, ctx);
    },
  };
}

/** A method that leaves its receiver alone. */
export function reader<K extends PrimitiveKind>(kind: K, body: Body<K>): MethodDef {
  return define(kind, false, body);
}

/** A method that changes its receiver in place (csml.md §10.6). */
export function writer<K extends PrimitiveKind>(kind: K, body: Body<K>): MethodDef {
  return define(kind, true, body);
}

/** A method without arguments: any argument is `usage: <signature>`. */
export function nullary<K extends PrimitiveKind>(
  kind: K,
  signature: string,
  body: (receiver: ValueOf<K>, ctx: CallContext) => Value,
): MethodDef {
  return define(kind, false, (receiver, args, ctx) => {
    expectCount(args, 0, signature);
    return body(receiver, ctx);
  });
}

export function expectCount(args: readonly Value[], count: number, signature: string): void {
  if (args.length !== count) throw usageError(signature);
}

/** The string argument at `index`, else an error with the method's own text. */
export function stringArg(args: readonly Value[], index: number, message: string): string {
  const arg = args[index];
  if (arg?.kind !== 'string') throw new CsmlError(message);
  return arg.value;
}

/** The int argument at `index`, else an error with the method's own text. */
export function intArg(args: readonly Value[], index: number, message: string): bigint {
  const arg = args[index];
  if (arg?.kind !== 'int') throw new CsmlError(message);
  return arg.value;
}

export function table(entries: Record<string, MethodDef>): MethodTable {
  return new Map(Object.entries(entries));
}

const SLICE_INT = '.slice(start, optional<end>) args need to be of type Integer';
const SLICE_LENGTH = '.slice(start, optional<end>) args need to be inferior to the string length';
const SLICE_ORDER =
  '.slice(start, optional<end>) end need to be superior to start in value ex: .slice(2, 5)';

/** `slice(start, end?)` bounds over `length` characters or items; negative ones count from the end. */
export function sliceBounds(
  args: readonly Value[],
  length: number,
  signature: string,
): [number, number] {
  if (args.length !== 1 && args.length !== 2) throw usageError(signature);
  const len = BigInt(length);
  let start = intArg(args, 0, SLICE_INT);
  let end = args.length === 2 ? intArg(args, 1, SLICE_INT) : len;
  if (start < 0n) start += len;
  if (end < 0n) end += len;
  if (end < start) throw new CsmlError(SLICE_ORDER);
  if (start < 0n || start >= len || end > len) throw new CsmlError(SLICE_LENGTH);
  return [Number(start), Number(end)];
}
