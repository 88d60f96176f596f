/**
 * Stateless complete (conversations-api.md §6.7, §7.1): the bot is `botId`, else the key's
 * bound bot (inline `backstory`/`model` override it), else an inline LLM configuration when
 * `backstory` or `model` is given, else the organization's default bot. Nothing is stored.
 * A flow bot replays the user messages (flow-turns.ts); an LLM bot answers the whole history.
 */
import { EngineError } from '../../engine/errors.js';
import { runLlmTurn } from '../../engine/llm/turn.js';
import type { LlmTurnResult } from '../../engine/llm/turn.js';
import type { BotRecord } from '../../engine/store.js';
import type { Principal } from '../principal.js';
import { implicitBot, NO_BOT, requireApiKey, visibleBot } from './access.js';
import { flowAnswerer, llmAnswerer, NO_MODEL, systemPrompt } from './answerer.js';
import type { Answerer } from './answerer.js';
import { providerError, sendResult } from './answers.js';
import type { TurnAnswer } from './answers.js';
import type { Context } from './context.js';
import type { Emit } from './event-stream.js';
import { statelessFlowTurns } from './flow-turns.js';
import { checkActivities } from './message-rules.js';
import type { StatelessCompleteBody } from './schemas.js';
import { functionDefinitions } from './turn-request.js';
import { messageEventData } from './views.js';

const DEFAULT_ITERATIONS = 10;
const DEFAULT_CALLS = 10;

async function statelessAnswerer(
  ctx: Context,
  principal: Principal,
  body: StatelessCompleteBody,
): Promise<Answerer> {
  const inline = body.backstory !== undefined || body.model !== undefined;
  let bot: BotRecord | null;
  if (body.botId !== undefined) bot = await visibleBot(ctx, principal, body.botId);
  else if (principal.botId !== null) bot = await visibleBot(ctx, principal, principal.botId);
  else if (inline) bot = null;
  else bot = await implicitBot(ctx, principal);
  if (bot === null && !inline) throw new EngineError('bad_request', NO_BOT);
  if (bot !== null) {
    const [latest] = await ctx.store.listVersions(bot.orgId, bot.id, { limit: 1 });
    const flow = await flowAnswerer(ctx, bot, latest?.id ?? null);
    if (flow) return flow;
    if (bot.llm === null && body.model === undefined) {
      const flows = await ctx.store.listFlows(bot.orgId, bot.id);
      if (flows.length > 0) throw new EngineError('bad_request', 'bot has no built version');
      throw new EngineError('bad_request', NO_MODEL);
    }
  }
  return llmAnswerer(ctx, bot, [body.model]);
}

export async function statelessComplete(
  ctx: Context,
  principal: Principal,
  body: StatelessCompleteBody,
  timezone: string | undefined,
  emit: Emit,
  signal: AbortSignal | undefined,
): Promise<TurnAnswer> {
  requireApiKey(principal);
  if (body.attachments !== undefined && body.attachments.length > 0) {
    throw new EngineError('bad_request', 'attachments are not supported in stateless complete');
  }
  const functions = functionDefinitions(body.functions);
  const answerer = await statelessAnswerer(ctx, principal, body);
  const users = body.messages.filter((m) => m.type === 'user').map((m) => m.text);
  checkActivities(body.messages, 'messages');
  if (answerer.kind === 'flow' && users.length === 0) {
    throw new EngineError('bad_request', 'messages must contain a user message');
  }
  const lastInput = body.messages.at(-1)?.text ?? '';
  const sent = sendResult(undefined, lastInput, []);
  emit('sendResult', sent);
  if (answerer.kind === 'flow') {
    const reply = await statelessFlowTurns(
      ctx,
      principal.orgId,
      answerer.version,
      users,
      timezone,
      emit,
    );
    return {
      result: { text: reply.text, usage: { token: reply.tokens }, end: { reason: 'stop' } },
      sendResult: sent,
      botText: reply.text,
      messages: [],
      activity: null,
    };
  }
  let turn: LlmTurnResult;
  try {
    turn = await runLlmTurn({
      provider: answerer.provider,
      model: answerer.model,
      system: systemPrompt(body.backstory ?? answerer.botBackstory, body.extensions),
      history: body.messages.map((m) => ({ type: m.type, text: m.text, meta: m.meta ?? null })),
      functions,
      limits: {
        iterations: body.limits?.iterations ?? DEFAULT_ITERATIONS,
        calls: body.limits?.calls ?? DEFAULT_CALLS,
      },
      inputText: users.at(-1) ?? '',
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
  return {
    result: { text: turn.text, usage: { token: turn.tokens }, end: { reason: turn.endReason } },
    sendResult: sent,
    botText: turn.text,
    messages: turn.messages.map(messageEventData),
    activity:
      turn.endReason === 'activity' ? turn.lastRequests.map((m) => messageEventData(m)) : null,
  };
}
