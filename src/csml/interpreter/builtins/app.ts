/**
 * `App("name", k = v, …)` and the deprecated `Fn(…)` (csml.md §9, §18.3): the host calls the
 * bot's apps endpoint with the named arguments as `data` and yields the response's `data`.
 */
import type { BuiltinFn } from './builtin.js';
import { argument, extraArguments } from './args.js';
import { asCsmlError } from './info-error.js';
import { CsmlError } from '../errors.js';
import { fromJson, toJson } from '../format.js';
import type { Json } from '../../json.js';

export const app: BuiltinFn = (args, ctx) => {
  const name = argument(args, 'fn_id', 0);
  if (name?.kind !== 'string') throw new CsmlError('App name must be of type string');
  const data: Record<string, Json> = {};
  for (const [key, value] of extraArguments(args, ['fn_id'])) data[key] = toJson(value);
  let result: Json;
  try {
    result = ctx.host.app({ name: name.value, data });
  } catch (e) {
    throw asCsmlError(e);
  }
  return fromJson(result);
};
