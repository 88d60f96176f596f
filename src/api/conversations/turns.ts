/**
 * Complete, send and receive on a conversation (conversations-api.md §6.4–6.6, §7.2, §7.5).
 *
 * A request is prepared, then run. Preparing records the conversation's newest message (the
 * retry baseline), holds the conversation (this process's lock and the claim that serializes
 * processes, claims.ts; 30 s, then 503), recognises retries (an Idempotency-Key seen before,
 * or a double submit of the latest request) and checks what the turn needs (a bot that can
 * answer, pending input), so that every refusal is an HTTP error before a stream's first byte.
 *
 * Running stores everything in one transaction that ends by releasing the claim: the user
 * message, each turn's messages, the pending-input mark and the answer kept for retries. Work
 * that waits on the network runs outside any transaction, the conversation still held: an LLM
 * bot's model calls run before it, and a flow turn that must wait for an outbound request
 * (csml.md §18.3) rolls its transaction back, performs the request, and runs again
 * (flow-turns.ts). A failed run stores nothing (§7.6).
 */
import { EngineError } from '../../engine/errors.js';
import { newId } from '../../engine/ids.js';
import { runLlmTurn } from '../../engine/llm/turn.js';
import type { LlmTurnResult } from '../../engine/llm/turn.js';
import type {
  JsonObject,
  NewSurfaceMessage,
  SurfaceConversation,
  SurfaceMessage,
  TurnConversation,
} from '../../engine/store.js';
import type { Principal } from '../principal.js';
import { conversationAnswerer, systemPrompt } from './answerer.js';
import type { Answerer, FlowAnswerer, LlmAnswerer } from './answerer.js';
import {
  checkNotAborted,
  fromStored,
  providerError,
  replay,
  sendResult,
  toStored,
} from './answers.js';
import type { TurnAnswer } from './answers.js';
import { holdConversation } from './claims.js';
import type { HeldConversation, Settle } from './claims.js';
import type { Context } from './context.js';
import type { Emit } from './event-stream.js';
import { runFlowTurns } from './flow-turns.js';
import type { TurnRequest } from './turn-request.js';
import { messageEventData } from './views.js';

/** Stored answers are kept at least this long (§7.5; sweeper.ts prunes older ones). */
export const KEEP_REQUESTS_MS = 24 * 3600_000;

export interface PreparedTurn {
  /** Runs (or replays) the request; events go to `emit`. */
  run(emit: Emit, signal: AbortSignal | undefined): Promise<TurnAnswer>;
  /** Releases the conversation (once the answer is out). */
  release(): Promise<void>;
}

interface Prepared {
  readonly held: HeldConversation;
  readonly conversation: SurfaceConversation;
  readonly request: TurnRequest;
  /** The newest message id when the request arrived (§7.5). */
  readonly baseline: string | null;
  /** Messages after the pending-input mark, stored before this request (§7.2). */
  readonly pending: readonly SurfaceMessage[];
}

export async function prepareTurn(
  ctx: Context,
  principal: Principal,
  arrived: TurnConversation,
  request: TurnRequest,
): Promise<PreparedTurn> {
  const cid = arrived.conversation.id;
  const baseline = arrived.last?.id ?? null;
  const held = await holdConversation(ctx, principal, cid);
  const release = () => held.release();
  try {
    const retried = await retriedAnswer(ctx, cid, request, baseline);
    if (retried) return { release, run: (emit) => Promise.resolve(replay(retried, emit)) };
    const { conversation } = held;
    const pending = await pendingMessages(ctx, held);
    const prepared: Prepared = { held, conversation, request, baseline, pending };
    if (request.operation === 'send') {
      return { release, run: (_emit, signal) => runSend(ctx, prepared, signal) };
    }
    const answerer = await conversationAnswerer(ctx, conversation);
    if (
      answerer.kind === 'flow' &&
      request.text === undefined &&
      !pending.some((m) => m.type === 'user')
    ) {
      throw new EngineError('bad_request', 'there is no user message to answer');
    }
    return { release, run: (emit, signal) => runAnswer(ctx, prepared, answerer, emit, signal) };
  } catch (error) {
    await release();
    throw error;
  }
}

/** What was stored after the pending-input mark; nothing to read when the mark is the newest. */
async function pendingMessages(ctx: Context, held: HeldConversation): Promise<SurfaceMessage[]> {
  const { conversation, last } = held;
  if (last === null || last.seq <= conversation.consumedSeq) return [];
  return ctx.store.messagesAfter(conversation.orgId, conversation.id, conversation.consumedSeq);
}

