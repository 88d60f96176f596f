/**
 * Who may touch what (conversations-api.md §3, §7.1): session tokens' one conversation and
 * few operations, conversations of this surface only (other channels, other organizations,
 * other bots of a bot-bound key, expired ones: 404), and the bot a request addresses.
 */
import { EngineError } from '../../engine/errors.js';
import type {
  BotRecord,
  ContactRecord,
  SurfaceConversation,
  TurnConversation,
} from '../../engine/store.js';
import type { Principal } from '../principal.js';
import type { Context } from './context.js';

export const CHANNEL = 'conversations';

/** What a session token may do, on its own conversation only (§3). */
export type SessionOperation =
  'fetch' | 'complete' | 'send' | 'receive' | 'message.create' | 'message.list';

const forbidden = () => new EngineError('forbidden', 'Not authorized');
export const notFound = (message = 'Not found') => new EngineError('not_found', message);

/** API keys only (session create, attachments, contacts, lists, ...): 403 for a session. */
export function requireApiKey(principal: Principal): void {
  if (principal.kind === 'session') throw forbidden();
}

/** A session token may do `operation` on conversation `cid` (API keys may do anything). */
export function checkSession(
  principal: Principal,
  cid: string,
  operation: SessionOperation | null,
): void {
  if (principal.kind !== 'session') return;
  if (operation === null || principal.conversationId !== cid) throw forbidden();
}

/** The conversation, when the credential can see it; 404 otherwise (§3, §6.2). */
export async function visibleConversation(
  ctx: Context,
  principal: Principal,
  cid: string,
): Promise<SurfaceConversation> {
  const conversation = await ctx.store.getSurfaceConversation(principal.orgId, cid);
  if (!conversation) throw notFound();
  checkVisible(ctx, principal, conversation);
  return conversation;
}

/** A turn's conversation with its newest message (the retry baseline, §7.5); 404 as above. */
export async function visibleTurnConversation(
  ctx: Context,
  principal: Principal,
  cid: string,
): Promise<TurnConversation> {
  const read = await ctx.store.getTurnConversation(principal.orgId, cid);
  if (!read) throw notFound();
  checkVisible(ctx, principal, read.conversation);
  return read;
}

/** 404 for a conversation of the organization that the credential may not see. */
export function checkVisible(
  ctx: Context,
  principal: Principal,
  conversation: SurfaceConversation,
): void {
  if (
    conversation.orgId !== principal.orgId ||
    conversation.channel !== CHANNEL ||
    (conversation.expiresAt !== null && conversation.expiresAt <= ctx.now()) ||
    (principal.botId !== null && conversation.botId !== principal.botId)
  ) {
    throw notFound();
  }
}

/** A bot named in a body, when the credential can see it; else 404 "bot not found" (§7.1). */
export async function visibleBot(
  ctx: Context,
  principal: Principal,
  botId: string,
): Promise<BotRecord> {
  const bot =
    principal.botId === null || principal.botId === botId
      ? await ctx.store.getBot(principal.orgId, botId)
      : null;
  if (!bot) throw notFound('bot not found');
  return bot;
}

export const NO_BOT =
  'no bot for this conversation: pass botId, bind the API key to a bot, or set the ' +
  "organization's default bot";

/**
 * The bot a request without `botId` addresses: the key's bound bot, else the organization's
 * default bot (or its only bot); null when there is none.
 */
export async function implicitBot(ctx: Context, principal: Principal): Promise<BotRecord | null> {
  if (principal.botId !== null) return ctx.store.getBot(principal.orgId, principal.botId);
  const org = await ctx.store.getOrg(principal.orgId);
  if (org?.defaultBotId) {
    const bot = await ctx.store.getBot(principal.orgId, org.defaultBotId);
    if (bot) return bot;
  }
  const bots = await ctx.store.listBots(principal.orgId);
  return bots.length === 1 ? (bots[0] ?? null) : null;
}

/** A contact named in a body, when the organization has it; else 404 (§6.1). */
export async function visibleContact(
  ctx: Context,
  principal: Principal,
  contactId: string,
): Promise<ContactRecord> {
  const contact = await ctx.store.getContact(principal.orgId, contactId);
  if (!contact) throw notFound('contact not found');
  return contact;
}

/** CSML memories: per contact once there is one, else per conversation (§7.3). */
export function userKeyOf(conversationId: string, contactId: string | null): string {
  return `conversations:${contactId ?? conversationId}`;
}
