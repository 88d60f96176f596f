/**
 * The Conversations surface (conversations-api.md), ChatBotKit-compatible: every operation of
 * §6 under both `/api/v1` and `/v1` (§2.1), `GET` for lists and fetches, `POST` for the rest,
 * signed `PUT`/`GET` for attachment bytes, 501 for the ChatBotKit routes Parley does not
 * implement (§1). GET needs `conversations:read`, POST `conversations:write` (§3).
 */
import { z } from 'zod';

import { EngineError } from '../../engine/errors.js';
import type { AuthRequirement, RouteDef, RouteRequest, RouteResponse } from '../route.js';
import { route } from '../route.js';
import { requireApiKey, visibleConversation, visibleTurnConversation } from './access.js';
import {
  getAttachmentContent,
  listAttachments,
  putAttachmentContent,
  uploadAttachment,
  uploadBodyLimit,
} from './attachments.js';
import { jsonBody } from './answers.js';
import { createContext } from './context.js';
import type { Context, ConversationsDeps } from './context.js';
import {
  contactUpsert,
  createConversation,
  deleteConversation,
  fetchConversation,
  listConversations,
  updateConversation,
} from './conversation-routes.js';
import { DISCARD, eventStream, responseMode } from './event-stream.js';
import {
  createMessage,
  deleteMessage,
  fetchMessage,
  listMessages,
  updateMessage,
} from './message-routes.js';
import {
  attachmentParams,
  completeSchema,
  contactSchema,
  conversationParams,
  createConversationSchema,
  createMessageSchema,
  messageParams,
  querySchema,
  receiveSchema,
  sendSchema,
  sessionSchema,
  statelessCompleteSchema,
  updateConversationSchema,
  updateMessageSchema,
  uploadSchema,
} from './schemas.js';
import { mintSessionToken } from './session-tokens.js';
import { statelessComplete } from './stateless.js';
import { startSweeper } from './sweeper.js';
import type { Sweeper } from './sweeper.js';
import { timezoneOf, turnRequest } from './turn-request.js';
import type { TurnBody, TurnOperation } from './turn-request.js';
import { prepareTurn } from './turns.js';
import type { TurnAnswer } from './answers.js';
import type { Emit } from './event-stream.js';

export type { ConversationsDeps } from './context.js';
export { sessionTokenVerifier } from './session-tokens.js';

const PREFIXES = ['/api/v1', '/v1'] as const;
const READ: AuthRequirement = { anyOf: ['conversations:read'] };
const WRITE: AuthRequirement = { anyOf: ['conversations:write'] };
const TAGS = ['Conversations (ChatBotKit)'];

/** Declares a route under both prefixes; `prefix` tells the handler which one was used. */
function both<P, Q, B>(
  def: Omit<RouteDef<P, Q, B>, 'surface' | 'auth' | 'handle' | 'tags'> & {
    readonly auth?: AuthRequirement | false;
    handle(request: RouteRequest<P, Q, B>, prefix: string): Promise<RouteResponse>;
  },
): RouteDef[] {
  return PREFIXES.map((prefix) =>
    route<P, Q, B>({
      ...def,
      url: `${prefix}${def.url}`,
      surface: 'conversations',
      tags: TAGS,
      auth: def.auth ?? (def.method === 'GET' ? READ : WRITE),
      handle: (request) => def.handle(request, prefix),
    }),
  );
}

/** Runs an operation as JSON or as a stream, by the request's Accept (§2.4). */
async function answer(
  ctx: Context,
  request: {
    readonly headers: RouteRequest<unknown, unknown, unknown>['headers'];
    readonly signal: AbortSignal;
  },
  operation: (emit: Emit, signal: AbortSignal | undefined) => Promise<TurnAnswer>,
  release?: () => Promise<void>,
): Promise<RouteResponse> {
  let mode;
  try {
    mode = responseMode(request.headers.accept, true);
  } catch (error) {
    await release?.();
    throw error;
  }
  if (mode === 'json') {
    try {
      return { body: jsonBody(await operation(DISCARD, undefined)) };
    } finally {
      await release?.();
    }
  }
  const streamed = eventStream({
    mode,
    now: ctx.now,
    run: async (emit) => (await operation(emit, request.signal)).result,
    ...(release
      ? {
          done: () => {
            void release();
          },
        }
      : {}),
  });
  return { headers: streamed.headers, stream: streamed.stream };
}

