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
  /** The detected intent of a text event (csml.md §18.2), if any. */
  intent: string | null = null,
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

  // Parley: an intent mapped by the bot setting intentFlows starts its flow, as a command does.
  const mapped = intent === null ? undefined : version.settings.intentFlows?.[intent];
  if (mapped !== undefined) {
    const target = version.flows.find((f) => f.id === mapped) ?? program.findFlow(mapped);
    if (target) return start(program.findFlow(target.name)?.name ?? target.name);
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
