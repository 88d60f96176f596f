/**
 * Conversations (conversations-api.md §6.1, §6.2, §6.10): create (bot resolved and version
 * pinned per §7.1, contact linked, initial messages stored without a turn), fetch, update
 * (merge rules of §2.6), delete (with attachment bytes), list (§8), contact upsert.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { EngineError } from '../../engine/errors.js';
import { newId } from '../../engine/ids.js';
import type { BotRecord, JsonObject, SurfaceConversation } from '../../engine/store.js';
import type { Principal } from '../principal.js';
import type { RouteRequest, RouteResponse } from '../route.js';
import {
  CHANNEL,
  checkSession,
  implicitBot,
  NO_BOT,
  requireApiKey,
  userKeyOf,
  visibleBot,
  visibleContact,
  visibleConversation,
} from './access.js';
import { upsertConversationContact, upsertContact } from './contacts.js';
import type { Context } from './context.js';
import { responseMode } from './event-stream.js';
import { exclusive } from './exclusive.js';
import { checkActivities, mergeMeta } from './message-rules.js';
import { anyOf, listResponse, readListQuery } from './pagination.js';
import type { ContactInput, CreateConversationBody, UpdateConversationBody } from './schemas.js';
import { conversationView } from './views.js';

type Query = Readonly<Record<string, string>>;

/** §7.1: pinned to the bot's latest built version; a bot without flows may have none. */
async function pinnedVersion(ctx: Context, bot: BotRecord): Promise<string | null> {
  const [latest] = await ctx.store.listVersions(bot.orgId, bot.id, { limit: 1 });
  if (latest) return latest.id;
  const flows = await ctx.store.listFlows(bot.orgId, bot.id);
  if (flows.length > 0) throw new EngineError('bad_request', 'bot has no built version');
  return null;
}

export async function createConversation(
  ctx: Context,
  principal: Principal,
  body: CreateConversationBody,
): Promise<JsonObject> {
  requireApiKey(principal);
  const bot =
    body.botId !== undefined
      ? await visibleBot(ctx, principal, body.botId)
      : await implicitBot(ctx, principal);
  if (!bot) throw new EngineError('bad_request', NO_BOT);
  const messages = body.messages ?? [];
  checkActivities(messages, 'messages');
  const versionId = await pinnedVersion(ctx, bot);
  const id = newId();
  const at = ctx.now();
  return ctx.store.transaction(async () => {
    let contactId: string | null = null;
    if (body.contactId !== undefined && body.contactId !== null) {
      contactId = (await visibleContact(ctx, principal, body.contactId)).id;
    } else if (body.contact !== undefined) {
      contactId = (await upsertContact(ctx, principal.orgId, null, body.contact)).id;
    }
    const wireMeta = body.meta ?? null;
    const conversation: SurfaceConversation = {
      id,
      orgId: principal.orgId,
      botId: bot.id,
      versionId,
      channel: CHANNEL,
      externalKey: id,
      userKey: userKeyOf(id, contactId),
      contactId,
      status: 'open',
      state: null,
      turns: 0,
      meta: wireMeta ?? {},
      createdAt: at,
      updatedAt: at,
      lastTurnAt: null,
      name: body.name ?? '',
      description: body.description ?? '',
      taskId: body.taskId ?? null,
      spaceId: body.spaceId ?? null,
      datasetId: body.datasetId ?? null,
      skillsetId: body.skillsetId ?? null,
      backstory: body.backstory ?? '',
      model: body.model ?? '',
      privacy: body.privacy ?? false,
      moderation: body.moderation ?? false,
      expiresAt: body.expiresAt ?? null,
      wireMeta,
      consumedSeq: 0,
    };
    await ctx.store.insertSurfaceConversation(conversation);
    const stored: JsonObject[] = [];
    for (const message of messages) {
      const saved = await ctx.store.appendMessage({
        id: newId(),
        orgId: principal.orgId,
        botId: bot.id,
        conversationId: id,
        turnSeq: null,
        type: message.type,
        text: message.text,
        meta: message.meta ?? null,
        entities: [],
        at,
      });
      stored.push({ id: saved.id, type: saved.type, text: saved.text });
    }
    return { id, messages: stored };
  });
}

