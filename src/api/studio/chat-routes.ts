/**
 * Studio chat and conversations (studio-api.md §7): one engine turn per request on the
 * client's conversation (channel `studio`, key `<channel_id>:<user_id>`), pinned to the
 * version it started on; `request_id` retries answered from the stored turn.
 */
import { createHash } from 'node:crypto';

import { stringifyJson } from '../../csml/json.js';
import type { BuildService, VersionSnapshot } from '../../engine/builds.js';
import type { Engine, TurnOutcome } from '../../engine/engine.js';
import { EngineError } from '../../engine/errors.js';
import type { BotVersion } from '../../engine/bot-version.js';
import { isUuid, newId } from '../../engine/ids.js';
import type { ConversationKey, JsonObject, Store, StoredTurn } from '../../engine/store.js';
import type { Principal } from '../principal.js';
import type { RouteDef } from '../route.js';
import { botRoutes } from './bot-scope.js';
import type { BotRef } from './bot-scope.js';
import { chatSchema, userBodySchema } from './schemas.js';
import type { ChatBody } from './schemas.js';
import { iso } from './views.js';

export interface ChatDeps {
  readonly store: Store;
  readonly builds: BuildService;
  readonly engine: Engine;
  readonly now: () => number;
}

/** Studio's lock wait (ARCHITECTURE.md "One turn"): then 409 conflict. */
const LOCK_WAIT_MS = 10_000;

function conversationKey(ref: BotRef, principal: Principal, userId: string): ConversationKey {
  return {
    orgId: ref.orgId,
    botId: ref.botId,
    channel: 'studio',
    externalKey: `${principal.channelId}:${userId}`,
  };
}

function digestOf(body: ChatBody): string {
  const rest: Partial<ChatBody> = { ...body };
  delete rest.request_id;
  return createHash('sha256').update(stringifyJson(rest)).digest('hex');
}

async function chat(
  deps: ChatDeps,
  ref: BotRef,
  principal: Principal,
  body: ChatBody,
): Promise<JsonObject> {
  const { store, builds, engine } = deps;
  const userId = body.client.user_id;
  const key = conversationKey(ref, principal, userId);
  // The summary, not the version: its snapshot is only read when a conversation starts on it.
  const [latest] = await store.listVersions(ref.orgId, ref.botId, { limit: 1 });
  if (!latest) {
    if (!(await store.getBot(ref.orgId, ref.botId)))
      throw new EngineError('not_found', 'bot not found');
    throw new EngineError('bot_not_built', 'the bot has no build: POST /v1/api/bot/build first');
  }
  const { payload } = body;
  let startOn = latest.id;
  if (body.version_id !== undefined) {
    // The build service's cache: a playground names its version on every message.
    const chosen = isUuid(body.version_id)
      ? await builds.runnable(ref.orgId, ref.botId, body.version_id).catch((error: unknown) => {
          if (error instanceof EngineError && error.code === 'not_found') return null;
          throw error;
        })
      : null;
    if (!chosen) throw new EngineError('not_found', 'version not found', 'version_id');
    startOn = chosen.id;
    // A conversation running on another version gives way to one on the chosen version.
    const open = await store.findOpenConversation(key);
    if (open && open.versionId !== chosen.id) await store.closeConversations(key, deps.now());
  }
  if (payload.content_type === 'flow_trigger' && payload.content.close_flows === true) {
    await store.closeConversations(key, deps.now());
  }
  const requestId = body.request_id ?? newId();
  const digest = digestOf(body);
  let outcome: TurnOutcome;
  try {
    outcome = await engine.converse({
      conversation: {
        ...key,
        versionId: startOn,
        userKey: `studio:${principal.channelId}:${userId}`,
      },
      loadVersion: (versionId) => builds.runnable(ref.orgId, ref.botId, versionId),
      event: { content_type: payload.content_type, content: payload.content },
      metadata: body.metadata ?? {},
      retryKey: requestId,
      digest,
      retry: (last) => {
        if (last.retryKey !== requestId) return 'run';
        if (last.digest !== digest) {
          throw new EngineError(
            'conflict',
            `request_id ${JSON.stringify(requestId)} was already used with another body`,
            'request_id',
          );
        }
        return 'replay';
      },
      endCloses: true,
      waitMs: LOCK_WAIT_MS,
    });
  } catch (error) {
    if (error instanceof EngineError && error.code === 'invalid_event') {
      throw new EngineError('bad_request', error.message, `payload.${error.field ?? 'content'}`);
    }
    throw error;
  }
  const { turn, conversation } = outcome;
  const understood =
    conversation.versionId === null
      ? null
      : understanding(await builds.runnable(ref.orgId, ref.botId, conversation.versionId), turn);
  return {
    request_id: requestId,
    interaction_id: turn.id,
    received_at: iso(turn.createdAt),
    conversation_end: turn.conversationEnd,
    client: { bot_id: ref.botId, channel_id: principal.channelId, user_id: userId },
    messages: turn.messages.map((message) => ({
      conversation_id: conversation.id,
      direction: 'SEND',
      interaction_order: turn.interactionOrder,
      payload: { content_type: message.content_type, content: message.content },
    })),
    ...(understood ? { nlu: understood } : {}),
  };
}

