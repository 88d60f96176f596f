/** `Object(k = v, …)` (csml.md §9): deprecated; the named arguments as an object. */
import type { BuiltinFn } from './builtin.js';
import { extraArguments, record } from './args.js';
import { clone } from '../value.js';

export const objectBuiltin: BuiltinFn = (args) =>
  record(extraArguments(args, []).map(([key, value]) => [key, clone(value)]));
