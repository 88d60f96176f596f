/**
 * Request digests for retries (textbots-api.md T3, X7): canonical JSON (sorted keys) of what a
 * rule says counts, as validated (unknown properties already dropped), with `null` members left
 * out since `null` on an optional field means absent (C3).
 */
import { createHash } from 'node:crypto';

import type { Json } from '../../csml/json.js';
import { stringifyJson } from '../../csml/json.js';

function canonical(value: unknown): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object' && value !== null) {
    const sorted: Record<string, Json> = {};
    const record = value as Readonly<Record<string, unknown>>;
    for (const key of Object.keys(record).sort()) {
      const item = record[key];
      if (item === null || item === undefined) continue;
      Object.defineProperty(sorted, key, {
        value: canonical(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return sorted;
  }
  return (value ?? null) as Json;
}

export function digestOf(value: unknown): string {
  return createHash('sha256')
    .update(stringifyJson(canonical(value)))
    .digest('hex');
}