/** The stored answer this request repeats, if it is a retry (§7.5). */
async function retriedAnswer(
  ctx: Context,
  cid: string,
  request: TurnRequest,
  baseline: string | null,
): Promise<TurnAnswer | null> {
  if (request.idempotencyKey !== undefined) {
    // When a key is sent, only the key decides.
    const stored = await ctx.store.findRequest(cid, request.idempotencyKey);
    if (!stored) return null;
    if (stored.operation !== request.operation || stored.bodyDigest !== request.bodyDigest) {
      throw new EngineError(
        'conflict',
        'this Idempotency-Key was already used with another request',
      );
    }
    return fromStored(stored.response);
  }
  // A double submit: the same input arrived while the latest request was still running.
  const latest = await ctx.store.findRequest(cid, null);
  if (
    latest &&
    latest.operation === request.operation &&
    latest.inputDigest === request.inputDigest &&
    latest.baseline === baseline
  ) {
    return fromStored(latest.response);
  }
  return null;
}

/** The user message of the request, as stored with the turn's other messages. */
function userMessage(ctx: Context, prepared: Prepared, id: string, text: string) {
  const { conversation, request } = prepared;
  return {
    id,
    orgId: conversation.orgId,
    botId: conversation.botId,
    conversationId: conversation.id,
    turnSeq: null,
    type: 'user',
    text,
    meta: null,
    entities: request.entities,
    at: ctx.now(),
  };
}

/**
 * The end of every run, in its transaction: the messages in one write, the answer kept for
 * retries, and the claim released with the new pending-input mark (when `consumed`).
 */
async function store(
  ctx: Context,
  prepared: Prepared,
  settle: Settle,
  messages: readonly NewSurfaceMessage[],
  answer: (stored: SurfaceMessage[]) => TurnAnswer,
  consumed: boolean,
): Promise<TurnAnswer> {
  const stored = await ctx.store.insertMessages(messages, prepared.held.last);
  const result = answer(stored);
  const at = ctx.now();
  await ctx.store.insertRequest({
    id: newId(),
    conversationId: prepared.conversation.id,
    operation: prepared.request.operation,
    idempotencyKey: prepared.request.idempotencyKey ?? null,
    bodyDigest: prepared.request.bodyDigest,
    inputDigest: prepared.request.inputDigest,
    baseline: prepared.baseline,
    response: toStored(result),
    createdAt: at,
  });
  const newest = stored.at(-1);
  await settle({
    ...(newest === undefined ? {} : { touchedAt: newest.createdAt }),
    ...(consumed && newest !== undefined ? { consumedSeq: newest.seq } : {}),
  });
  return result;
}

async function runSend(
  ctx: Context,
  prepared: Prepared,
  signal: AbortSignal | undefined,
): Promise<TurnAnswer> {
  const text = prepared.request.text ?? '';
  return prepared.held.transaction(async (settle) => {
    const user = userMessage(ctx, prepared, newId(), text);
    const answer = await store(
      ctx,
      prepared,
      settle,
      [user],
      () => ({
        result: sendResult(user.id, text, prepared.request.entities),
        sendResult: null,
        botText: '',
        messages: [],
        activity: null,
      }),
      false,
    );
    checkNotAborted(signal);
    return answer;
  });
}

function runAnswer(
  ctx: Context,
  prepared: Prepared,
  answerer: Answerer,
  emit: Emit,
  signal: AbortSignal | undefined,
): Promise<TurnAnswer> {
  return answerer.kind === 'flow'
    ? runFlow(ctx, prepared, answerer, emit, signal)
    : runLlm(ctx, prepared, answerer, emit, signal);
}

function result(
  prepared: Prepared,
  id: string,
  text: string,
  tokens: number,
  reason: string,
): JsonObject {
  const base = { id, text, usage: { token: tokens } };
  return prepared.request.operation === 'receive' ? base : { ...base, end: { reason } };
}