/**
 * Parley member of the answer: what the version's NLU made of the turn's text event (the
 * engine wrote it into the event, csml.md §18.2), so that a playground can show it.
 */
function understanding(version: BotVersion, turn: StoredTurn): JsonObject | null {
  const { content } = turn.event;
  if (!version.nlu || turn.event.content_type !== 'text') return null;
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return null;
  const { intent = null, entities = [] } = content as JsonObject;
  return { intent, entities };
}

export function chatRoutes(deps: ChatDeps): RouteDef[] {
  const { store } = deps;
  return [
    ...botRoutes({
      method: 'POST',
      studio: '/chat',
      native: '/chat',
      summary: 'Send an event to the bot and get its answer (one turn)',
      auth: { anyOf: ['conversations:write'], allowPublic: true },
      body: chatSchema,
      async handle(ref, { principal, body }) {
        return { body: await chat(deps, ref, principal, body) };
      },
    }),
    ...botRoutes({
      method: 'POST',
      studio: '/conversations/open',
      native: '/conversations/open',
      summary: "The user's open conversation on this channel, if any",
      auth: { anyOf: ['conversations:read'] },
      body: userBodySchema,
      async handle(ref, { principal, body }) {
        if (!(await store.getBot(ref.orgId, ref.botId))) {
          throw new EngineError('not_found', 'bot not found');
        }
        const key = conversationKey(ref, principal, body.user_id);
        const open = await store.findOpenConversation(key);
        if (!open) return { body: { has_open: false, conversation: null } };
        let flowId: string | null = null;
        if (open.versionId !== null) {
          const version = await store.getVersion(ref.orgId, ref.botId, open.versionId);
          const snapshot = version?.snapshot as unknown as VersionSnapshot | undefined;
          const flowName = open.state?.flow.toLowerCase();
          flowId =
            snapshot?.flows.find((f) => f.name.toLowerCase() === flowName)?.id ??
            snapshot?.defaultFlowId ??
            null;
        }
        return {
          body: {
            has_open: true,
            conversation: {
              id: open.id,
              client: {
                channel_id: principal.channelId,
                user_id: body.user_id,
                bot_id: ref.botId,
              },
              flow_id: flowId,
              step_id: open.state?.step ?? 'start',
              metadata: open.meta,
              status: 'OPEN',
              last_interaction_at: iso(open.lastTurnAt ?? open.createdAt),
              created_at: iso(open.createdAt),
            },
          },
        };
      },
    }),
    ...botRoutes({
      method: 'POST',
      studio: '/conversations/close',
      native: '/conversations/close',
      summary: "Close the user's open conversations on this channel",
      auth: { anyOf: ['conversations:write'] },
      body: userBodySchema,
      async handle(ref, { principal, body }) {
        if (!(await store.getBot(ref.orgId, ref.botId))) {
          throw new EngineError('not_found', 'bot not found');
        }
        const closed = await store.closeConversations(
          conversationKey(ref, principal, body.user_id),
          deps.now(),
        );
        return { body: { closed } };
      },
    }),
  ];
}
