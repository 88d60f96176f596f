/**
 * Argument access shared by built-ins, their methods and components, with the reference
 * engine's rules (csml.md §4.2): a call is *named* as soon as one argument has a name; then a
 * parameter is found by its name, or, for the first parameter only, in the first positional
 * argument. Otherwise parameters are taken by position.
 */
import type { CallArgs } from '../call-args.js';
import { CsmlError } from '../errors.js';
import { clone, object } from '../value.js';
import type { ObjectValue, Value } from '../value.js';

export function isNamedCall(args: CallArgs): boolean {
  return args.named.size > 0;
}

/** The argument for parameter `name` at position `index`. */
export function argument(args: CallArgs, name: string, index: number): Value | undefined {
  if (isNamedCall(args)) {
    return args.named.get(name) ?? (index === 0 ? args.positional[0] : undefined);
  }
  return args.positional[index];
}

/**
 * Named arguments that are not `params`, in call order (copied into built objects), or, for a
 * call without names, `to many arguments` when there are more arguments than `params`.
 */
export function extraArguments(args: CallArgs, params: readonly string[]): [string, Value][] {
  if (!isNamedCall(args)) {
    if (params.length < args.positional.length) throw new CsmlError('to many arguments');
    return [];
  }
  const extra: [string, Value][] = [];
  for (const { name, value } of args.all) {
    if (name !== null && !params.includes(name)) extra.push([name, value]);
  }
  return extra;
}

/** An object from entries, with a content type. */
export function record(entries: Iterable<[string, Value]>, contentType = 'object'): ObjectValue {
  return object(new Map(entries), contentType);
}

/** The value under `key` when the receiver is an object. */
export function field(receiver: Value, key: string): Value | undefined {
  return receiver.kind === 'object' ? receiver.entries.get(key) : undefined;
}

/** The receiver's entries, for methods that change their receiver in place. */
export function entriesOf(receiver: Value): Map<string, Value> {
  return receiver.kind === 'object' ? receiver.entries : new Map<string, Value>();
}

/** Deep copies of the receiver's entries, for builders that return a changed copy. */
export function copyEntries(receiver: Value): [string, Value][] {
  return [...entriesOf(receiver)].map(([key, value]) => [key, clone(value)]);
}

/** A string argument's text, or undefined. */
export function text(value: Value | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

/** JSON number for an int, when it fits a double exactly; undefined otherwise. */
export function safeNumber(value: bigint): number | undefined {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}
