/** Arguments of a call as the interpreter evaluated them (csml.md §4.2). */
import type { Value } from './value.js';

export interface CallArgs {
  /** Positional arguments, in order. */
  readonly positional: readonly Value[];
  /** Named arguments (`name = value`). */
  readonly named: ReadonlyMap<string, Value>;
  /** Every argument in call order; `name` is null for positional ones. */
  readonly all: readonly { readonly name: string | null; readonly value: Value }[];
}
