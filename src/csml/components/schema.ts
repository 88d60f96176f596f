/** Component schemas: components are data, not code (csml.md §11.1). */
import type { Json } from '../json.js';

export type ParamType = 'Null' | 'Bool' | 'Number' | 'String' | 'Array' | 'Object';

/** `{"$_get": "other"}` reads another parameter's result; `{"$_set": json}` adds a value. */
export type ParamOp = { readonly $_get: string } | { readonly $_set: Json };

export interface ParamSpec {
  readonly required?: boolean;
  readonly type: ParamType;
  readonly default_value?: readonly ParamOp[];
  readonly add_value?: readonly ParamOp[];
}

export interface ComponentSchema {
  /** Each element has exactly one key: the parameter name. */
  readonly params: readonly Readonly<Record<string, ParamSpec>>[];
}

export type ComponentSet = Readonly<Record<string, ComponentSchema>>;

export interface ParamEntry {
  readonly name: string;
  readonly spec: ParamSpec;
}

/** The schema's parameters in order, as name/spec pairs. */
export function paramEntries(schema: ComponentSchema): ParamEntry[] {
  const entries: ParamEntry[] = [];
  for (const param of schema.params) {
    for (const [name, spec] of Object.entries(param)) entries.push({ name, spec });
  }
  return entries;
}