function turnRoute(ctx: Context, operation: TurnOperation) {
  return async (
    request: RouteRequest<{ readonly cid: string }, unknown, TurnBody>,
  ): Promise<RouteResponse> => {
    const { principal, params, headers, body } = request;
    if (principal.kind === 'session' && principal.conversationId !== params.cid) {
      throw new EngineError('forbidden', 'Not authorized');
    }
    responseMode(headers.accept, true);
    const arrived = await visibleTurnConversation(ctx, principal, params.cid);
    const turn = turnRequest(operation, body, headers, principal);
    const prepared = await prepareTurn(ctx, principal, arrived, turn);
    return answer(
      ctx,
      request,
      (emit, signal) => prepared.run(emit, signal),
      () => prepared.release(),
    );
  };
}

/** §1: ChatBotKit routes Parley does not implement. */
function notImplemented(ctx: Context, method: 'GET' | 'POST', url: string): RouteDef[] {
  return both({
    method,
    url,
    ...(url.includes(':cid')
      ? { params: url.includes(':mid') ? messageParams : conversationParams }
      : {}),
    summary: 'Not implemented by Parley (501)',
    ...(method === 'POST' ? { body: ignoredBody } : {}),
    async handle({ principal, params }) {
      // An id the credential cannot see stays a 404, as everywhere (§3).
      const cid = (params as { cid?: unknown } | undefined)?.cid;
      if (typeof cid === 'string') await visibleConversation(ctx, principal, cid);
      throw new EngineError('bad_request', 'this operation is not implemented by Parley', {
        details: { wireCode: 'NOT_IMPLEMENTED', wireStatus: 501 },
      });
    },
  });
}

const DEFAULT_SESSION_SECONDS = 3600;

/** Delete's body is ignored (the SDK sends `{}`). */
const ignoredBody = z.unknown();

export interface ConversationsSurface {
  readonly routes: RouteDef[];
  /** Starts the surface's periodic upkeep (sweeper.ts); failures go to `log`. */
  startSweeper(log: (error: unknown) => void): Sweeper;
}

/** The surface's routes and upkeep, sharing one context. */
export function conversationsSurface(
  deps: ConversationsDeps & { readonly sweepEveryMs?: number },
): ConversationsSurface {
  const ctx = createContext(deps);
  return {
    routes: routesOf(ctx, deps),
    startSweeper: (log) =>
      startSweeper(ctx, { log, ...(deps.sweepEveryMs ? { everyMs: deps.sweepEveryMs } : {}) }),
  };
}

