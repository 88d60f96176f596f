/**
 * A bot's conversations on every surface, for the people who build it (Parley native routes,
 * read by the web studio): a newest-first list and each conversation's transcript.
 */
import { EngineError, notFound } from '../../engine/errors.js';
import { isUuid } from '../../engine/ids.js';
import type { Conversation, JsonObject, Store, TranscriptEntry } from '../../engine/store.js';
import type { RouteDef } from '../route.js';
import { botRoutes } from './bot-scope.js';
import type { BotRef } from './bot-scope.js';
import { conversationParams, conversationsQuerySchema, transcriptQuerySchema } from './schemas.js';
import { iso } from './views.js';

const READ = { anyOf: ['conversations:read'] };

function conversationView(conversation: Conversation): JsonObject {
  return {
    id: conversation.id,
    channel: conversation.channel,
    status: conversation.status,
    user: conversation.externalKey,
    version_id: conversation.versionId,
    turns: conversation.turns,
    created_at: iso(conversation.createdAt),
    // Conversations without turns (LLM bots) move their updatedAt with each message.
    last_activity_at: iso(conversation.lastTurnAt ?? conversation.updatedAt),
  };
}

function transcriptView(entry: TranscriptEntry): JsonObject {
  return {
    seq: entry.seq,
    direction: entry.type === 'user' ? 'user' : 'bot',
    type: entry.type,
    payload: { content_type: entry.contentType, content: entry.content },
    created_at: iso(entry.createdAt),
  };
}

async function botConversation(
  store: Store,
  ref: BotRef,
  conversationId: string,
): Promise<Conversation> {
  if (!(await store.getBot(ref.orgId, ref.botId))) throw notFound('bot');
  const conversation = isUuid(conversationId)
    ? await store.getConversation(ref.orgId, conversationId)
    : null;
  if (conversation?.botId !== ref.botId) throw notFound('conversation');
  return conversation;
}

export function conversationRoutes(store: Store): RouteDef[] {
  return [
    ...botRoutes({
      method: 'GET',
      studio: null,
      native: '/conversations',
      summary: "The bot's conversations on every channel, newest first",
      auth: READ,
      query: conversationsQuerySchema,
      async handle(ref, { query }) {
        if (!(await store.getBot(ref.orgId, ref.botId))) throw notFound('bot');
        // One more than asked tells whether an older page exists.
        const rows = await store.listBotConversations(ref.orgId, ref.botId, {
          limit: query.limit + 1,
          ...(query.before === undefined ? {} : { before: query.before }),
        });
        if (rows === null) {
          throw new EngineError(
            'bad_request',
            'before names no conversation of this bot',
            'before',
          );
        }
        const page = rows.slice(0, query.limit);
        return {
          body: {
            items: page.map(conversationView),
            next_before: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
          },
        };
      },
    }),
    ...botRoutes({
      method: 'GET',
      studio: null,
      native: '/conversations/:conversationId',
      summary: 'One conversation of the bot',
      auth: READ,
      params: conversationParams,
      async handle(ref, { params }) {
        return {
          body: conversationView(await botConversation(store, ref, params.conversationId)),
        };
      },
    }),
    ...botRoutes({
      method: 'GET',
      studio: null,
      native: '/conversations/:conversationId/messages',
      summary: "A conversation's transcript: the user's events and the bot's messages in order",
      auth: READ,
      params: conversationParams,
      query: transcriptQuerySchema,
      async handle(ref, { params, query }) {
        const conversation = await botConversation(store, ref, params.conversationId);
        const rows = await store.listTranscript(ref.orgId, conversation.id, {
          after: query.after,
          limit: query.limit + 1,
        });
        const page = rows.slice(0, query.limit);
        return {
          body: {
            items: page.map(transcriptView),
            next_after: rows.length > query.limit ? (page.at(-1)?.seq ?? null) : null,
          },
        };
      },
    }),
  ];
}
