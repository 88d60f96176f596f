/**
 * Messages (conversations-api.md §6.3): create (stored without a turn; `user` and activity
 * responses become pending input), fetch, update (`meta` merged, `meta.payloads` read-only),
 * delete, list (§8). Writes take the conversation's lock (§7.5).
 */
import type { Json } from '../../csml/json.js';
import { newId } from '../../engine/ids.js';
import type { JsonObject } from '../../engine/store.js';
import type { Principal } from '../principal.js';
import type { RouteRequest, RouteResponse } from '../route.js';
import { checkSession, notFound, requireApiKey, visibleConversation } from './access.js';
import type { Context } from './context.js';
import { responseMode } from './event-stream.js';
import { exclusive } from './exclusive.js';
import { checkActivity, mergeMeta } from './message-rules.js';
import { listResponse, readListQuery } from './pagination.js';
import type { CreateMessageBody, UpdateMessageBody } from './schemas.js';
import { entitiesView, messageView } from './views.js';

/** What a session token may create (§3). */
const SESSION_TYPES = new Set(['user', 'activity']);

export async function createMessage(
  ctx: Context,
  principal: Principal,
  cid: string,
  body: CreateMessageBody,
): Promise<JsonObject> {
  checkSession(principal, cid, SESSION_TYPES.has(body.type) ? 'message.create' : null);
  checkActivity(body.type, body.meta, 'meta');
  await visibleConversation(ctx, principal, cid);
  return exclusive(ctx, principal, cid, async (conversation) => {
    const entities = body.entities as Json[] | undefined;
    const message = await ctx.store.appendMessage({
      id: newId(),
      orgId: conversation.orgId,
      botId: conversation.botId,
      conversationId: cid,
      turnSeq: null,
      type: body.type,
      text: body.text,
      meta: body.meta ?? null,
      entities: entities ?? [],
      at: ctx.now(),
    });
    return { id: message.id, entities: entitiesView(message.entities) };
  });
}

async function visibleMessage(ctx: Context, principal: Principal, cid: string, mid: string) {
  const message = await ctx.store.getMessage(principal.orgId, cid, mid);
  if (!message) throw notFound();
  return message;
}

export async function fetchMessage(
  ctx: Context,
  principal: Principal,
  cid: string,
  mid: string,
): Promise<JsonObject> {
  requireApiKey(principal);
  await visibleConversation(ctx, principal, cid);
  return messageView(await visibleMessage(ctx, principal, cid, mid));
}

export async function updateMessage(
  ctx: Context,
  principal: Principal,
  cid: string,
  mid: string,
  body: UpdateMessageBody,
): Promise<JsonObject> {
  requireApiKey(principal);
  await visibleConversation(ctx, principal, cid);
  return exclusive(ctx, principal, cid, async () => {
    const message = await visibleMessage(ctx, principal, cid, mid);
    const type = body.type ?? message.type;
    const meta = mergeMeta(message.meta, body.meta, ['payloads']);
    checkActivity(type, meta, 'meta');
    const entities = (body.entities as Json[] | undefined) ?? message.entities;
    await ctx.store.updateMessage({
      ...message,
      type,
      text: body.text ?? message.text,
      meta,
      entities,
      updatedAt: Math.max(ctx.now(), message.updatedAt),
    });
    return { id: mid, entities: entitiesView(entities) };
  });
}

export async function deleteMessage(
  ctx: Context,
  principal: Principal,
  cid: string,
  mid: string,
): Promise<JsonObject> {
  requireApiKey(principal);
  await visibleConversation(ctx, principal, cid);
  return exclusive(ctx, principal, cid, async () => {
    if (!(await ctx.store.deleteMessage(principal.orgId, cid, mid))) throw notFound();
    return { id: mid };
  });
}

export async function listMessages(
  ctx: Context,
  request: RouteRequest<{ readonly cid: string }, Readonly<Record<string, string>>, undefined>,
): Promise<RouteResponse> {
  const { principal, params, query, headers } = request;
  checkSession(principal, params.cid, 'message.list');
  const mode = responseMode(headers.accept, true);
  const list = readListQuery(query, 'asc');
  await visibleConversation(ctx, principal, params.cid);
  return listResponse({
    query: list,
    mode,
    now: ctx.now,
    read: (cursor, limit) =>
      ctx.store.listMessages({
        orgId: principal.orgId,
        conversationId: params.cid,
        order: list.order,
        cursor,
        limit,
        meta: list.meta,
      }),
    view: messageView,
    idOf: (m) => m.id,
  });
}
