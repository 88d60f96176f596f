/**
 * Values as text and JSON (csml.md §3.3, §12, §15.3): the entry point for display text,
 * message content, JSON input and the memory format.
 */
export {
  CLOSURE_JSON_TEXT,
  displayText,
  formatFloat,
  formatJsonFloat,
  jsonText,
} from './format-text.js';
export {
  CLOSURE_JSON,
  ERROR_NUMBER_TOO_LARGE,
  fromJson,
  intJson,
  isJsonArray,
  toJson,
  toMessage,
} from './format-json.js';
export type { Message } from './format-json.js';
export { fromMemory, toMemory } from './memory-format.js';
export type { FromMemoryOptions, ToMemoryOptions } from './memory-format.js';
