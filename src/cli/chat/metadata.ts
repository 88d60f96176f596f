/** The `--metadata` option of `parley chat`: the `_metadata` object of every turn. */
import type { Json } from '../../csml/json.js';

/** `--metadata`'s object, or an error message. */
export function parseMetadata(text: string): Readonly<Record<string, Json>> | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return `--metadata is not valid JSON: ${message.split('\n')[0] ?? ''}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `--metadata must be a JSON object, such as '{"firstname": "Ada"}'`;
  }
  // JSON.parse gives JSON values only.
  return value as Readonly<Record<string, Json>>;
}
