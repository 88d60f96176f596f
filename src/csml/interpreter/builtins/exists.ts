/** `Exists("name")` (csml.md §9): a constant, step local or memory of that name exists. */
import type { BuiltinFn } from './builtin.js';
import { argument } from './args.js';
import { CsmlError } from '../errors.js';
import { bool } from '../value.js';

const USAGE = 'Exists builtin expects one value of type String. Example: Exists( "var_name" )';

export const exists: BuiltinFn = (args, ctx) => {
  const name = argument(args, 'string', 0);
  if (name?.kind !== 'string') throw new CsmlError(USAGE);
  return bool(ctx.exists(name.value));
};
