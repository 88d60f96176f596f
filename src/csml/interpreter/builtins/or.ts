/**
 * `Or(a, b)` (csml.md §9): `b` when `a` carries error info (an unknown variable, a failed
 * call), else `a`. The interpreter evaluates `a` without emitting its warning.
 */
import type { BuiltinFn } from './builtin.js';
import { CsmlError } from '../errors.js';

const USAGE = 'Or builtin expects two arguments. Example: Or(value, "default")';

export const or: BuiltinFn = (args) => {
  const [first, fallback] = args.positional;
  if (first === undefined || fallback === undefined) throw new CsmlError(USAGE);
  return first.info?.error !== undefined ? fallback : first;
};
