/**
 * Incoming events (csml.md §8.1): the content types a client may send, their required keys,
 * and the bare `event` value each one gives CSML.
 */
import type { EventInput } from '../csml/interpreter/types.js';
import type { Json } from '../csml/json.js';
import { stringifyJson } from '../csml/json.js';
import { EngineError } from './errors.js';

/** Content type → the content key that holds the event's value (null: the whole content). */
const VALUE_KEY: Readonly<Record<string, string | null>> = {
  text: 'text',
  payload: 'payload',
  image: 'url',
  video: 'url',
  audio: 'url',
  file: 'url',
  url: 'url',
  flow_trigger: null,
  regex: 'payload',
};

/**
 * Kinds only a surface makes, never accepted from a client (csml.md §8.1): content `{}`, bare
 * `event` `""` (textbots-api.md T6).
 */
const SURFACE_KINDS: ReadonlySet<string> = new Set(['no_input', 'no_match']);

export interface ClientEvent {
  readonly content_type: string;
  readonly content: Json;
}

function isObject(value: Json): value is { readonly [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a client's event and gives the interpreter's view of it; throws EngineError.
 * `surfaceMade`: the event comes from a surface's rules, so its own kinds are allowed too.
 */
export function readEvent(event: ClientEvent, secure = false, surfaceMade = false): EventInput {
  const type = event.content_type;
  if (surfaceMade && SURFACE_KINDS.has(type)) {
    return { contentType: type, value: '', content: event.content, secure };
  }
  if (!(type in VALUE_KEY)) {
    throw new EngineError(
      'invalid_event',
      `unsupported content_type "${type}": expected one of ${Object.keys(VALUE_KEY).join(', ')}`,
      'content_type',
    );
  }
  const content = event.content;
  if (!isObject(content)) {
    throw new EngineError('invalid_event', 'event content must be an object', 'content');
  }
  const key = VALUE_KEY[type] ?? null;
  if (type === 'flow_trigger' && typeof content.flow_id !== 'string') {
    throw new EngineError(
      'invalid_event',
      'a flow_trigger event needs content.flow_id (a string)',
      'content.flow_id',
    );
  }
  if (key !== null && typeof content[key] !== 'string') {
    throw new EngineError(
      'invalid_event',
      `a ${type} event needs content.${key} (a string)`,
      `content.${key}`,
    );
  }
  const value = key === null ? stringifyJson(content) : (content[key] as string);
  return { contentType: type, value, content, secure };
}
