/**
 * JSON request bodies without losing digits: an integer beyond ±2^53 becomes a `bigint` (CSML
 * memories and values are int64, csml.md §17.1); every other number is a `number`, as with
 * JSON.parse, whose semantics this keeps (duplicate keys: the last wins).
 *
 * Node 20's JSON.parse gives revivers no number source, and lossless-json is ~30 times slower
 * than JSON.parse on a 1 MiB body (and refuses duplicate keys). So a body whose text has no run
 * of 16 digits goes straight to JSON.parse (no unsafe integer can be in it); otherwise every
 * unsafe integer token outside strings is rewritten into a marked string first, which a reviver
 * turns back into a bigint. The marker holds a per-process random part, so no client string
 * can pass for one.
 */
import { randomBytes } from 'node:crypto';

import type { Json } from '../csml/json.js';

export class MalformedJsonError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'MalformedJsonError';
  }
}

const MARKER = `\u0000bigint:${randomBytes(12).toString('hex')}:`;
const MARKER_JSON = JSON.stringify(MARKER).slice(1, -1);

/** A JSON string token, or a JSON number token. Strings come first so digits in them are kept. */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const INTEGER = /^-?\d+$/;

function markBigIntegers(text: string): string {
  return text.replace(TOKEN, (token) => {
    if (token.startsWith('"') || !INTEGER.test(token)) return token;
    return Number.isSafeInteger(Number(token)) ? token : `"${MARKER_JSON}${token}"`;
  });
}

function revive(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.startsWith(MARKER)
    ? BigInt(value.slice(MARKER.length))
    : value;
}

/** Parses a request body; throws MalformedJsonError with JSON.parse's description. */
export function parseJsonBody(text: string): Json {
  try {
    if (!/\d{16}/.test(text)) return JSON.parse(text) as Json;
    return JSON.parse(markBigIntegers(text), revive) as Json;
  } catch (error) {
    // Positions in a message about the rewritten text would be off: describe the original.
    let detail = error instanceof Error ? error.message : String(error);
    try {
      JSON.parse(text);
    } catch (original) {
      if (original instanceof Error) detail = original.message;
    }
    throw new MalformedJsonError(detail);
  }
}
