/** Which flow and step an event runs (csml.md §14.2), first match wins. */
import type { EventInput } from '../csml/interpreter/types.js';
import type { BotProgram } from '../csml/interpreter/program.js';
import type { BotVersion } from './bot-version.js';
import type { ConversationState } from './store.js';

export interface Selection {
  readonly state: ConversationState;
  /** A new flow starts: any pending hold is dropped. */
  readonly fresh: boolean;
}

export function selectFlow(
  version: BotVersion,
  program: BotProgram,
  event: EventInput,
  open: ConversationState | null,
): Selection {
  const start = (flow: string, step = 'start'): Selection => ({
    state: { flow, step, hold: null },
    fresh: true,
  });

  if (
    event.contentType === 'flow_trigger' &&
    typeof event.content === 'object' &&
    event.content !== null &&
    !Array.isArray(event.content)
  ) {
    const content = event.content as Readonly<Record<string, unknown>>;
    const target = program.findFlow(String(content.flow_id));
    if (!target) return start(program.defaultFlow);
    return start(target.name, typeof content.step_id === 'string' ? content.step_id : 'start');
  }

  const value = event.value.toLowerCase();
  for (const flow of version.flows) {
    const hit =
      event.contentType === 'regex'
        ? flow.commands.some((command) => safeRegex(event.value)?.test(command) ?? false)
        : flow.commands.some((command) => command.toLowerCase() === value);
    if (hit) return start(program.findFlow(flow.name)?.name ?? flow.name);
  }

  if (open && program.findFlow(open.flow)) return { state: open, fresh: false };
  return start(program.defaultFlow);
}

function safeRegex(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern);
  } catch {
    return null;
  }
}
