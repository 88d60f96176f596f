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
  /**
   * A bot's conversations on every channel, newest first; `before` a conversation id: only
   * older ones. Null when `before` names none of the bot's conversations.
   */
  listBotConversations(
    orgId: string,
    botId: string,
    options: { limit: number; before?: string },
  ): Promise<Conversation[] | null>;
  /** A conversation's messages of every surface in order, those with seq above `after`. */
  listTranscript(
    orgId: string,
    conversationId: string,
    options: { after: number; limit: number },
  ): Promise<TranscriptEntry[]>;

  /** Messages of the bot in `[from, to)` and the distinct user keys that sent or got them. */
  usage(orgId: string, botId: string, from: number, to: number): Promise<UsageFigures>;

  // The Conversations surface (conversations-api.md): records defined below.

  /** Inserts a conversation of the surface with its wire fields (`externalKey` = its id). */
  insertSurfaceConversation(conversation: SurfaceConversation): Promise<void>;
  getSurfaceConversation(
    orgId: string,
    conversationId: string,
  ): Promise<SurfaceConversation | null>;
  /** Writes the wire fields, contact, user key and `updatedAt`; the turn state is untouched. */
  updateSurfaceConversation(conversation: SurfaceConversation): Promise<void>;
  /** Removes the conversation with its turns, messages, attachments and stored requests. */
  deleteConversation(orgId: string, conversationId: string): Promise<boolean>;
  /** A page, or null when `cursor` names no item of the list. */
  listSurfaceConversations(query: ConversationListQuery): Promise<SurfaceConversation[] | null>;
  setConsumedSeq(orgId: string, conversationId: string, seq: number): Promise<void>;
  /** The conversation with its newest message (a turn's retry baseline, §7.5), in one read. */
  getTurnConversation(orgId: string, conversationId: string): Promise<TurnConversation | null>;
  /**
   * §7.5 across processes: takes the conversation's claim for `claim.token` when nobody holds
   * it or its holder's claim lapsed before `claim.now`, and reads the conversation as it then
   * stands, with its newest message.
   */
  claimConversation(claim: ConversationClaim): Promise<ClaimOutcome>;
  /** Extends the claim `token` holds to `until`; false when it no longer holds it. */
  renewClaim(orgId: string, conversationId: string, token: string, until: number): Promise<boolean>;
  /**
   * Ends the claim `release.token` holds, moving the pending-input mark and `updatedAt` when
   * given, in one write; false (and nothing changed) when it no longer holds the claim.
   */
  releaseClaim(release: ClaimRelease): Promise<boolean>;

  /** Stores a message after the conversation's last (`seq`, `createdAt` > the last's). */
  appendMessage(message: NewSurfaceMessage): Promise<SurfaceMessage>;
  /**
   * Stores messages in one write, numbered after `after`: the conversation's newest message,
   * read under its claim (null when it has none). Unlike appendMessage it leaves the
   * conversation's `updatedAt` to the caller (releaseClaim's `touchedAt`).
   */
  insertMessages(
    messages: readonly NewSurfaceMessage[],
    after: MessageMark | null,
  ): Promise<SurfaceMessage[]>;
  getMessage(
    orgId: string,
    conversationId: string,
    messageId: string,
  ): Promise<SurfaceMessage | null>;
  updateMessage(message: SurfaceMessage): Promise<void>;
  deleteMessage(orgId: string, conversationId: string, messageId: string): Promise<boolean>;
  /** A page, or null when `cursor` names no item of the list. */
  listMessages(query: MessageListQuery): Promise<SurfaceMessage[] | null>;
  /** The messages after `afterSeq`, in seq order (all of them from 0). */
  messagesAfter(orgId: string, conversationId: string, afterSeq: number): Promise<SurfaceMessage[]>;
  /** The conversation's newest message, if any. */
  lastMessage(orgId: string, conversationId: string): Promise<SurfaceMessage | null>;

  getContact(orgId: string, contactId: string): Promise<ContactRecord | null>;
  findContactByFingerprint(orgId: string, fingerprint: string): Promise<ContactRecord | null>;
  /** Inserts the contact, or updates the one with its id. */
  saveContact(contact: ContactRecord): Promise<void>;

  insertAttachment(attachment: AttachmentRecord): Promise<void>;
  getAttachment(
    orgId: string,
    conversationId: string,
    attachmentId: string,
  ): Promise<AttachmentRecord | null>;
  /**
   * Without an organization: only for signed attachment URLs, whose signature the server made
   * for exactly this conversation and attachment (conversations-api.md §6.9).
   */
  findSignedAttachment(
    conversationId: string,
    attachmentId: string,
  ): Promise<AttachmentRecord | null>;
  /** Marks a pending attachment complete; false when it is not pending. */
  completeAttachment(orgId: string, attachmentId: string, at: number): Promise<boolean>;
  /** Completed attachments; null when `cursor` names no item of the list. */
  listAttachments(query: AttachmentListQuery): Promise<AttachmentRecord[] | null>;
  /** Deletes pending attachments whose upload URL expired before `now`; returns them. */
  dropExpiredUploads(now: number): Promise<AttachmentRecord[]>;
  /** Every attachment of a conversation, pending ones included (to delete their bytes). */
  conversationAttachments(orgId: string, conversationId: string): Promise<AttachmentRecord[]>;

  /** By idempotency key, or (key null) the conversation's latest request. */
  findRequest(conversationId: string, key: string | null): Promise<StoredRequest | null>;
  /** Stores a request's answer. */
  insertRequest(request: StoredRequest): Promise<void>;
  /** Drops the stored answers of every conversation older than `before`; how many. */
  pruneRequests(before: number): Promise<number>;
}

