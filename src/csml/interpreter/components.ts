/**
 * Building a component value from its schema (csml.md §11.2), as the reference engine does:
 * each parameter in schema order takes its argument ⊕ its `add_value` ops, or, when absent,
 * fails if required, or is `default_value` ops ⊕ `add_value` ops when either has ops, or is
 * left out. `{"$_get": p}` reads another parameter's result (computed on demand, memoised;
 * asking again for one being computed is an error); `{"$_set": json}` adds a value. Named
 * arguments that are not parameters are copied as they are.
 */
import type { CallArgs } from './call-args.js';
import type { ComponentSchema } from '../components/schema.js';
import { argument, extraArguments } from './builtins/args.js';
import { merge, plain } from './builtins/merge.js';
import { CsmlError } from './errors.js';
import { fromJson } from './format.js';
import { array, bool, clone, int, nullValue, object, str } from './value.js';
import type { Value } from './value.js';
import type { Json } from '../json.js';

type JsonObject = { readonly [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function emptyOf(spec: JsonObject): Value {
  const type = spec.type;
  if (typeof type !== 'string') throw new CsmlError('type value must exist on all keys');
  switch (type) {
    case 'Null':
      return nullValue();
    case 'Bool':
      return bool(false);
    case 'Number':
      return int(0);
    case 'String':
      return str('');
    case 'Array':
      return array([]);
    case 'Object':
      return object();
    default:
      throw new CsmlError(`type '${type}' is unknown`);
  }
}

function hasOps(value: Json | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.length > 0 : true;
}

/** Whether an absent optional parameter still gets a value (the reference's rule, verbatim). */
function actionsExist(spec: JsonObject): boolean {
  const defaults = spec.default_value;
  const adds = spec.add_value;
  if (defaults !== undefined && adds !== undefined) {
    const d = Array.isArray(defaults) ? defaults : undefined;
    const a = Array.isArray(adds) ? adds : undefined;
    if (d && a) return d.length > 0 || a.length > 0;
    const one = d ?? a;
    return one !== undefined && one.length > 0;
  }
  return hasOps(defaults ?? adds) ?? false;
}

class Builder {
  private readonly memo = new Map<string, Value>();

  constructor(
    private readonly params: readonly Json[],
    private readonly args: CallArgs,
  ) {}

  private indexOf(key: string): number {
    return this.params.findIndex((param) => isObject(param) && key in param);
  }

  private ops(
    which: 'default_value' | 'add_value',
    spec: JsonObject,
    visiting: Set<string>,
  ): Value {
    let result = emptyOf(spec);
    const ops = spec[which];
    if (!Array.isArray(ops)) return result;
    for (const op of ops as readonly Json[]) {
      if (!isObject(op)) continue;
      const dependency = op.$_get;
      if (typeof dependency === 'string') {
        const known = this.memo.get(dependency);
        if (known !== undefined) {
          result = merge(result, known);
        } else {
          if (visiting.has(dependency)) {
            throw new CsmlError('GENERIC_COMPONENT_CIRCULAR_DEPENDENCY');
          }
          const value = this.param(dependency, visiting);
          if (value !== undefined) {
            this.memo.set(dependency, value);
            result = merge(result, value);
          }
        }
      }
      if ('$_set' in op) result = merge(result, plain(fromJson(op.$_set ?? null)));
    }
    return result;
  }

  /** The parameter's value, or undefined when it is left out. */
  param(key: string, visiting: Set<string>): Value | undefined {
    visiting.add(key);
    const index = this.indexOf(key);
    const param = this.params[index];
    const spec = isObject(param) ? param[key] : undefined;
    if (!isObject(spec)) return undefined;
    const given = argument(this.args, key, index);
    if (given !== undefined) return merge(plain(given), this.ops('add_value', spec, visiting));
    if (spec.required === true) throw new CsmlError(`${key} is a required parameter`);
    if (!actionsExist(spec)) return undefined;
    const defaults = this.ops('default_value', spec, visiting);
    return merge(defaults, this.ops('add_value', spec, visiting));
  }

  memoised(key: string): Value | undefined {
    return this.memo.get(key);
  }
}

/** The built value: an object with content type `contentType`, or for `Text` its text. */
export function buildComponent(
  name: string,
  schema: ComponentSchema,
  args: CallArgs,
  contentType: string,
): Value {
  const entries = new Map<string, Value>();
  const params: unknown = (schema as { params?: unknown }).params;
  if (Array.isArray(params)) {
    const list = params as readonly Json[];
    const builder = new Builder(list, args);
    for (const param of list) {
      if (!isObject(param)) continue;
      const keys = Object.keys(param);
      if (keys.length > 1) {
        throw new CsmlError(
          `invalid generic component ${name}, multiple keys are no allowed for single argument [${keys.map((k) => JSON.stringify(k)).join(', ')}]`,
        );
      }
      for (const key of keys) {
        const known = builder.memoised(key);
        const value = known === undefined ? builder.param(key, new Set()) : clone(known);
        if (value !== undefined) entries.set(key, value);
      }
    }
    const names = list.flatMap((param) => (isObject(param) ? Object.keys(param) : []));
    for (const [key, value] of extraArguments(args, names)) {
      if (key !== 'arg0') entries.set(key, clone(value));
    }
  }
  if (name.toLowerCase() === 'text') {
    const text = entries.get('text') ?? nullValue();
    return { ...text, contentType: 'text' };
  }
  return object(entries, contentType);
}
