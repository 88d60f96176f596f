/**
 * What the engine needs from storage (ARCHITECTURE.md "One turn", "Domain model").
 *
 * `ConversationStore` is the turn path: exclusive access to one conversation while a turn runs,
 * the user's memories, and one atomic commit of everything a turn produced. `memory-store.ts`
 * implements it in memory (for `parley chat`). `Store` adds the domain (organizations, keys,
 * bots, flows, versions, usage) that the server needs; src/store implements it on SQLite and
 * PostgreSQL. Times are epoch milliseconds; facades format them.
 */
import type { Hold, MemoryOp, OutputMessage } from '../csml/interpreter/types.js';
import type { Json } from '../csml/json.js';
import type { ClientEvent } from './events.js';

export type JsonObject = Record<string, Json>;

/** Where a conversation stands in its bot (csml.md §14.4). */
export interface ConversationState {
  readonly flow: string;
  readonly step: string;
  readonly hold: Hold | null;
}

/** `studio`, `textbots.botflow`, `textbots.execute`, `conversations` (ARCHITECTURE.md). */
export type Channel = string;

export interface Conversation {
  readonly id: string;
  readonly orgId: string;
  readonly botId: string;
  /** The BotVersion the conversation is pinned to; null for an LLM bot without flows. */
  readonly versionId: string | null;
  readonly channel: Channel;
  /** The surface's key for the client (Studio: `<channel_id>:<user_id>`). */
  readonly externalKey: string;
  /** Whose memories the conversation reads and writes (ARCHITECTURE.md, user key table). */
  readonly userKey: string;
  readonly contactId: string | null;
  readonly status: 'open' | 'closed';
  /** null: no flow is running; the next event starts one. */
  readonly state: ConversationState | null;
  /** Turns committed so far; the last turn's seq. */
  readonly turns: number;
  /** The latest `_metadata` a client sent, or surface-specific data. */
  readonly meta: JsonObject;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly lastTurnAt: number | null;
}

/** What identifies a client's conversation on a surface; `openConversation` finds or makes it. */
export interface ConversationKey {
  readonly orgId: string;
  readonly botId: string;
  readonly channel: Channel;
  readonly externalKey: string;
}

export interface NewConversation extends ConversationKey {
  /**
   * The id a new conversation gets, when its surface chooses it (a Textbots session is its own
   * memory user key, textbots-api.md L5); a fresh one otherwise.
   */
  readonly id?: string;
  readonly versionId: string | null;
  readonly userKey: string;
  readonly contactId?: string | null;
  readonly meta?: JsonObject;
}

/** A committed turn, as replays and transcripts read it back. */
export interface StoredTurn {
  readonly id: string;
  readonly conversationId: string;
  readonly seq: number;
  readonly event: ClientEvent;
  /** Digest of the request that made the turn, for retry detection. */
  readonly digest: string | null;
  /** The request's retry key (`request_id`, `botCorrelationId`, `Idempotency-Key`). */
  readonly retryKey: string | null;
  readonly messages: readonly OutputMessage[];
  readonly conversationEnd: boolean;
  /** csml.md §14.3: the value every message of the turn carries. */
  readonly interactionOrder: number;
  readonly createdAt: number;
}

export interface TurnCommit {
  /** The conversation as the turn leaves it (same id as the transaction's). */
  readonly conversation: Conversation;
  readonly turnId: string;
  readonly event: ClientEvent;
  /** Store the event as a user message (false for `hold_secure` input, csml.md §6.6). */
  readonly logEvent: boolean;
  readonly digest: string | null;
  readonly retryKey: string | null;
  readonly messages: readonly OutputMessage[];
  readonly conversationEnd: boolean;
  readonly interactionOrder: number;
  readonly memoryOps: readonly MemoryOp[];
  readonly at: number;
}

export interface ConversationTx {
  conversation(): Promise<Conversation | null>;
  /** The conversation's latest turn, null before the first. */
  lastTurn(): Promise<StoredTurn | null>;
  /** The user's memories for the bot, memory format (csml.md §15.3). */
  memories(botId: string, userKey: string): Promise<Record<string, Json>>;
  /** Stores the new state, the messages, the memory writes and the turn, all or nothing. */
  commit(turn: TurnCommit): Promise<void>;
  /** Closes the conversation (drops its hold) without a turn. */
  close(at: number): Promise<void>;
}

/** Thrown by `withConversation` when the lock was not obtained in time (`LockOptions`). */
export class LockTimeoutError extends Error {
  constructor(readonly conversationId: string) {
    super(`conversation ${conversationId} is busy`);
    this.name = 'LockTimeoutError';
  }
}

export interface LockOptions {
  /** How long to wait for the conversation's lock; unlimited when absent. */
  readonly waitMs?: number;
}

export interface ConversationStore {
  /** The open conversation of this key, or a new one made from `init` (never two open). */
  openConversation(init: NewConversation): Promise<Conversation>;
  /** Runs `work` with the conversation's lock held, inside one transaction. */
  withConversation<T>(
    conversationId: string,
    work: (tx: ConversationTx) => Promise<T>,
    options?: LockOptions,
  ): Promise<T>;
}

