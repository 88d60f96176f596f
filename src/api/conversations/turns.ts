/**
 * Complete, send and receive on a conversation (conversations-api.md §6.4–6.6, §7.2, §7.5).
 *
 * A request is prepared, then run. Preparing records the conversation's newest message (the
 * retry baseline), takes the conversation's lock (30 s, then 503), recognises retries (an
 * Idempotency-Key seen before, or a double submit of the latest request) and checks what the
 * turn needs (a bot that can answer, pending input), so that every refusal is an HTTP error
 * before a stream's first byte. Running stores everything in one transaction that also holds
 * the conversation in the database (FOR UPDATE on PostgreSQL): the user message, each turn's
 * messages, the pending-input mark and the answer kept for retries. A flow bot's turns run
 * inside it; an LLM bot's model calls run before it (a SQLite transaction must not wait on a
 * network), and the transaction first checks that no other process wrote meanwhile. A failed
 * run stores nothing (§7.6).
 */
import { EngineError } from '../../engine/errors.js';
import { newId } from '../../engine/ids.js';
import { runLlmTurn } from '../../engine/llm/turn.js';
import type { LlmTurnResult } from '../../engine/llm/turn.js';
import { LockTimeoutError } from '../../engine/store.js';
import type { JsonObject, SurfaceConversation, SurfaceMessage } from '../../engine/store.js';
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
import { notFound, visibleConversation } from './access.js';
import type { Context } from './context.js';
import type { Emit } from './event-stream.js';
import { storedFlowTurn } from './flow-turns.js';
import type { TurnRequest } from './turn-request.js';
import { messageEventData } from './views.js';

/** Stored answers are kept at least this long (§7.5). */
export const KEEP_REQUESTS_MS = 24 * 3600_000;

export interface PreparedTurn {
  /** Runs (or replays) the request; events go to `emit`. */
  run(emit: Emit, signal: AbortSignal | undefined): Promise<TurnAnswer>;
  /** Releases the conversation's lock (once the answer is out). */
  release(): void;
}

interface Prepared {
  readonly conversation: SurfaceConversation;
  readonly request: TurnRequest;
  /** The newest message id when the request arrived (§7.5). */
  readonly baseline: string | null;
  /** The newest message id once the lock was held: unchanged until the run commits. */
  readonly last: string | null;
}

