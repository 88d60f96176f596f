/**
 * How a run stopped, as both operations tell it (textbots-api.md O2, O3, X4): at a `hold`; at
 * an end (`goto end` or a step without `goto`); at `say Disconnect()` or `say Escalate()`,
 * which end the run at once (csml.md §18.1), so their message is the run's last; or at a fatal
 * error or the step limit, whose message is the last `error` message.
 */
import type { InterpretResult } from '../../csml/interpreter/types.js';
import type { Json } from '../../csml/json.js';

export type RunEnd =
  | { readonly kind: 'hold' }
  | { readonly kind: 'end' }
  | { readonly kind: 'disconnect'; readonly reason: string | undefined }
  | { readonly kind: 'escalate'; readonly reason: string | undefined }
  | { readonly kind: 'error'; readonly message: string };

function member(content: Json | undefined, key: string): string | undefined {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return undefined;
  const value = (content as Readonly<Record<string, Json>>)[key];
  return typeof value === 'string' ? value : undefined;
}

export function runEnd(result: InterpretResult): RunEnd {
  if (result.exit === 'hold') return { kind: 'hold' };
  const last = result.messages.at(-1);
  if (result.exit === 'error') {
    const error = result.messages.findLast((m) => m.content_type === 'error');
    return { kind: 'error', message: member(error?.content, 'error') ?? 'runtime error' };
  }
  if (last?.content_type === 'disconnect') {
    return { kind: 'disconnect', reason: member(last.content, 'reason') };
  }
  if (last?.content_type === 'escalate') {
    return { kind: 'escalate', reason: member(last.content, 'reason') };
  }
  return { kind: 'end' };
}
