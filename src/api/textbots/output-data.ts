/**
 * Exit `outputData.variables` (textbots-api.md O6): the keys `remember`ed during the session,
 * each with its last value as plain JSON, without the keys `forget`-ed afterwards. Kept per
 * session and updated from each run's memory writes.
 */
import type { MemoryOp } from '../../csml/interpreter/types.js';
import type { Json } from '../../csml/json.js';
import type { JsonObject } from '../../engine/store.js';

function isRecord(value: Json): value is Readonly<Record<string, Json>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A value in memory format (csml.md §15.3) as plain JSON: `{_content_type, _content}` wrappers
 * give their content (a component value its content object), `{_additional_info, value}` its
 * value.
 */
export function plainValue(value: Json): Json {
  if (Array.isArray(value)) return (value as readonly Json[]).map(plainValue);
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 2 && '_content_type' in value && '_content' in value) {
    return plainValue(value._content ?? null);
  }
  if (keys.length === 2 && '_additional_info' in value && 'value' in value) {
    return plainValue(value.value ?? null);
  }
  const plain: Record<string, Json> = {};
  for (const key of keys) {
    Object.defineProperty(plain, key, {
      value: plainValue(value[key] ?? null),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return plain;
}

/** The session's variables after a run's memory writes. */
export function applyMemoryOps(variables: JsonObject, ops: readonly MemoryOp[]): JsonObject {
  const next: Record<string, Json> = { ...variables };
  for (const op of ops) {
    if (op.op === 'set') {
      Object.defineProperty(next, op.key, {
        value: plainValue(op.value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (op.keys === '*') {
      for (const key of Object.keys(next)) Reflect.deleteProperty(next, key);
    } else {
      for (const key of op.keys) Reflect.deleteProperty(next, key);
    }
  }
  return next;
}