export async function prepareTurn(
  ctx: Context,
  principal: Principal,
  conversation: SurfaceConversation,
  request: TurnRequest,
): Promise<PreparedTurn> {
  const { orgId } = principal;
  const cid = conversation.id;
  const baseline = (await ctx.store.lastMessage(orgId, cid))?.id ?? null;
  const release = await ctx.lock(cid);
  try {
    const current = await visibleConversation(ctx, principal, cid);
    const last = (await ctx.store.lastMessage(orgId, cid))?.id ?? null;
    const retried = await retriedAnswer(ctx, cid, request, baseline);
    if (retried) return { release, run: (emit) => Promise.resolve(replay(retried, emit)) };
    const prepared: Prepared = { conversation: current, request, baseline, last };
    if (request.operation === 'send') {
      return { release, run: (_emit, signal) => runSend(ctx, prepared, signal) };
    }
    const bot = await ctx.store.getBot(orgId, current.botId);
    if (!bot) throw notFound();
    const answerer = await conversationAnswerer(ctx, bot, current);
    if (answerer.kind === 'flow') await requirePendingInput(ctx, current, request);
    return { release, run: (emit, signal) => runAnswer(ctx, prepared, answerer, emit, signal) };
  } catch (error) {
    release();
    throw error;
  }
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

async function requirePendingInput(
  ctx: Context,
  conversation: SurfaceConversation,
  request: TurnRequest,
): Promise<void> {
  if (request.text !== undefined) return;
  const after = await ctx.store.messagesAfter(
    conversation.orgId,
    conversation.id,
    conversation.consumedSeq,
  );
  if (!after.some((m) => m.type === 'user')) {
    throw new EngineError('bad_request', 'there is no user message to answer');
  }
}

/**
 * Runs `work` in the conversation's transaction, once sure that nothing was written since the
 * request was prepared (another server process on the same database: 503, which clients retry).
 */
async function inTransaction<T>(
  ctx: Context,
  prepared: Prepared,
  work: () => Promise<T>,
): Promise<T> {
  const { conversation } = prepared;
  try {
    return await ctx.store.withConversation(
      conversation.id,
      async () => {
        const last = await ctx.store.lastMessage(conversation.orgId, conversation.id);
        if ((last?.id ?? null) !== prepared.last) {
          throw new EngineError(
            'unavailable',
            'the conversation changed while this request ran; try again',
          );
        }
        return work();
      },
      { waitMs: ctx.lockWaitMs },
    );
  } catch (error) {
    if (error instanceof LockTimeoutError) {
      throw new EngineError('lock_timeout', 'the conversation is busy; try again');
    }
    throw error;
  }
}

async function appendUser(
  ctx: Context,
  prepared: Prepared,
  id: string,
  text: string,
): Promise<SurfaceMessage> {
  const { conversation, request } = prepared;
  return ctx.store.appendMessage({
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
  });
}

/** Keeps the answer for retries, in the run's transaction. */
async function keep(ctx: Context, prepared: Prepared, answer: TurnAnswer): Promise<void> {
  const at = ctx.now();
  await ctx.store.insertRequest({
    id: newId(),
    conversationId: prepared.conversation.id,
    operation: prepared.request.operation,
    idempotencyKey: prepared.request.idempotencyKey ?? null,
    bodyDigest: prepared.request.bodyDigest,
    inputDigest: prepared.request.inputDigest,
    baseline: prepared.baseline,
    response: toStored(answer),
    createdAt: at,
  });
}

async function runSend(
  ctx: Context,
  prepared: Prepared,
  signal: AbortSignal | undefined,
): Promise<TurnAnswer> {
  const text = prepared.request.text ?? '';
  return inTransaction(ctx, prepared, async () => {
    const user = await appendUser(ctx, prepared, newId(), text);
    const answer: TurnAnswer = {
      result: sendResult(user.id, text, prepared.request.entities),
      sendResult: null,
      botText: '',
      messages: [],
      activity: null,
    };
    await keep(ctx, prepared, answer);
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
  return inTransaction(ctx, prepared, async () => {
    let sent: JsonObject | null = null;
    if (request.text !== undefined) {
      const user = await appendUser(ctx, prepared, newId(), request.text);
      sent = sendResult(user.id, request.text, request.entities);
      emit('sendResult', sent);
    }
    const pending = (
      await ctx.store.messagesAfter(conversation.orgId, conversation.id, conversation.consumedSeq)
    ).filter((m) => m.type === 'user');
    let tokens = 0;
    let last: SurfaceMessage | null = null;
    const messages: JsonObject[] = [];
    for (const input of pending) {
      checkNotAborted(signal);
      const turn = await storedFlowTurn(ctx, conversation, answerer.version, input.text, emit);
      tokens += turn.tokens;
      last = turn.message;
      messages.push(messageEventData(turn.message));
    }
    if (last === null) throw new EngineError('bad_request', 'there is no user message to answer');
    await ctx.store.setConsumedSeq(conversation.orgId, conversation.id, last.seq);
    const answer: TurnAnswer = {
      result: result(prepared, last.id, last.text, tokens, 'stop'),
      sendResult: sent,
      botText: last.text,
      messages,
      activity: null,
    };
    await keep(ctx, prepared, answer);
    checkNotAborted(signal);
    return answer;
  });
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
  return inTransaction(ctx, prepared, async () => {
    checkNotAborted(signal);
    if (request.text !== undefined) await appendUser(ctx, prepared, userId, request.text);
    let last: SurfaceMessage | null = null;
    for (const message of turn.messages) {
      last = await ctx.store.appendMessage({
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
      });
    }
    if (last === null) throw new Error('an LLM turn stored no message');
    await ctx.store.setConsumedSeq(conversation.orgId, conversation.id, last.seq);
    const text = last.type === 'bot' ? last.text : turn.text;
    const answer: TurnAnswer = {
      result: result(prepared, last.id, text, turn.tokens, turn.endReason),
      sendResult: sent,
      botText: text,
      messages: turn.messages.map(messageEventData),
      activity:
        turn.endReason === 'activity' && request.operation === 'complete'
          ? turn.lastRequests.map(messageEventData)
          : null,
    };
    await keep(ctx, prepared, answer);
    checkNotAborted(signal);
    return answer;
  });
}
