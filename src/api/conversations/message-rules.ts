/**
 * Rules on messages given in requests (conversations-api.md §5): an `activity` message must
 * carry `meta.activity` with a `type` of `request`, `response` or `trigger` and a
 * `function.name` string; `meta.payloads` of a flow bot's message is read-only.
 */
import { EngineError } from '../../engine/errors.js';
import { activityOf } from '../../engine/llm/prompt.js';
import type { JsonObject } from '../../engine/store.js';

export function checkActivity(
  type: string,
  meta: JsonObject | null | undefined,
  field: string,
): void {
  if (type !== 'activity' || activityOf(meta ?? null) !== null) return;
  throw new EngineError(
    'bad_request',
    `"${field}" of an activity message must have activity.type (request, response or trigger) and activity.function.name`,
    field,
  );
}

export function checkActivities(
  messages: readonly { readonly type: string; readonly meta?: JsonObject | null | undefined }[],
  field: string,
): void {
  messages.forEach((message, index) => {
    checkActivity(message.type, message.meta, `${field}[${index}].meta`);
  });
}

/**
 * `meta` after an update (§2.6): top-level keys replace the stored ones, `null` resets it.
 * `readOnly` keys keep their stored value.
 */
export function mergeMeta(
  stored: JsonObject | null,
  patch: JsonObject | null | undefined,
  readOnly: readonly string[] = [],
): JsonObject | null {
  if (patch === undefined) return stored;
  const kept: JsonObject = {};
  for (const key of readOnly) {
    const value = stored?.[key];
    if (value !== undefined) kept[key] = value;
  }
  if (patch === null) return Object.keys(kept).length > 0 ? kept : null;
  const merged: JsonObject = { ...(stored ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    // defineProperty: a `__proto__` key is data, not the object's prototype.
    if (!readOnly.includes(key)) {
      Object.defineProperty(merged, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return { ...merged, ...kept };
}
