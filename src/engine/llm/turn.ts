/**
 * One turn of an LLM bot (conversations-api.md §7.4): model calls until the model answers
 * without asking for functions, a requested function has no server-side result (the caller
 * answers it: `end.reason` `activity`), or the `iterations` limit is reached. Functions whose
 * definition carries `result.data` are answered here and the model is called again; after
 * `calls` executed calls, later model calls offer no tools.
 *
 * Nothing is stored here: the turn reports what it produced (bot text, activity requests and
 * responses, in order) through `events` as it goes, and returns it for the caller to commit.
 */
import type { Json } from '../../csml/json.js';
import type { JsonObject } from '../store.js';
import type { ModelChoice } from './model-string.js';
import { chatHistory } from './prompt.js';
import type { HistoryMessage } from './prompt.js';
import type { ChatMessage, LlmProvider, ToolDefinition } from './provider.js';

export interface FunctionDefinition {
  readonly name: string;
  readonly description: string;
  readonly parameters: Json;
  /** Present: Parley answers calls itself with `data`. */
  readonly result?: { readonly data: Json } | undefined;
}

export type EndReason = 'stop' | 'length' | 'activity' | 'iteration';

/** A message the turn produced (§5 Message without times; `id` when stateful). */
export interface ProducedMessage {
  readonly id?: string;
  readonly type: 'bot' | 'activity';
  readonly text: string;
  readonly meta: JsonObject | null;
}

export interface CallUsage {
  readonly model: string;
  readonly inputTokensUsed: number;
  readonly outputTokensUsed: number;
}

export interface LlmTurnEvents {
  token(token: string): void;
  usage(usage: CallUsage): void;
  message(message: ProducedMessage): void;
}

export interface LlmTurnInput {
  readonly provider: LlmProvider;
  readonly model: ModelChoice;
  /** The system prompt; '' for none. */
  readonly system: string;
  readonly history: readonly HistoryMessage[];
  readonly functions: readonly FunctionDefinition[];
  readonly limits: { readonly iterations: number; readonly calls: number };
  /** The user text of the turn, for the usage estimate when the provider reports none. */
  readonly inputText: string;
  readonly events: LlmTurnEvents;
  /** Ids for produced messages (stateful turns); undefined: messages have none. */
  readonly newId?: () => string;
  readonly signal?: AbortSignal;
}

export interface LlmTurnResult {
  /** Everything produced, in order. */
  readonly messages: readonly ProducedMessage[];
  /** The text of the last model call. */
  readonly text: string;
  readonly endReason: EndReason;
  /** Provider-reported tokens summed over the calls (estimated where none was reported). */
  readonly tokens: number;
  /** The activity requests of the last call (JSON results of `activity` turns). */
  readonly lastRequests: readonly ProducedMessage[];
}

/** The §7.3 estimate: a quarter of the characters. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function parseArguments(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

export async function runLlmTurn(input: LlmTurnInput): Promise<LlmTurnResult> {
  const { provider, model, functions, limits, events } = input;
  const byName = new Map(functions.map((f) => [f.name, f]));
  const tools: ToolDefinition[] = functions.map((f) => ({
    type: 'function',
    function: { name: f.name, description: f.description, parameters: f.parameters },
  }));
  let history: HistoryMessage[] = [...input.history];
  if (model.interactionMaxMessages !== undefined) {
    history = history.slice(-model.interactionMaxMessages);
  }
  const produced: ProducedMessage[] = [];
  const emit = (message: Omit<ProducedMessage, 'id'>): ProducedMessage => {
    const full: ProducedMessage = input.newId ? { id: input.newId(), ...message } : message;
    produced.push(full);
    history.push(full);
    events.message(full);
    return full;
  };
  let executed = 0;
  let tokens = 0;
  let text = '';
  let lastRequests: ProducedMessage[] = [];
  for (let call = 1; ; call++) {
    if (call > limits.iterations) return finish('iteration');
    const messages: ChatMessage[] = [
      ...(input.system === '' ? [] : [{ role: 'system' as const, content: input.system }]),
      ...chatHistory(history),
    ];
    const offered = executed < limits.calls ? tools : [];
    const result = await provider.complete({
      model: model.name,
      messages,
      tools: offered,
      params: model.params,
      ...(input.signal ? { signal: input.signal } : {}),
      onToken: (token) => {
        events.token(token);
      },
    });
    text = result.text;
    const usage: CallUsage = result.usage
      ? {
          model: model.name,
          inputTokensUsed: result.usage.promptTokens,
          outputTokensUsed: result.usage.completionTokens,
        }
      : {
          model: model.name,
          inputTokensUsed: estimateTokens(input.inputText),
          outputTokensUsed: estimateTokens(result.text),
        };
    tokens += result.usage
      ? usage.inputTokensUsed + usage.outputTokensUsed
      : estimateTokens(input.inputText + result.text);
    events.usage(usage);
    // A call that answered nothing at all still leaves its (empty) bot message: every turn
    // has a last message to name.
    if (result.text !== '' || result.toolCalls.length === 0) {
      emit({ type: 'bot', text: result.text, meta: null });
    }
    lastRequests = result.toolCalls.map((requested) =>
      emit({
        type: 'activity',
        text: '',
        meta: {
          activity: {
            type: 'request',
            function: { name: requested.name, arguments: parseArguments(requested.arguments) },
          },
        },
      }),
    );
    if (result.toolCalls.length === 0) {
      return finish(result.finishReason === 'length' ? 'length' : 'stop');
    }
    const answers = result.toolCalls.map((requested) => byName.get(requested.name)?.result);
    if (answers.some((answer) => answer === undefined)) return finish('activity');
    result.toolCalls.forEach((requested, index) => {
      emit({
        type: 'activity',
        text: '',
        meta: {
          activity: {
            type: 'response',
            function: {
              name: requested.name,
              arguments: parseArguments(requested.arguments),
              result: answers[index]?.data ?? null,
            },
          },
        },
      });
    });
    executed += result.toolCalls.length;
  }

  function finish(endReason: EndReason): LlmTurnResult {
    return { messages: produced, text, endReason, tokens, lastRequests };
  }
}
