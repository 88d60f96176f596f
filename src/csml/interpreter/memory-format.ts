/**
 * The memory format (csml.md §15.3): how remembered values, memory entries and held step
 * locals are stored as JSON, and read back.
 *
 * Scalars are plain JSON. An object at the top, or inside arrays at the top, is wrapped as
 * `{"_content_type": T, "_content": {…}}`; inside a wrapper, plain objects are plain and other
 * objects are wrapped again. Closures are `{"_closure": …}`. A value with info may be wrapped
 * as `{"_additional_info": {…}, "value": …}`.
 */
import type { Json } from '../json.js';
import { displayText } from './format-text.js';
import { fromJson, isJsonArray, scalarJson } from './format-json.js';
import { array, nullValue, object } from './value.js';
import type { ClosureValue, ObjectValue, Value, ValueInfo } from './value.js';

export interface ToMemoryOptions {
  /** Add the `_additional_info` wrapper when the value carries info (what the store keeps). */
  withInfo?: boolean;
  /** The JSON under `_closure` (default null: closures are not kept). */
  encodeClosure?: (closure: ClosureValue) => Json;
}

export interface FromMemoryOptions {
  /** A closure from the JSON under `_closure` (default: null). */
  decodeClosure?: (json: Json) => Value;
}

export function toMemory(value: Value, options: ToMemoryOptions = {}): Json {
  const json = memoryJson(value, true, options);
  if (!options.withInfo || !value.info) return json;
  const info = infoJson(value.info, options);
  return info ? { _additional_info: info, value: json } : json;
}

/** `first`: the value is at the top, or in arrays at the top (the reference's `format_mem`). */
function memoryJson(value: Value, first: boolean, options: ToMemoryOptions): Json {
  switch (value.kind) {
    case 'null':
    case 'bool':
    case 'string':
    case 'int':
    case 'float':
      return scalarJson(value);
    case 'array':
      return value.items.map((item) => memoryJson(item, first, options));
    case 'object': {
      const content = objectJson(value, options);
      if (!first && value.contentType === 'object') return content;
      return { _content_type: value.contentType, _content: content };
    }
    case 'closure':
      return { _closure: options.encodeClosure ? options.encodeClosure(value) : null };
  }
}

function objectJson(value: ObjectValue, options: ToMemoryOptions): Json {
  return Object.fromEntries(
    [...value.entries].map(([key, item]) => [key, memoryJson(item, false, options)]),
  );
}

function infoJson(info: ValueInfo, options: ToMemoryOptions): Json | undefined {
  const entries: [string, Json][] = [];
  for (const [key, item] of Object.entries(info)) {
    if (item === undefined) continue;
    entries.push([key, typeof item === 'string' ? item : memoryJson(item, false, options)]);
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** A value read back from the memory format; malformed wrappers give null, as in the reference. */
export function fromMemory(json: Json, options: FromMemoryOptions = {}): Value {
  if (json === null || typeof json !== 'object') return fromJson(json);
  if (isJsonArray(json)) return array(json.map((item) => fromMemory(item, options)));
  if (has(json, '_additional_info')) {
    const info = json._additional_info;
    const inner = json.value;
    if (inner === undefined || !isJsonObject(info)) return nullValue();
    return withInfo(fromMemory(inner, options), info, options);
  }
  if (has(json, '_content') && has(json, '_content_type')) {
    const contentType = json._content_type;
    const content = json._content;
    if (typeof contentType !== 'string' || content === undefined) return nullValue();
    return { ...fromMemory(content, options), contentType };
  }
  if (has(json, '_closure')) {
    const closure = json._closure;
    return options.decodeClosure && closure !== undefined
      ? options.decodeClosure(closure)
      : nullValue();
  }
  const entries = new Map<string, Value>();
  for (const [key, item] of Object.entries(json)) entries.set(key, fromMemory(item, options));
  return object(entries);
}

function withInfo(
  value: Value,
  info: { readonly [key: string]: Json },
  options: FromMemoryOptions,
): Value {
  const loaded: ValueInfo = { ...value.info };
  for (const [key, item] of Object.entries(info)) {
    const itemValue = fromMemory(item, options);
    if (key === 'error') {
      loaded.error = itemValue.kind === 'string' ? itemValue.value : displayText(itemValue);
    } else {
      loaded[key] = itemValue;
    }
  }
  return { ...value, info: loaded };
}

type JsonObject = { readonly [key: string]: Json };

function isJsonObject(json: Json | undefined): json is JsonObject {
  return typeof json === 'object' && json !== null && !isJsonArray(json);
}

function has(json: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(json, key);
}