export async function updateConversation(
  ctx: Context,
  principal: Principal,
  cid: string,
  body: UpdateConversationBody,
): Promise<JsonObject> {
  requireApiKey(principal);
  await visibleConversation(ctx, principal, cid);
  return exclusive(ctx, principal, cid, async (current) => {
    if (body.botId !== undefined && body.botId !== current.botId) {
      throw new EngineError('bad_request', "a conversation's bot cannot be changed", 'botId');
    }
    let contactId = current.contactId;
    if (body.contactId === null) contactId = null;
    else if (body.contactId !== undefined) {
      contactId = (await visibleContact(ctx, principal, body.contactId)).id;
    }
    const pick = <T>(value: T | undefined, stored: T): T => (value === undefined ? stored : value);
    const wireMeta = mergeMeta(current.wireMeta, body.meta);
    await ctx.store.updateSurfaceConversation({
      ...current,
      name: pick(body.name, current.name),
      description: pick(body.description, current.description),
      contactId,
      userKey: userKeyOf(current.id, contactId),
      taskId: pick(body.taskId, current.taskId),
      spaceId: pick(body.spaceId, current.spaceId),
      datasetId: pick(body.datasetId, current.datasetId),
      skillsetId: pick(body.skillsetId, current.skillsetId),
      backstory: pick(body.backstory, current.backstory),
      model: pick(body.model, current.model),
      privacy: pick(body.privacy, current.privacy),
      moderation: pick(body.moderation, current.moderation),
      expiresAt: pick(body.expiresAt, current.expiresAt),
      wireMeta,
      meta: wireMeta ?? {},
      updatedAt: Math.max(ctx.now(), current.updatedAt),
    });
    return { id: cid };
  });
}

export async function deleteConversation(
  ctx: Context,
  principal: Principal,
  cid: string,
): Promise<JsonObject> {
  requireApiKey(principal);
  await visibleConversation(ctx, principal, cid);
  await exclusive(ctx, principal, cid, async () => {
    await ctx.store.deleteConversation(principal.orgId, cid);
  });
  // After the commit: bytes without a row are harmless, a row without bytes would not be.
  await fs.rm(path.join(ctx.config.attachmentsDir, cid), { recursive: true, force: true });
  return { id: cid };
}

export async function listConversations(
  ctx: Context,
  request: RouteRequest<undefined, Query, undefined>,
): Promise<RouteResponse> {
  const { principal, query, headers } = request;
  requireApiKey(principal);
  const mode = responseMode(headers.accept, true);
  const list = readListQuery(query, 'desc');
  let botIds = anyOf(query.botId);
  // A bot-bound key sees only its bot.
  if (principal.botId !== null) {
    botIds = botIds ? botIds.filter((id) => id === principal.botId) : [principal.botId];
  }
  const contactIds = anyOf(query.contactId);
  return listResponse({
    query: list,
    mode,
    now: ctx.now,
    read: (cursor, limit) =>
      ctx.store.listSurfaceConversations({
        orgId: principal.orgId,
        channel: CHANNEL,
        now: ctx.now(),
        order: list.order,
        cursor,
        limit,
        meta: list.meta,
        botIds,
        contactIds,
      }),
    view: conversationView,
    idOf: (c) => c.id,
  });
}

export async function fetchConversation(
  ctx: Context,
  principal: Principal,
  cid: string,
): Promise<JsonObject> {
  checkSession(principal, cid, 'fetch');
  return conversationView(await visibleConversation(ctx, principal, cid));
}

export async function contactUpsert(
  ctx: Context,
  principal: Principal,
  cid: string,
  body: ContactInput,
): Promise<JsonObject> {
  requireApiKey(principal);
  await visibleConversation(ctx, principal, cid);
  return exclusive(ctx, principal, cid, (current) =>
    upsertConversationContact(ctx, principal, current, body),
  );
}
