/**
 * What a credential can see on this surface (textbots-api.md A4): its organization's flows,
 * bots and sessions, or only its bot's when the key is bound to one. Anything else is looked
 * up like a missing id (404 `not.found`), so ids do not leak.
 */
import { isUuid } from '../../engine/ids.js';
import type { BotRecord, Conversation, FlowRecord, Repos } from '../../engine/store.js';
import type { Principal } from '../principal.js';
import { BOTFLOW_CHANNEL } from './session-meta.js';
import { textbotsNotFound } from './wire-errors.js';

type Lookups = Pick<Repos, 'getBot' | 'listBots' | 'listFlows' | 'getConversation'>;

async function visibleBots(store: Lookups, principal: Principal): Promise<BotRecord[]> {
  if (principal.botId === null) return store.listBots(principal.orgId);
  const bot = await store.getBot(principal.orgId, principal.botId);
  return bot ? [bot] : [];
}

/**
 * L1: the flow `flow.id` names, by id, else by name (case-insensitive, as CSML finds flows)
 * when exactly one visible flow has it.
 */
export async function findFlow(
  store: Lookups,
  principal: Principal,
  idOrName: string,
): Promise<FlowRecord> {
  const flows: FlowRecord[] = [];
  for (const bot of await visibleBots(store, principal)) {
    flows.push(...(await store.listFlows(principal.orgId, bot.id)));
  }
  const byId = flows.find((flow) => flow.id === idOrName);
  if (byId) return byId;
  const lower = idOrName.toLowerCase();
  const named = flows.filter((flow) => flow.name.toLowerCase() === lower);
  const [only] = named;
  if (named.length !== 1 || !only) throw textbotsNotFound('flow');
  return only;
}

/** T1 6a: a bot-flow session the credential can see. */
export async function findSession(
  store: Lookups,
  principal: Principal,
  sessionId: string,
): Promise<Conversation> {
  const conversation = isUuid(sessionId)
    ? await store.getConversation(principal.orgId, sessionId)
    : null;
  if (
    !conversation ||
    conversation.channel !== BOTFLOW_CHANNEL ||
    (principal.botId !== null && conversation.botId !== principal.botId)
  ) {
    throw textbotsNotFound('session');
  }
  return conversation;
}

/** X1: a bot the credential can see. */
export async function findBot(
  store: Lookups,
  principal: Principal,
  botId: string,
): Promise<BotRecord> {
  const bot =
    isUuid(botId) && (principal.botId === null || principal.botId === botId)
      ? await store.getBot(principal.orgId, botId)
      : null;
  if (!bot) throw textbotsNotFound('bot');
  return bot;
}
