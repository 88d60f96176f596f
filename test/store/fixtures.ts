/**
 * Records for store tests, and `seedBot`: the organization and bot rows a SQL store needs
 * before it opens a conversation of that bot (conversations reference their bot).
 */
import type {
  ApiKeyRecord,
  BotRecord,
  FlowRecord,
  Organization,
  Repos,
  VersionRecord,
} from '../../src/engine/store.js';

export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

export function org(id: string, extra: Partial<Organization> = {}): Organization {
  return { id, name: `org ${id}`, defaultBotId: null, createdAt: T0, updatedAt: T0, ...extra };
}

export function bot(orgId: string, id: string, extra: Partial<BotRecord> = {}): BotRecord {
  return {
    id,
    orgId,
    name: `bot ${id}`,
    description: null,
    defaultFlowId: null,
    env: {},
    settings: {},
    customComponents: {},
    nlu: null,
    llm: null,
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  };
}

export function flow(
  orgId: string,
  botId: string,
  id: string,
  extra: Partial<FlowRecord> = {},
): FlowRecord {
  return {
    id,
    orgId,
    botId,
    name: `flow_${id}`,
    description: null,
    commands: [],
    content: 'start:\n  say "hi"',
    createdAt: T0,
    updatedAt: T0,
    ...extra,
  };
}

export function version(
  orgId: string,
  botId: string,
  id: string,
  extra: Partial<VersionRecord> = {},
): VersionRecord {
  return {
    id,
    orgId,
    botId,
    engineVersion: '0.1.0',
    contentHash: `hash-${id}`,
    snapshot: { flows: [] },
    createdAt: T0,
    ...extra,
  };
}

export function apiKey(orgId: string, id: string, extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  return {
    id,
    orgId,
    botId: null,
    name: null,
    permissions: ['bots:read'],
    secretHash: `hash-of-${id}`,
    secretEncrypted: `encrypted-${id}`,
    createdAt: T0,
    lastUsedAt: null,
    ...extra,
  };
}

/** Makes the organization (if new) and the bot exist, so conversations of the bot can open. */
export async function seedBot(repos: Repos, orgId: string, botId: string): Promise<void> {
  if (!(await repos.getOrg(orgId))) await repos.insertOrg(org(orgId));
  if (!(await repos.getBot(orgId, botId))) await repos.insertBot(bot(orgId, botId));
}
