/** `OneOf`, `Shuffle`, `Length`, `Find`, `Random`, `Floor` (csml.md §9). */
import type { BuiltinFn } from './builtin.js';
import { argument, text } from './args.js';
import { CsmlError } from '../errors.js';
import type { CsmlHost } from '../host.js';
import { array, bool, clone, float, int } from '../value.js';

const ONE_OF = 'OneOf builtin expects one value of type Array. Example: OneOf( [1, 2, 3] )';
const SHUFFLE = 'Shuffle builtin expects one value of type Array. Example: Shuffle( [1, 2, 3] )';
const LENGTH = 'Length builtin expects one value of type Array or String. Example: Length( value )';
const FIND =
  'Find builtin expects \'in\' param to be of type String. Example: Find(value, in = "hola", case_sensitive = true)';
const FLOOR = 'Floor builtin expects one argument of type float. Example: Floor(4.2)';

/** A uniform integer in [0, bound) from the host's randomness. */
export function randomIndex(host: CsmlHost, bound: number): number {
  return Math.min(bound - 1, Math.floor(host.random() * bound));
}

export const oneOf: BuiltinFn = (args, ctx) => {
  const list = argument(args, 'array', 0);
  if (list?.kind !== 'array' || list.items.length === 0) throw new CsmlError(ONE_OF);
  return clone(list.items[randomIndex(ctx.host, list.items.length)]!);
};

export const shuffle: BuiltinFn = (args, ctx) => {
  const list = argument(args, 'array', 0);
  if (list?.kind !== 'array') throw new CsmlError(SHUFFLE);
  const items = list.items.map(clone);
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomIndex(ctx.host, i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return array(items);
};

export const length: BuiltinFn = (args) => {
  const value = argument(args, 'length', 0);
  if (value?.kind === 'array') return int(value.items.length);
  if (value?.kind === 'string') return int(Buffer.byteLength(value.value, 'utf8'));
  throw new CsmlError(LENGTH);
};

/**
 * `Find(needle, in = haystack)`: case-insensitive substring test; **Parley** honours
 * `case_sensitive = true` (the reference engine reads that flag from `in` and never applies it).
 */
export const find: BuiltinFn = (args) => {
  const haystack = text(argument(args, 'in', 1));
  const needle = text(argument(args, 'value', 0));
  if (haystack === undefined || needle === undefined) throw new CsmlError(FIND);
  const exact = args.named.get('case_sensitive');
  if (exact?.kind === 'bool' && exact.value) return bool(haystack.includes(needle));
  return bool(haystack.toLowerCase().includes(needle.toLowerCase()));
};

export const random: BuiltinFn = (_args, ctx) => float(ctx.host.random());

export const floor: BuiltinFn = (args) => {
  const value = argument(args, 'float', 0);
  if (value?.kind !== 'float') throw new CsmlError(FLOOR);
  return float(Math.floor(value.value));
};
