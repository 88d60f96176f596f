/**
 * A conversation's messages as chat-completions messages (conversations-api.md §7.4 "History"):
 * `backstory`, `instruction`, `context`, `checkpoint` → system; `user` → user; `bot` →
 * assistant; an activity request → an assistant tool call; an activity response → the tool
 * answer of the nearest earlier unanswered request of that function; `reasoning` and
 * `trigger` are dropped. Tool calls nobody answered are left out, and so are answers to no
 * call: OpenAI-compatible APIs refuse both.
 */
import type { Json } from '../../csml/json.js';
import { stringifyJson } from '../../csml/json.js';
import type { JsonObject } from '../store.js';
import type { ChatMessage, ToolCall } from './provider.js';

/** A message as the conversation holds it (stored, or given to a stateless complete). */
export interface HistoryMessage {
  readonly type: string;
  readonly text: string;
  readonly meta: JsonObject | null;
}

const SYSTEM_TYPES = new Set(['backstory', 'instruction', 'context', 'checkpoint']);

export interface ActivityFunction {
  readonly kind: 'request' | 'response' | 'trigger';
  readonly name: string;
  readonly arguments: Json | undefined;
  readonly result: Json | undefined;
}

function isObject(value: Json | undefined): value is { readonly [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `meta.activity` of an activity message, when it has the shape §5 requires. */
export function activityOf(meta: JsonObject | null): ActivityFunction | null {
  const activity = meta?.activity;
  if (!isObject(activity)) return null;
  const kind = activity.type;
  const fn = activity.function;
  if (kind !== 'request' && kind !== 'response' && kind !== 'trigger') return null;
  if (!isObject(fn) || typeof fn.name !== 'string') return null;
  return { kind, name: fn.name, arguments: fn.arguments, result: fn.result };
}

/** Arguments or a result as the API wants them: JSON text (strings are taken as written). */
export function jsonText(value: Json | undefined): string {
  if (value === undefined) return '{}';
  return typeof value === 'string' ? value : stringifyJson(value);
}

interface Draft {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  calls: (ToolCall & { answered: boolean })[];
  toolCallId?: string;
}

export function chatHistory(history: readonly HistoryMessage[]): ChatMessage[] {
  const drafts: Draft[] = [];
  let counter = 0;
  for (const message of history) {
    if (SYSTEM_TYPES.has(message.type)) {
      drafts.push({ role: 'system', content: message.text, calls: [] });
    } else if (message.type === 'user') {
      drafts.push({ role: 'user', content: message.text, calls: [] });
    } else if (message.type === 'bot') {
      drafts.push({ role: 'assistant', content: message.text, calls: [] });
    } else if (message.type === 'activity') {
      const activity = activityOf(message.meta);
      if (activity?.kind === 'request') {
        const call = {
          id: `call_${++counter}`,
          type: 'function' as const,
          function: { name: activity.name, arguments: jsonText(activity.arguments) },
          answered: false,
        };
        // Calls of one model answer share its assistant message.
        const last = drafts.at(-1);
        if (last?.role === 'assistant') last.calls.push(call);
        else drafts.push({ role: 'assistant', content: null, calls: [call] });
      } else if (activity?.kind === 'response') {
        const call = drafts
          .flatMap((d) => d.calls)
          .reverse()
          .find((c) => !c.answered && c.function.name === activity.name);
        if (call) {
          call.answered = true;
          drafts.push({
            role: 'tool',
            content: jsonText(activity.result),
            calls: [],
            toolCallId: call.id,
          });
        }
      }
    }
  }
  const messages: ChatMessage[] = [];
  for (const draft of drafts) {
    if (draft.role === 'tool') {
      messages.push({
        role: 'tool',
        tool_call_id: draft.toolCallId ?? '',
        content: draft.content ?? '',
      });
    } else if (draft.role === 'assistant') {
      const calls = draft.calls
        .filter((c) => c.answered)
        .map(({ id, type, function: fn }) => ({ id, type, function: fn }));
      if (calls.length > 0)
        messages.push({ role: 'assistant', content: draft.content, tool_calls: calls });
      else if (draft.content !== null) messages.push({ role: 'assistant', content: draft.content });
    } else {
      messages.push({ role: draft.role, content: draft.content ?? '' });
    }
  }
  return messages;
}