export interface Store extends ConversationStore, Repos {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction: all its writes or none. */
  transaction<T>(work: (repos: Repos) => Promise<T>): Promise<T>;
  /** A trivial query (for /readyz); throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The Conversations surface (conversations-api.md)

/** A conversation with the surface's wire fields (§5) and its pending-input mark (§7.2). */
export interface SurfaceConversation extends Conversation {
  readonly name: string;
  readonly description: string;
  readonly taskId: string | null;
  readonly spaceId: string | null;
  readonly datasetId: string | null;
  readonly skillsetId: string | null;
  readonly backstory: string;
  readonly model: string;
  readonly privacy: boolean;
  readonly moderation: boolean;
  readonly expiresAt: number | null;
  /** The wire `meta`; `Conversation.meta` (CSML `_metadata`) is it or `{}`. */
  readonly wireMeta: JsonObject | null;
  /** The seq of the last message a turn consumed. */
  readonly consumedSeq: number;
}

/** `meta.<path>=<value>` (§8): equality on a JSON path. */
export interface MetaFilter {
  readonly path: readonly string[];
  readonly value: string;
}

export interface PageQuery {
  readonly orgId: string;
  readonly order: 'asc' | 'desc';
  /** An item id: the page starts right after it. */
  readonly cursor?: string | undefined;
  readonly limit: number;
  readonly meta?: readonly MetaFilter[];
}

/** A stored message as a transcript shows it: the user's event or a bot's payload. */
export interface TranscriptEntry {
  readonly seq: number;
  /** `user`, `bot`, or a Conversations-surface type (`activity`, ...). */
  readonly type: string;
  readonly contentType: string;
  readonly content: Json;
  readonly createdAt: number;
}

export interface ConversationListQuery extends PageQuery {
  readonly channel: Channel;
  /** Expired conversations (`expiresAt` ≤ now) are left out. */
  readonly now: number;
  /** Any of these bots (undefined: every bot). */
  readonly botIds?: readonly string[] | undefined;
  readonly contactIds?: readonly string[] | undefined;
}

export interface MessageListQuery extends PageQuery {
  readonly conversationId: string;
}

export interface AttachmentListQuery extends PageQuery {
  readonly conversationId: string;
}

export interface SurfaceMessage {
  readonly id: string;
  readonly orgId: string;
  readonly conversationId: string;
  readonly seq: number;
  /** The turn that stored it; null for messages stored without a turn. */
  readonly turnSeq: number | null;
  readonly type: string;
  readonly text: string;
  readonly meta: JsonObject | null;
  readonly entities: readonly Json[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewSurfaceMessage {
  readonly id: string;
  readonly orgId: string;
  readonly botId: string;
  readonly conversationId: string;
  readonly turnSeq: number | null;
  readonly type: string;
  readonly text: string;
  readonly meta: JsonObject | null;
  readonly entities: readonly Json[];
  /** The message gets `max(at, previous message's createdAt + 1)` (§2.6). */
  readonly at: number;
}

export interface ContactRecord {
  readonly id: string;
  readonly orgId: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly description: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly nick: string | null;
  readonly meta: JsonObject | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface AttachmentRecord {
  readonly id: string;
  readonly orgId: string;
  readonly conversationId: string;
  readonly name: string;
  readonly description: string;
  readonly type: string;
  readonly size: number;
  readonly status: 'pending' | 'complete';
  /** Where the bytes are, relative to the attachments folder. */
  readonly blob: string;
  readonly uploadExpiresAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Where a conversation's newest message stands (§2.6: the next one comes after it). */
export interface MessageMark {
  readonly id: string;
  readonly seq: number;
  readonly createdAt: number;
}

export interface TurnConversation {
  readonly conversation: SurfaceConversation;
  /** Its newest message; null when it has none. */
  readonly last: MessageMark | null;
}

/**
 * A request's hold on a conversation across server processes (conversations-api.md §7.5): a
 * random token and the time it lapses unless renewed, so that a process that died holding
 * one holds it up only until then.
 */
export interface ConversationClaim {
  readonly orgId: string;
  readonly conversationId: string;
  readonly token: string;
  /** Epoch ms. */
  readonly until: number;
  /** Epoch ms: a claim that lapsed before it is taken over. */
  readonly now: number;
}

export type ClaimOutcome =
  | ({ readonly kind: 'claimed' } & TurnConversation)
  /** Another request holds it, until `until` unless renewed. */
  | { readonly kind: 'busy'; readonly until: number }
  | { readonly kind: 'missing' };

export interface ClaimRelease {
  readonly orgId: string;
  readonly conversationId: string;
  readonly token: string;
  /** The new pending-input mark (§7.2). */
  readonly consumedSeq?: number;
  /** `updatedAt` moves to it when later (§5: messages were added). */
  readonly touchedAt?: number;
}

/** A complete, send or receive as kept for its retries (conversations-api.md §7.5). */
export interface StoredRequest {
  readonly id: string;
  readonly conversationId: string;
  readonly operation: string;
  readonly idempotencyKey: string | null;
  readonly bodyDigest: string;
  readonly inputDigest: string;
  /** The conversation's newest message id when the request arrived. */
  readonly baseline: string | null;
  readonly response: JsonObject;
  readonly createdAt: number;
}