function routesOf(ctx: Context, deps: ConversationsDeps): RouteDef[] {
  const uploadLimit = uploadBodyLimit(deps.config.maxAttachmentBytes);
  return [
    ...both({
      method: 'POST',
      url: '/conversation/complete',
      summary: 'Complete without a stored conversation (stateless)',
      body: statelessCompleteSchema,
      handle: (request) =>
        answer(ctx, request, (emit, signal) =>
          statelessComplete(
            ctx,
            request.principal,
            request.body,
            timezoneOf(request.headers),
            emit,
            signal,
          ),
        ),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/create',
      summary: 'Create a conversation',
      body: createConversationSchema,
      handle: async ({ principal, body }) => ({
        body: await createConversation(ctx, principal, body),
      }),
    }),
    ...both({
      method: 'GET',
      url: '/conversation/list',
      summary: 'List conversations (cursor pages, meta filters; JSONL stream)',
      query: querySchema,
      handle: (request) =>
        listConversations(ctx, { ...request, body: undefined, params: undefined }),
    }),
    ...both({
      method: 'GET',
      url: '/conversation/:cid/fetch',
      summary: 'Fetch a conversation',
      params: conversationParams,
      handle: async ({ principal, params }) => ({
        body: await fetchConversation(ctx, principal, params.cid),
      }),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/update',
      summary: 'Update a conversation (meta merged)',
      params: conversationParams,
      body: updateConversationSchema,
      handle: async ({ principal, params, body }) => ({
        body: await updateConversation(ctx, principal, params.cid, body),
      }),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/delete',
      summary: 'Delete a conversation with its messages and attachments',
      params: conversationParams,
      body: ignoredBody,
      handle: async ({ principal, params }) => ({
        body: await deleteConversation(ctx, principal, params.cid),
      }),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/complete',
      summary: 'Store the text (if any) and answer the pending input',
      params: conversationParams,
      body: completeSchema,
      handle: turnRoute(ctx, 'complete'),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/send',
      summary: 'Store a user message without answering it',
      params: conversationParams,
      body: sendSchema,
      handle: turnRoute(ctx, 'send'),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/receive',
      summary: 'Answer the pending input',
      params: conversationParams,
      body: receiveSchema,
      handle: turnRoute(ctx, 'receive'),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/message/create',
      summary: 'Store a message without a turn',
      params: conversationParams,
      body: createMessageSchema,
      handle: async ({ principal, params, body }) => ({
        body: await createMessage(ctx, principal, params.cid, body),
      }),
    }),
    ...both({
      method: 'GET',
      url: '/conversation/:cid/message/list',
      summary: 'List messages (cursor pages, meta filters; JSONL stream)',
      params: conversationParams,
      query: querySchema,
      handle: (request) => listMessages(ctx, { ...request, body: undefined }),
    }),
    ...both({
      method: 'GET',
      url: '/conversation/:cid/message/:mid/fetch',
      summary: 'Fetch a message',
      params: messageParams,
      handle: async ({ principal, params }) => ({
        body: await fetchMessage(ctx, principal, params.cid, params.mid),
      }),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/message/:mid/update',
      summary: 'Update a message (meta merged; meta.payloads read-only)',
      params: messageParams,
      body: updateMessageSchema,
      handle: async ({ principal, params, body }) => ({
        body: await updateMessage(ctx, principal, params.cid, params.mid, body),
      }),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/message/:mid/delete',
      summary: 'Delete a message',
      params: messageParams,
      body: ignoredBody,
      handle: async ({ principal, params }) => ({
        body: await deleteMessage(ctx, principal, params.cid, params.mid),
      }),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/session/create',
      summary: 'A session token for browsers, scoped to this conversation',
      params: conversationParams,
      body: sessionSchema,
      async handle({ principal, params, body }) {
        requireApiKey(principal);
        const conversation = await visibleConversation(ctx, principal, params.cid);
        const seconds = body.durationInSeconds ?? DEFAULT_SESSION_SECONDS;
        const now = ctx.now();
        const expiresAt = now + seconds * 1000;
        const token = mintSessionToken(ctx.serverSecret, {
          sub: conversation.id,
          org: principal.orgId,
          kid: principal.channelId,
          iat: Math.floor(now / 1000),
          exp: Math.floor(expiresAt / 1000),
        });
        return { body: { id: conversation.id, token, expiresAt } };
      },
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/attachment/upload',
      summary: 'Upload an attachment (presigned PUT, data: URL or http(s) URL)',
      params: conversationParams,
      body: uploadSchema,
      bodyLimit: uploadLimit,
      handle: async (request, prefix) => ({ body: await uploadAttachment(ctx, request, prefix) }),
    }),
    ...both({
      method: 'POST',
      url: '/Attachment/:cid/upload',
      summary: "The SDK's alias of attachment upload",
      params: conversationParams,
      body: uploadSchema,
      bodyLimit: uploadLimit,
      handle: async (request, prefix) => ({ body: await uploadAttachment(ctx, request, prefix) }),
    }),
    ...both({
      method: 'GET',
      url: '/conversation/:cid/attachment/list',
      summary: 'List completed attachments',
      params: conversationParams,
      query: querySchema,
      handle: (request) => listAttachments(ctx, { ...request, body: undefined }),
    }),
    ...both({
      method: 'PUT',
      url: '/conversation/:cid/attachment/:aid/content',
      summary: "An attachment's bytes, to a signed URL (no Authorization)",
      auth: false,
      params: attachmentParams,
      query: querySchema,
      rawBody: true,
      bodyLimit: deps.config.maxAttachmentBytes,
      handle: async ({ params, query, body }) => ({
        body: await putAttachmentContent(ctx, params, query, body as Buffer),
      }),
    }),
    ...both({
      method: 'GET',
      url: '/conversation/:cid/attachment/:aid/content',
      summary: "An attachment's bytes, from a signed URL (no Authorization)",
      auth: false,
      params: attachmentParams,
      query: querySchema,
      handle: ({ params, query }) => getAttachmentContent(ctx, params, query),
    }),
    ...both({
      method: 'POST',
      url: '/conversation/:cid/contact/upsert',
      summary: "Create or update the conversation's contact and link it",
      params: conversationParams,
      body: contactSchema,
      handle: async ({ principal, params, body }) => ({
        body: await contactUpsert(ctx, principal, params.cid, body),
      }),
    }),
    ...notImplemented(ctx, 'POST', '/conversation/dispatch'),
    ...notImplemented(ctx, 'GET', '/conversation/export'),
    ...notImplemented(ctx, 'POST', '/conversation/:cid/dispatch'),
    ...notImplemented(ctx, 'POST', '/conversation/:cid/upvote'),
    ...notImplemented(ctx, 'POST', '/conversation/:cid/downvote'),
    ...notImplemented(ctx, 'POST', '/conversation/:cid/compact'),
    ...notImplemented(ctx, 'GET', '/conversation/:cid/usage/fetch'),
    ...notImplemented(ctx, 'POST', '/conversation/:cid/message/:mid/upvote'),
    ...notImplemented(ctx, 'POST', '/conversation/:cid/message/:mid/downvote'),
    ...notImplemented(ctx, 'POST', '/conversation/:cid/message/:mid/synthesize'),
  ];
}
