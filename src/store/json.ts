/**
 * Reading back JSON written by `stringifyJson` (src/csml/json.ts) without losing digits:
 * integers beyond ±2^53 come back as `bigint`, as the interpreter made them (csml.md §17.1);
 * every other number is a `number`.
 *
 * `JSON.parse` rounds big integers before a reviver sees them, and Node 20's revivers have no
 * `context.source`, so the text is parsed by lossless-json: maintained, no dependencies, own
 * TypeScript types, and a hook that receives each number's source digits.
 */
import { isInteger, parse } from 'lossless-json';
import type { Json } from '../csml/json.js';

function parseNumber(text: string): number | bigint {
  const value = Number(text);
  return isInteger(text) && !Number.isSafeInteger(value) ? BigInt(text) : value;
}

/** JSON.parse that keeps integers beyond ±2^53 exact, as bigints. */
export function parseJson(text: string): Json {
  return parse(text, null, parseNumber) as Json;
}
