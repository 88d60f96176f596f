/** The JSON object fields of the settings page (`env`, `settings`): parsed, or why not. */

export type Parsed =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly error: string };

/** `text` as a JSON object; an empty text is `{}`. */
export function parseJsonObject(text: string): Parsed {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `Not valid JSON: ${reason}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { ok: false, error: `Must be a JSON object ({ … }), not ${kind}.` };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** The object as the page shows it. */
export function showJson(value: unknown): string {
  return JSON.stringify(value ?? {}, null, 2);
}

/**
 * The change to send for `settings`, which the server merges key by key (studio-api.md §5.2):
 * the new object, plus `null` for each key that was removed.
 */
export function settingsChange(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const change: Record<string, unknown> = { ...after };
  for (const key of Object.keys(before)) if (!(key in after)) change[key] = null;
  return change;
}