// ---------------------------------------------------------------------------------------------
// Domain records (ARCHITECTURE.md "Domain model")

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly defaultBotId: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ApiKeyRecord {
  /** `pk_…`, public. */
  readonly id: string;
  readonly orgId: string;
  readonly botId: string | null;
  readonly name: string | null;
  readonly permissions: readonly string[];
  /** Hex SHA-256 of the secret, for bearer checks. */
  readonly secretHash: string;
  /** The secret encrypted under the server secret (for HMAC signatures). */
  readonly secretEncrypted: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
}

export interface AccessTokenRecord {
  readonly tokenHash: string;
  readonly keyId: string;
  readonly orgId: string;
  readonly expiresAt: number;
  readonly createdAt: number;
}

export interface BotRecord {
  readonly id: string;
  readonly orgId: string;
  readonly name: string;
  readonly description: string | null;
  readonly defaultFlowId: string | null;
  readonly env: JsonObject;
  readonly settings: JsonObject;
  readonly customComponents: JsonObject;
  readonly nlu: Json | null;
  /** As stored: an `apiKey` is held encrypted as `apiKeyEncrypted`. */
  readonly llm: JsonObject | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface FlowRecord {
  readonly id: string;
  readonly orgId: string;
  readonly botId: string;
  readonly name: string;
  readonly description: string | null;
  readonly commands: readonly string[];
  readonly content: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface VersionRecord {
  readonly id: string;
  readonly orgId: string;
  readonly botId: string;
  readonly engineVersion: string;
  readonly contentHash: string;
  /** Everything the version runs: flows, env, settings, components, NLU model (builds.ts). */
  readonly snapshot: JsonObject;
  readonly createdAt: number;
}

export interface VersionSummary {
  readonly id: string;
  readonly engineVersion: string;
  readonly contentHash: string;
  readonly createdAt: number;
}

export interface UsageFigures {
  readonly messages: number;
  readonly clients: number;
}

/**
 * Domain reads and writes, every one scoped by organization: a row of another organization is
 * "not found" (null / false). Writes that must agree with each other run in one `transaction`.
 */
export interface Repos {
  /**
   * Inside a transaction: makes concurrent first starts (several processes on one empty
   * database) wait for each other until it ends, so that only one creates the organization.
   */
  lockFirstStart(): Promise<void>;
  orgCount(): Promise<number>;
  /** The first organization created (the default organization, studio-api.md §9.4). */
  defaultOrg(): Promise<Organization | null>;
  getOrg(orgId: string): Promise<Organization | null>;
  insertOrg(org: Organization): Promise<void>;
  updateOrg(org: Organization): Promise<void>;

  insertKey(key: ApiKeyRecord): Promise<void>;
  /** By id alone: authentication finds the organization from the key. */
  findKey(keyId: string): Promise<ApiKeyRecord | null>;
  listKeys(orgId: string): Promise<ApiKeyRecord[]>;
  deleteKey(orgId: string, keyId: string): Promise<boolean>;
  touchKey(keyId: string, at: number): Promise<void>;

  insertAccessToken(token: AccessTokenRecord): Promise<void>;
  /** A token that has not expired at `now`, whose key still exists. */
  findAccessToken(tokenHash: string, now: number): Promise<AccessTokenRecord | null>;

  insertBot(bot: BotRecord): Promise<void>;
  getBot(orgId: string, botId: string): Promise<BotRecord | null>;
  /** Takes the bot's row lock until the transaction ends (PostgreSQL), then reads it. */
  lockBot(orgId: string, botId: string): Promise<BotRecord | null>;
  listBots(orgId: string): Promise<BotRecord[]>;
  updateBot(bot: BotRecord): Promise<void>;
  /** Removes the bot and everything it owns (studio-api.md §9.1). */
  deleteBot(orgId: string, botId: string): Promise<boolean>;

  insertFlow(flow: FlowRecord): Promise<void>;
  /** The bot's flows in flow order (creation order). */
  listFlows(orgId: string, botId: string): Promise<FlowRecord[]>;
  getFlow(orgId: string, botId: string, flowId: string): Promise<FlowRecord | null>;
  updateFlow(flow: FlowRecord): Promise<void>;
  deleteFlow(orgId: string, botId: string, flowId: string): Promise<boolean>;

  insertVersion(version: VersionRecord): Promise<void>;
  getVersion(orgId: string, botId: string, versionId: string): Promise<VersionRecord | null>;
  latestVersion(orgId: string, botId: string): Promise<VersionRecord | null>;
  /** Newest first; `before` a version id: only older ones. */
  listVersions(
    orgId: string,
    botId: string,
    options: { limit: number; before?: string },
  ): Promise<VersionSummary[]>;

  /** The open conversation of a client, if any. */
  findOpenConversation(key: ConversationKey): Promise<Conversation | null>;
  getConversation(orgId: string, conversationId: string): Promise<Conversation | null>;
  /** Closes the client's open conversations; how many there were. */
  closeConversations(key: ConversationKey, at: number): Promise<number>;

  /** Messages of the bot in `[from, to)` and the distinct user keys that sent or got them. */
  usage(orgId: string, botId: string, from: number, to: number): Promise<UsageFigures>;
}

export interface Store extends ConversationStore, Repos {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction: all its writes or none. */
  transaction<T>(work: (repos: Repos) => Promise<T>): Promise<T>;
  /** A trivial query (for /readyz); throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
