/**
 * Rows as the database returns them, and the records of src/engine/store.ts made from them.
 * Both drivers return times and counts as JS numbers and text as strings; JSON columns are
 * text read with parseJson.
 */
import { stringifyJson } from '../csml/json.js';
import type { Json } from '../csml/json.js';
import type { ClientEvent } from '../engine/events.js';
import type {
  AccessTokenRecord,
  ApiKeyRecord,
  BotRecord,
  Conversation,
  ConversationState,
  FlowRecord,
  JsonObject,
  Organization,
  VersionRecord,
  VersionSummary,
} from '../engine/store.js';
import { parseJson } from './json.js';
import type { SqlValue } from './sql.js';

/** JSON text of a value (the engine's JSON-shaped interfaces are Json at run time). */
export function toJsonText(value: unknown): string {
  return stringifyJson(value as Json);
}

export function nullableJsonText(value: unknown): string | null {
  return value === null ? null : toJsonText(value);
}

/** Parses JSON text as the record member it was written from (the caller names the type). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function fromJsonText<T>(text: string): T {
  return parseJson(text) as unknown as T;
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
function nullableFromJsonText<T>(text: string | null): T | null {
  return text === null ? null : fromJsonText<T>(text);
}

export function toFlag(value: boolean): SqlValue {
  return value ? 1 : 0;
}

export interface OrgRow {
  id: string;
  name: string;
  default_bot_id: string | null;
  created_at: number;
  updated_at: number;
}

export const ORG_COLUMNS = 'id, name, default_bot_id, created_at, updated_at';

export function toOrganization(row: OrgRow): Organization {
  return {
    id: row.id,
    name: row.name,
    defaultBotId: row.default_bot_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface KeyRow {
  id: string;
  org_id: string;
  bot_id: string | null;
  name: string | null;
  permissions: string;
  secret_hash: string;
  secret_encrypted: string;
  created_at: number;
  last_used_at: number | null;
}

export const KEY_COLUMNS =
  'id, org_id, bot_id, name, permissions, secret_hash, secret_encrypted, created_at, last_used_at';

export function toApiKey(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    botId: row.bot_id,
    name: row.name,
    permissions: fromJsonText<string[]>(row.permissions),
    secretHash: row.secret_hash,
    secretEncrypted: row.secret_encrypted,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

export interface TokenRow {
  token_hash: string;
  key_id: string;
  org_id: string;
  expires_at: number;
  created_at: number;
}

export function toAccessToken(row: TokenRow): AccessTokenRecord {
  return {
    tokenHash: row.token_hash,
    keyId: row.key_id,
    orgId: row.org_id,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}

export interface BotRow {
  id: string;
  org_id: string;
  name: string;
  description: string | null;
  default_flow_id: string | null;
  env: string;
  settings: string;
  custom_components: string;
  nlu: string | null;
  llm: string | null;
  created_at: number;
  updated_at: number;
}

export const BOT_COLUMNS =
  'id, org_id, name, description, default_flow_id, env, settings, custom_components, nlu, llm, created_at, updated_at';

export function toBot(row: BotRow): BotRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    description: row.description,
    defaultFlowId: row.default_flow_id,
    env: fromJsonText<JsonObject>(row.env),
    settings: fromJsonText<JsonObject>(row.settings),
    customComponents: fromJsonText<JsonObject>(row.custom_components),
    nlu: nullableFromJsonText<Json>(row.nlu),
    llm: nullableFromJsonText<JsonObject>(row.llm),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface FlowRow {
  id: string;
  org_id: string;
  bot_id: string;
  name: string;
  description: string | null;
  commands: string;
  content: string;
  created_at: number;
  updated_at: number;
}

export const FLOW_COLUMNS =
  'id, org_id, bot_id, name, description, commands, content, created_at, updated_at';

export function toFlow(row: FlowRow): FlowRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    botId: row.bot_id,
    name: row.name,
    description: row.description,
    commands: fromJsonText<string[]>(row.commands),
    content: row.content,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface VersionRow {
  id: string;
  org_id: string;
  bot_id: string;
  engine_version: string;
  content_hash: string;
  snapshot: string;
  created_at: number;
}

export const VERSION_COLUMNS =
  'id, org_id, bot_id, engine_version, content_hash, snapshot, created_at';

export function toVersion(row: VersionRow): VersionRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    botId: row.bot_id,
    engineVersion: row.engine_version,
    contentHash: row.content_hash,
    snapshot: fromJsonText<JsonObject>(row.snapshot),
    createdAt: row.created_at,
  };
}

export type VersionSummaryRow = Pick<
  VersionRow,
  'id' | 'engine_version' | 'content_hash' | 'created_at'
>;

export function toVersionSummary(row: VersionSummaryRow): VersionSummary {
  return {
    id: row.id,
    engineVersion: row.engine_version,
    contentHash: row.content_hash,
    createdAt: row.created_at,
  };
}

export interface ConversationRow {
  id: string;
  org_id: string;
  bot_id: string;
  version_id: string | null;
  channel: string;
  external_key: string;
  user_key: string;
  contact_id: string | null;
  status: 'open' | 'closed';
  state: string | null;
  turns: number;
  meta: string;
  created_at: number;
  updated_at: number;
  last_turn_at: number | null;
}

export const CONVERSATION_COLUMNS =
  'id, org_id, bot_id, version_id, channel, external_key, user_key, contact_id, status, state, turns, meta, created_at, updated_at, last_turn_at';

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    orgId: row.org_id,
    botId: row.bot_id,
    versionId: row.version_id,
    channel: row.channel,
    externalKey: row.external_key,
    userKey: row.user_key,
    contactId: row.contact_id,
    status: row.status,
    state: nullableFromJsonText<ConversationState>(row.state),
    turns: row.turns,
    meta: fromJsonText<JsonObject>(row.meta),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastTurnAt: row.last_turn_at,
  };
}

export interface TurnRow {
  id: string;
  conversation_id: string;
  seq: number;
  event: string;
  digest: string | null;
  retry_key: string | null;
  conversation_end: number;
  interaction_order: number;
  created_at: number;
}

export const TURN_COLUMNS =
  'id, conversation_id, seq, event, digest, retry_key, conversation_end, interaction_order, created_at';

export function toEvent(text: string): ClientEvent {
  return fromJsonText<ClientEvent>(text);
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  turn_seq: number | null;
  seq: number;
  type: string;
  content_type: string;
  content: string;
  created_at: number;
}

export const MESSAGE_COLUMNS =
  'id, conversation_id, turn_seq, seq, type, content_type, content, created_at';
