/** The shape of a native method (csml.md §10). */
import type { CallContext } from '../call-context.js';
import type { Value } from '../value.js';

export interface MethodDef {
  /**
   * Changes its receiver (csml.md §10.6): the interpreter passes the variable's own value,
   * refuses the call on a constant and records a memory entry for a remembered variable.
   */
  readonly mutates: boolean;
  /** Throws CsmlError (`usage: …` and the like) on bad arguments. */
  readonly call: (receiver: Value, args: readonly Value[], ctx: CallContext) => Value;
}
