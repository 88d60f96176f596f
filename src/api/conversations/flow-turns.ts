/**
 * Flow bots (conversations-api.md §7.3): a user message becomes the engine event
 * `{"content_type": "text", "content": {"text": …}}`; the turn's CSML messages are stored as one
 * `bot` message whose text joins its text payloads with "\n" and whose `meta.payloads` keeps
 * them all. The stream shows one `token` per text payload (every one after the first prefixed
 * with "\n"), then `usage`, then the `message`. usage.token is the §7.3 estimate.
 */
import type { OutputMessage } from '../../csml/interpreter/types.js';
import type { Json } from '../../csml/json.js';
import type { BotVersion } from '../../engine/bot-version.js';
import { Engine } from '../../engine/engine.js';
import { newId } from '../../engine/ids.js';
import { MemoryStore } from '../../engine/memory-store.js';
import type { JsonObject, SurfaceConversation, SurfaceMessage } from '../../engine/store.js';
import { estimate } from './answers.js';
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

/**
 * One engine turn on a stored conversation for a pending user message, inside the caller's
 * transaction (which holds the conversation), and its bot message stored.
 */
export async function storedFlowTurn(
  ctx: Context,
  conversation: SurfaceConversation,
  version: BotVersion,
  input: string,
  emit: Emit,
): Promise<{ readonly message: SurfaceMessage; readonly tokens: number }> {
  const outcome = await ctx.engine.converse({
    conversationId: conversation.id,
    loadVersion: () => Promise.resolve(version),
    event: eventOf(input),
    metadata: conversation.wireMeta ?? {},
    endCloses: false,
  });
  const answer = reply(input, outcome.turn.messages, emit);
  const message = await ctx.store.appendMessage({
    id: newId(),
    orgId: conversation.orgId,
    botId: conversation.botId,
    conversationId: conversation.id,
    turnSeq: outcome.turn.seq,
    type: 'bot',
    text: answer.text,
    meta: { payloads: answer.payloads },
    entities: [],
    at: ctx.now(),
  });
  emit('message', messageEventData(message));
  return { message, tokens: answer.tokens };
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
