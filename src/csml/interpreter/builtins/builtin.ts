/** The shape of a built-in function (csml.md §9). */
import type { CallArgs } from '../call-args.js';
import type { CallContext } from '../call-context.js';
import type { Value } from '../value.js';

/** Throws CsmlError on bad arguments; the interpreter turns it into an inline error and null. */
export type BuiltinFn = (args: CallArgs, ctx: CallContext) => Value;