/** §7.2, §7.3: one engine turn per pending user message, in order, one bot message each. */
async function runFlow(
  ctx: Context,
  prepared: Prepared,
  answerer: FlowAnswerer,
  emit: Emit,
  signal: AbortSignal | undefined,
): Promise<TurnAnswer> {
  const { conversation, request } = prepared;
  const userId = newId();
  const inputs = prepared.pending.filter((m) => m.type === 'user').map((m) => m.text);
  if (request.text !== undefined) inputs.push(request.text);
  const sent =
    request.text === undefined ? null : sendResult(userId, request.text, request.entities);
  if (sent) emit('sendResult', sent);
  return runFlowTurns(
    ctx,
    {
      held: prepared.held,
      version: answerer.version,
      inputs,
      timezone: request.timezone,
      emit,
      signal,
    },
    async (turns, settle) => {
      const user =
        request.text === undefined ? [] : [userMessage(ctx, prepared, userId, request.text)];
      const bots = turns.map((turn) => ({
        id: turn.id,
        orgId: conversation.orgId,
        botId: conversation.botId,
        conversationId: conversation.id,
        turnSeq: turn.turnSeq,
        type: 'bot',
        text: turn.reply.text,
        meta: { payloads: turn.reply.payloads },
        entities: [],
        at: ctx.now(),
      }));
      const answer = await store(
        ctx,
        prepared,
        settle,
        [...user, ...bots],
        (stored) => {
          const last = stored.at(-1)!;
          return {
            result: result(
              prepared,
              last.id,
              last.text,
              turns.reduce((sum, turn) => sum + turn.reply.tokens, 0),
              'stop',
            ),
            sendResult: sent,
            botText: last.text,
            messages: stored.filter((m) => m.type === 'bot').map(messageEventData),
            activity: null,
          };
        },
        true,
      );
      checkNotAborted(signal);
      return answer;
    },
  );
}

/** §7.4: one LLM turn over the whole history; model calls first, then one transaction. */
async function runLlm(
  ctx: Context,
  prepared: Prepared,
  answerer: LlmAnswerer,
  emit: Emit,
  signal: AbortSignal | undefined,
): Promise<TurnAnswer> {
  const { conversation, request } = prepared;
  // Held: nobody else writes until this request has stored its turn (§7.5).
  const history = (await ctx.store.messagesAfter(conversation.orgId, conversation.id, 0)).map(
    ({ type, text, meta }) => ({ type, text, meta }),
  );
  const userId = newId();
  let sent: JsonObject | null = null;
  if (request.text !== undefined) {
    history.push({ type: 'user', text: request.text, meta: null });
    sent = sendResult(userId, request.text, request.entities);
    emit('sendResult', sent);
  }
  const backstory = conversation.backstory !== '' ? conversation.backstory : answerer.botBackstory;
  let turn: LlmTurnResult;
  try {
    turn = await runLlmTurn({
      provider: answerer.provider,
      model: answerer.model,
      system: systemPrompt(backstory, request.extensions),
      history,
      functions: request.functions,
      limits: request.limits,
      inputText: request.text ?? '',
      newId,
      ...(signal ? { signal } : {}),
      events: {
        token: (token) => {
          emit('token', { token });
        },
        usage: (usage) => {
          emit('usage', { ...usage });
        },
        message: (message) => {
          emit('message', messageEventData(message));
        },
      },
    });
  } catch (error) {
    throw providerError(error, signal);
  }
  if (turn.messages.length === 0) throw new Error('an LLM turn stored no message');
  return prepared.held.transaction(async (settle) => {
    checkNotAborted(signal);
    const user =
      request.text === undefined ? [] : [userMessage(ctx, prepared, userId, request.text)];
    const replies = turn.messages.map((message) => ({
      id: message.id ?? newId(),
      orgId: conversation.orgId,
      botId: conversation.botId,
      conversationId: conversation.id,
      turnSeq: null,
      type: message.type,
      text: message.text,
      meta: message.meta,
      entities: [],
      at: ctx.now(),
    }));
    const answer = await store(
      ctx,
      prepared,
      settle,
      [...user, ...replies],
      (stored) => {
        const last = stored.at(-1)!;
        const text = last.type === 'bot' ? last.text : turn.text;
        return {
          result: result(prepared, last.id, text, turn.tokens, turn.endReason),
          sendResult: sent,
          botText: text,
          messages: turn.messages.map(messageEventData),
          activity:
            turn.endReason === 'activity' && request.operation === 'complete'
              ? turn.lastRequests.map(messageEventData)
              : null,
        };
      },
      true,
    );
    checkNotAborted(signal);
    return answer;
  });
}
