/** The names resolved before any variable: `event`, `_metadata`, `_memory` (csml.md §7.2, §8). */
import { CsmlError } from './errors.js';
import { clone, bool, nullValue, object, str } from './value.js';
import type { StringValue, Value } from './value.js';
import type { Runtime, Scope } from './runtime.js';
import { findMethod, unknownMethodError } from './methods/index.js';
import { matches } from './operators.js';
import type { CallContext } from './call-context.js';

/** Bare `event`: the value string of its content type (csml.md §8.1). */
export function eventValue(rt: Runtime): Value {
  const value = str(rt.event.value);
  if (rt.event.secure) value.secure = true;
  return value;
}

/** `content.text`, else `content.payload`, as a string; null when neither. */
function textOrPayload(rt: Runtime): StringValue | null {
  const content = rt.eventContent;
  if (content.kind !== 'object') return null;
  const text = content.entries.get('text') ?? content.entries.get('payload');
  return text?.kind === 'string' ? text : null;
}

export function eventMethod(
  rt: Runtime,
  name: string,
  args: readonly Value[],
  ctx?: CallContext,
): Value {
  switch (name) {
    case 'get_type':
      return str(rt.event.contentType);
    case 'get_content': {
      const content = clone(rt.eventContent);
      content.contentType = rt.event.contentType;
      return content;
    }
    case 'is_secure':
      return bool(rt.event.secure);
    case 'is_email': {
      const text = textOrPayload(rt);
      return bool(text !== null && /^[^@]+@[^@]+\.[^@]+$/.test(text.value));
    }
    case 'match': {
      const subject = textOrPayload(rt);
      if (!subject) return nullValue();
      return args.find((arg) => matches(arg, subject)) ?? nullValue();
    }
    case 'match_array': {
      const subject = textOrPayload(rt);
      const [list] = args;
      if (!subject || list?.kind !== 'array') return nullValue();
      return list.items.find((item) => matches(item, subject)) ?? nullValue();
    }
  }
  const subject = textOrPayload(rt);
  if (!subject) throw new CsmlError(`[${name}] is not a method of Object`);
  const method = findMethod(subject, name);
  if (!method) throw unknownMethodError(subject, name);
  if (!ctx) throw new CsmlError(`[${name}] is not a method of Object`);
  return method.call(subject, args, ctx);
}

/**
 * `_metadata`, with `_context` computed on read (csml.md §7.2). Made once per step: `_context`
 * only changes when the step does, and a large metadata object is not copied on every read.
 */
export function metadataObject(rt: Runtime): Value {
  const key = `${rt.flow.name}\u0000${rt.step}\u0000${rt.previous?.flow ?? ''}\u0000${rt.previous?.step ?? ''}`;
  if (rt.metadataCache?.key === key) return rt.metadataCache.value;
  const metadata =
    rt.metadata.kind === 'object' ? object(new Map(rt.metadata.entries)) : rt.metadata;
  if (metadata.kind === 'object') {
    const context = new Map<string, Value>([
      ['current_step', str(rt.step)],
      ['current_flow', str(rt.flow.name)],
      ['default_flow', str(rt.program.defaultFlow)],
    ]);
    if (rt.previous) {
      context.set('previous_step', str(rt.previous.step));
      context.set('previous_flow', str(rt.previous.flow));
    }
    metadata.entries.set('_context', object(context));
  }
  rt.metadataCache = { key, value: metadata };
  return metadata;
}

/** `_memory`: every memory merged with the current step locals, locals winning. */
export function memoryObject(rt: Runtime, scope: Scope): Value {
  const entries = new Map<string, Value>();
  if (scope.memories) for (const [key, value] of rt.memories) entries.set(key, value);
  for (const [key, value] of scope.locals) entries.set(key, value);
  return object(entries);
}
