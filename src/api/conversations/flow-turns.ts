/**
 * Flow bots (conversations-api.md §7.3): a user message becomes the engine event
 * `{"content_type": "text", "content": {"text": …}}`; the turn's CSML messages are stored as one
 * `bot` message whose text joins its text payloads with "\n" and whose `meta.payloads` keeps
 * them all. The stream shows one `token` per text payload (every one after the first prefixed
 * with "\n"), then `usage`, then the `message`. usage.token is the §7.3 estimate.
 *
 * Turns of stored conversations run inside their request's transaction (turns.ts), which an
 * outbound request of the flow ends first: it is performed with no transaction open.
 */
import type { OutputMessage } from '../../csml/interpreter/types.js';
import type { Json } from '../../csml/json.js';
import type { BotVersion } from '../../engine/bot-version.js';
import { Engine, OutboundPending, TurnAttempt } from '../../engine/engine.js';
import { EngineError } from '../../engine/errors.js';
import { newId } from '../../engine/ids.js';
import { MemoryStore } from '../../engine/memory-store.js';
import type { JsonObject } from '../../engine/store.js';
import { checkNotAborted, estimate } from './answers.js';
import type { HeldConversation, Settle } from './claims.js';
import type { Context } from './context.js';
import type { Emit } from './event-stream.js';
import { messageEventData } from './views.js';

export interface FlowReply {
  readonly text: string;
  readonly payloads: JsonObject[];
  /** usage.token of the turn: ceil((input + output) / 4). */
  readonly tokens: number;
}

function textOf(message: OutputMessage): string | null {
  const content = message.content;
  if (message.content_type !== 'text') return null;
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return null;
  const text = (content as { readonly [key: string]: Json }).text;
  return typeof text === 'string' ? text : null;
}

/** The reply of a run, its stream events (tokens, usage) emitted. */
function reply(input: string, messages: readonly OutputMessage[], emit: Emit): FlowReply {
  const texts = messages.map(textOf).filter((t): t is string => t !== null);
  texts.forEach((text, index) => {
    emit('token', { token: index === 0 ? text : `\n${text}` });
  });
  const text = texts.join('\n');
  emit('usage', {
    model: 'csml',
    inputTokensUsed: estimate(input),
    outputTokensUsed: estimate(text),
  });
  return {
    text,
    payloads: messages.map((m) => ({ content_type: m.content_type, content: m.content })),
    tokens: Math.ceil((input.length + text.length) / 4),
  };
}

export const eventOf = (text: string) => ({ content_type: 'text', content: { text } });

export interface FlowTurns {
  readonly held: HeldConversation;
  readonly version: BotVersion;
  /** The pending user messages' texts, in order: one engine turn each. */
  readonly inputs: readonly string[];
  /** The client's time zone (X-Timezone), for the NLU. */
  readonly timezone: string | undefined;
  readonly emit: Emit;
  readonly signal: AbortSignal | undefined;
}

export interface FlowTurn {
  /** The id its bot message gets. */
  readonly id: string;
  readonly turnSeq: number;
  readonly reply: FlowReply;
}

/**
 * Runs one engine turn per input in one transaction of the held conversation, and `commit`s
 * their bot messages in it. A turn that must wait for an outbound request rolls it all back;
 * the request is performed outside any transaction (the conversation still held, so nothing
 * changes meanwhile), then the turns run again, each answered what its earlier runs were
 * (engine.ts TurnAttempt), so they take the same path and stream nothing twice.
 */
export async function runFlowTurns<T>(
  ctx: Context,
  spec: FlowTurns,
  commit: (turns: readonly FlowTurn[], settle: Settle) => Promise<T>,
): Promise<T> {
  const { conversation } = spec.held;
  if (spec.inputs.length === 0) {
    throw new EngineError('bad_request', 'there is no user message to answer');
  }
  const attempts = spec.inputs.map(() => new TurnAttempt());
  const ids = spec.inputs.map(() => newId());
  const rerun = shownOnce(spec.emit);
  for (;;) {
    const emit = rerun();
    try {
      return await spec.held.transaction(async (settle) => {
        const turns: FlowTurn[] = [];
        for (const [index, input] of spec.inputs.entries()) {
          checkNotAborted(spec.signal);
          const outcome = await ctx.engine.converse({
            conversationId: conversation.id,
            loadVersion: () => Promise.resolve(spec.version),
            event: eventOf(input),
            metadata: conversation.wireMeta ?? {},
            endCloses: false,
            attempt: attempts[index]!,
            ...(spec.timezone === undefined ? {} : { timezone: spec.timezone }),
          });
          const answer = reply(input, outcome.turn.messages, emit);
          const id = ids[index]!;
          turns.push({ id, turnSeq: outcome.turn.seq, reply: answer });
          emit(
            'message',
            messageEventData({
              id,
              type: 'bot',
              text: answer.text,
              meta: { payloads: answer.payloads },
            }),
          );
        }
        return commit(turns, settle);
      });
    } catch (error) {
      if (!(error instanceof OutboundPending)) throw error;
      checkNotAborted(spec.signal);
      await error.perform();
    }
  }
}

/**
 * Emitters for the runs of one request: each gives out only the events past those an earlier
 * run gave out (a run again after a rollback repeats them, in the same order).
 */
function shownOnce(emit: Emit): () => Emit {
  let shown = 0;
  return () => {
    let index = 0;
    return (type, data) => {
      index += 1;
      if (index <= shown) return;
      shown = index;
      emit(type, data);
    };
  };
}

/**
 * Stateless complete (§7.3): the user messages replayed in order in a fresh conversation that
 * is never stored (memories included); only the last turn is shown.
 */
export async function statelessFlowTurns(
  ctx: Context,
  orgId: string,
  version: BotVersion,
  inputs: readonly string[],
  timezone: string | undefined,
  emit: Emit,
): Promise<{ readonly text: string; readonly tokens: number; readonly payloads: JsonObject[] }> {
  const engine = new Engine(new MemoryStore(), { now: ctx.now, host: ctx.host });
  const id = newId();
  const conversation = {
    orgId,
    botId: version.botId,
    channel: 'conversations',
    externalKey: id,
    versionId: version.id,
    userKey: `conversations:${id}`,
  };
  let tokens = 0;
  let last: FlowReply = { text: '', payloads: [], tokens: 0 };
  for (const [index, input] of inputs.entries()) {
    const outcome = await engine.converse({
      conversation,
      loadVersion: () => Promise.resolve(version),
      event: eventOf(input),
      metadata: {},
      endCloses: false,
      ...(timezone === undefined ? {} : { timezone }),
    });
    const shown = index === inputs.length - 1;
    last = reply(input, outcome.turn.messages, shown ? emit : () => undefined);
    tokens += last.tokens;
  }
  if (inputs.length > 0) {
    emit(
      'message',
      messageEventData({ type: 'bot', text: last.text, meta: { payloads: last.payloads } }),
    );
  }
  return { text: last.text, tokens, payloads: last.payloads };
}
