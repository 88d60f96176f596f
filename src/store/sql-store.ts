/**
 * The Store of both SQL databases (ARCHITECTURE.md "Storage", "One turn"): the domain
 * (sql-repos.ts) and the turn path (sql-turns.ts) over a driver that knows how to run a
 * transaction and lock a conversation (sqlite-store.ts, postgres-store.ts).
 *
 * Turns of one conversation are serialized twice: in the process by a FIFO mutex per
 * conversation, which keeps arrival order and spares the database a queue of waiters; across
 * processes by the driver (PostgreSQL: `SELECT … FOR UPDATE` on the conversation's row;
 * SQLite: `BEGIN IMMEDIATE`, one writer at a time). `LockOptions.waitMs` bounds both waits.
 *
 * A store call made while a transaction of this store is running in the same async context
 * (say, the engine loading a version inside its turn) runs inside that transaction, on its
 * connection: it sees the transaction's writes, and it neither waits for the lock its own
 * transaction holds (SQLite: deadlock) nor takes a second pooled connection (PostgreSQL: pool
 * exhaustion under load). A nested `transaction` or `withConversation` is a savepoint.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

import { KeyedMutex, lockDeadline } from '../engine/memory-store.js';
import { LockTimeoutError } from '../engine/store.js';
import type {
  AccessTokenRecord,
  ApiKeyRecord,
  AttachmentListQuery,
  AttachmentRecord,
  BotRecord,
  ClaimRelease,
  ContactRecord,
  Conversation,
  ConversationClaim,
  ConversationKey,
  ConversationListQuery,
  ConversationTx,
  FlowRecord,
  LockOptions,
  MessageListQuery,
  MessageMark,
  NewConversation,
  NewSurfaceMessage,
  Organization,
  Repos,
  Store,
  TranscriptEntry,
  StoredRequest,
  StoredTurn,
  SurfaceConversation,
  SurfaceMessage,
  UsageFigures,
  VersionRecord,
  VersionSummary,
} from '../engine/store.js';
import { SqlRepos } from './sql-repos.js';
import {
  conversationTx,
  inSavepoint,
  openConversation,
  readMessages,
  readTurns,
} from './sql-turns.js';
import type { StoredMessage } from './sql-turns.js';
import type { SqlConnection } from './sql.js';

export interface TransactionOptions {
  /** Give up waiting for the transaction at this time (epoch ms)… */
  readonly deadline?: number;
  /** …with LockTimeoutError for this conversation. */
  readonly conversationId?: string;
}

/** What a SQL database must provide to SqlStore. */
export interface SqlDriver {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` outside any transaction: each statement commits on its own. */
  autocommit<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T>;
  /** Runs `work` in one transaction, committed when it returns, rolled back when it throws. */
  transaction<T>(
    work: (conn: SqlConnection) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T>;
  /** Inside a transaction: holds the conversation against other processes until its end. */
  lockConversation(conn: SqlConnection, conversationId: string, deadline?: number): Promise<void>;
  close(): Promise<void>;
}

/** A running transaction, found by the calls made from inside it. */
interface Scope {
  readonly conn: SqlConnection;
  active: boolean;
  savepoints: number;
  /** Conversations whose lock this transaction holds. */
  readonly conversations: Set<string>;
}

export abstract class SqlStore implements Store {
  readonly dialect: 'sqlite' | 'postgres';
  private readonly scopes = new AsyncLocalStorage<Scope>();
  private readonly conversationLocks = new KeyedMutex();

  protected constructor(
    private readonly driver: SqlDriver,
    /** The migration files this open applied (`parley migrate` prints them). */
    readonly migrationsApplied: readonly string[],
  ) {
    this.dialect = driver.dialect;
  }

  openConversation(init: NewConversation): Promise<Conversation> {
    return this.use((conn) => openConversation(conn, init));
  }

  async withConversation<T>(
    conversationId: string,
    work: (tx: ConversationTx) => Promise<T>,
    options?: LockOptions,
  ): Promise<T> {
    const deadline = lockDeadline(options);
    const outer = this.activeScope();
    if (outer?.conversations.has(conversationId)) {
      return this.nested(outer, async () => work(this.tx(outer, conversationId)));
    }
    const release = await this.conversationLocks.acquire(conversationId, deadline);
    if (!release) throw new LockTimeoutError(conversationId);
    try {
      const run = async (scope: Scope) => {
        await this.driver.lockConversation(scope.conn, conversationId, deadline);
        scope.conversations.add(conversationId);
        return work(this.tx(scope, conversationId));
      };
      if (outer) return await this.nested(outer, () => run(outer));
      return await this.driver.transaction((conn) => this.scoped(conn, run), {
        ...(deadline === undefined ? {} : { deadline }),
        conversationId,
      });
    } finally {
      release();
    }
  }

  transaction<T>(work: (repos: Repos) => Promise<T>): Promise<T> {
    const outer = this.activeScope();
    if (outer) return this.nested(outer, () => work(new SqlRepos(outer.conn)));
    return this.driver.transaction((conn) =>
      this.scoped(conn, (scope) => work(new SqlRepos(scope.conn))),
    );
  }

  async ping(): Promise<void> {
    await this.use((conn) => conn.all('SELECT 1 AS ok'));
  }

  close(): Promise<void> {
    return this.driver.close();
  }

  /** Every turn of a conversation with its bot messages, in seq order (transcripts, tests). */
  turns(conversationId: string): Promise<StoredTurn[]> {
    return this.use((conn) => readTurns(conn, conversationId));
  }

  /** Every stored message of a conversation, user and bot, in seq order. */
  messages(conversationId: string): Promise<StoredMessage[]> {
    return this.use((conn) => readMessages(conn, conversationId));
  }

  // Repos, each call on its own (autocommit) or inside the caller's running transaction.

  lockFirstStart(): Promise<void> {
    return this.repos((r) => r.lockFirstStart());
  }
  orgCount(): Promise<number> {
    return this.repos((r) => r.orgCount());
  }
  defaultOrg(): Promise<Organization | null> {
    return this.repos((r) => r.defaultOrg());
  }
  getOrg(orgId: string): Promise<Organization | null> {
    return this.repos((r) => r.getOrg(orgId));
  }
  insertOrg(org: Organization): Promise<void> {
    return this.repos((r) => r.insertOrg(org));
  }
  updateOrg(org: Organization): Promise<void> {
    return this.repos((r) => r.updateOrg(org));
  }
  insertKey(key: ApiKeyRecord): Promise<void> {
    return this.repos((r) => r.insertKey(key));
  }
  findKey(keyId: string): Promise<ApiKeyRecord | null> {
    return this.repos((r) => r.findKey(keyId));
  }
  listKeys(orgId: string): Promise<ApiKeyRecord[]> {
    return this.repos((r) => r.listKeys(orgId));
  }
  deleteKey(orgId: string, keyId: string): Promise<boolean> {
    return this.repos((r) => r.deleteKey(orgId, keyId));
  }
  touchKey(keyId: string, at: number): Promise<void> {
    return this.repos((r) => r.touchKey(keyId, at));
  }
  insertAccessToken(token: AccessTokenRecord): Promise<void> {
    return this.repos((r) => r.insertAccessToken(token));
  }
  findAccessToken(tokenHash: string, now: number): Promise<AccessTokenRecord | null> {
    return this.repos((r) => r.findAccessToken(tokenHash, now));
  }
  insertBot(bot: BotRecord): Promise<void> {
    return this.repos((r) => r.insertBot(bot));
  }
  getBot(orgId: string, botId: string): Promise<BotRecord | null> {
    return this.repos((r) => r.getBot(orgId, botId));
  }
  lockBot(orgId: string, botId: string): Promise<BotRecord | null> {
    return this.repos((r) => r.lockBot(orgId, botId));
  }
  listBots(orgId: string): Promise<BotRecord[]> {
    return this.repos((r) => r.listBots(orgId));
  }
  updateBot(bot: BotRecord): Promise<void> {
    return this.repos((r) => r.updateBot(bot));
  }
  deleteBot(orgId: string, botId: string): Promise<boolean> {
    return this.repos((r) => r.deleteBot(orgId, botId));
  }
  insertFlow(flow: FlowRecord): Promise<void> {
    return this.repos((r) => r.insertFlow(flow));
  }
  listFlows(orgId: string, botId: string): Promise<FlowRecord[]> {
    return this.repos((r) => r.listFlows(orgId, botId));
  }
  getFlow(orgId: string, botId: string, flowId: string): Promise<FlowRecord | null> {
    return this.repos((r) => r.getFlow(orgId, botId, flowId));
  }
  updateFlow(flow: FlowRecord): Promise<void> {
    return this.repos((r) => r.updateFlow(flow));
  }
  deleteFlow(orgId: string, botId: string, flowId: string): Promise<boolean> {
    return this.repos((r) => r.deleteFlow(orgId, botId, flowId));
  }
  insertVersion(version: VersionRecord): Promise<void> {
    return this.repos((r) => r.insertVersion(version));
  }
  getVersion(orgId: string, botId: string, versionId: string): Promise<VersionRecord | null> {
    return this.repos((r) => r.getVersion(orgId, botId, versionId));
  }
  latestVersion(orgId: string, botId: string): Promise<VersionRecord | null> {
    return this.repos((r) => r.latestVersion(orgId, botId));
  }
  listVersions(
    orgId: string,
    botId: string,
    options: { limit: number; before?: string },
  ): Promise<VersionSummary[]> {
    return this.repos((r) => r.listVersions(orgId, botId, options));
  }
  findOpenConversation(key: ConversationKey): Promise<Conversation | null> {
    return this.repos((r) => r.findOpenConversation(key));
  }
  getConversation(orgId: string, conversationId: string): Promise<Conversation | null> {
    return this.repos((r) => r.getConversation(orgId, conversationId));
  }
  closeConversations(key: ConversationKey, at: number): Promise<number> {
    return this.repos((r) => r.closeConversations(key, at));
  }
  listBotConversations(
    orgId: string,
    botId: string,
    options: { limit: number; before?: string },
  ): Promise<Conversation[] | null> {
    return this.repos((r) => r.listBotConversations(orgId, botId, options));
  }
  listTranscript(
    orgId: string,
    conversationId: string,
    options: { after: number; limit: number },
  ): Promise<TranscriptEntry[]> {
    return this.repos((r) => r.listTranscript(orgId, conversationId, options));
  }
  usage(orgId: string, botId: string, from: number, to: number): Promise<UsageFigures> {
    return this.repos((r) => r.usage(orgId, botId, from, to));
  }

  // The Conversations surface (Repos, sql-surface.ts).

  insertSurfaceConversation(conversation: SurfaceConversation): Promise<void> {
    return this.repos((r) => r.insertSurfaceConversation(conversation));
  }
  getSurfaceConversation(orgId: string, conversationId: string) {
    return this.repos((r) => r.getSurfaceConversation(orgId, conversationId));
  }
  updateSurfaceConversation(conversation: SurfaceConversation): Promise<void> {
    return this.repos((r) => r.updateSurfaceConversation(conversation));
  }
  deleteConversation(orgId: string, conversationId: string): Promise<boolean> {
    return this.repos((r) => r.deleteConversation(orgId, conversationId));
  }
  listSurfaceConversations(query: ConversationListQuery) {
    return this.repos((r) => r.listSurfaceConversations(query));
  }
  setConsumedSeq(orgId: string, conversationId: string, seq: number): Promise<void> {
    return this.repos((r) => r.setConsumedSeq(orgId, conversationId, seq));
  }
  getTurnConversation(orgId: string, conversationId: string) {
    return this.repos((r) => r.getTurnConversation(orgId, conversationId));
  }
  claimConversation(claim: ConversationClaim) {
    return this.repos((r) => r.claimConversation(claim));
  }
  renewClaim(orgId: string, conversationId: string, token: string, until: number) {
    return this.repos((r) => r.renewClaim(orgId, conversationId, token, until));
  }
  releaseClaim(release: ClaimRelease) {
    return this.repos((r) => r.releaseClaim(release));
  }
  appendMessage(message: NewSurfaceMessage): Promise<SurfaceMessage> {
    return this.repos((r) => r.appendMessage(message));
  }
  insertMessages(messages: readonly NewSurfaceMessage[], after: MessageMark | null) {
    return this.repos((r) => r.insertMessages(messages, after));
  }
  getMessage(orgId: string, conversationId: string, messageId: string) {
    return this.repos((r) => r.getMessage(orgId, conversationId, messageId));
  }
  updateMessage(message: SurfaceMessage): Promise<void> {
    return this.repos((r) => r.updateMessage(message));
  }
  deleteMessage(orgId: string, conversationId: string, messageId: string): Promise<boolean> {
    return this.repos((r) => r.deleteMessage(orgId, conversationId, messageId));
  }
  listMessages(query: MessageListQuery) {
    return this.repos((r) => r.listMessages(query));
  }
  messagesAfter(orgId: string, conversationId: string, afterSeq: number) {
    return this.repos((r) => r.messagesAfter(orgId, conversationId, afterSeq));
  }
  lastMessage(orgId: string, conversationId: string) {
    return this.repos((r) => r.lastMessage(orgId, conversationId));
  }
  getContact(orgId: string, contactId: string) {
    return this.repos((r) => r.getContact(orgId, contactId));
  }
  findContactByFingerprint(orgId: string, fingerprint: string) {
    return this.repos((r) => r.findContactByFingerprint(orgId, fingerprint));
  }
  saveContact(contact: ContactRecord): Promise<void> {
    return this.repos((r) => r.saveContact(contact));
  }
  insertAttachment(attachment: AttachmentRecord): Promise<void> {
    return this.repos((r) => r.insertAttachment(attachment));
  }
  getAttachment(orgId: string, conversationId: string, attachmentId: string) {
    return this.repos((r) => r.getAttachment(orgId, conversationId, attachmentId));
  }
  findSignedAttachment(conversationId: string, attachmentId: string) {
    return this.repos((r) => r.findSignedAttachment(conversationId, attachmentId));
  }
  completeAttachment(orgId: string, attachmentId: string, at: number): Promise<boolean> {
    return this.repos((r) => r.completeAttachment(orgId, attachmentId, at));
  }
  listAttachments(query: AttachmentListQuery) {
    return this.repos((r) => r.listAttachments(query));
  }
  dropExpiredUploads(now: number) {
    return this.repos((r) => r.dropExpiredUploads(now));
  }
  conversationAttachments(orgId: string, conversationId: string) {
    return this.repos((r) => r.conversationAttachments(orgId, conversationId));
  }
  findRequest(conversationId: string, key: string | null) {
    return this.repos((r) => r.findRequest(conversationId, key));
  }
  insertRequest(request: StoredRequest): Promise<void> {
    return this.repos((r) => r.insertRequest(request));
  }
  pruneRequests(before: number): Promise<number> {
    return this.repos((r) => r.pruneRequests(before));
  }

  private repos<T>(work: (repos: SqlRepos) => Promise<T>): Promise<T> {
    return this.use((conn) => work(new SqlRepos(conn)));
  }

  /** The caller's running transaction's connection, else one outside any transaction. */
  private use<T>(work: (conn: SqlConnection) => Promise<T>): Promise<T> {
    const scope = this.activeScope();
    return scope ? work(scope.conn) : this.driver.autocommit(work);
  }

  private activeScope(): Scope | undefined {
    const scope = this.scopes.getStore();
    return scope?.active ? scope : undefined;
  }

  /** Runs `work` as the transaction of `conn`, visible to the store calls it makes. */
  private async scoped<T>(conn: SqlConnection, work: (scope: Scope) => Promise<T>): Promise<T> {
    const scope: Scope = { conn, active: true, savepoints: 0, conversations: new Set() };
    try {
      return await this.scopes.run(scope, () => work(scope));
    } finally {
      // Whatever `work` left running (a timer, an unawaited call) no longer joins it.
      scope.active = false;
    }
  }

  private nested<T>(scope: Scope, work: () => Promise<T>): Promise<T> {
    return inSavepoint(scope.conn, this.savepointName(scope), work);
  }

  private savepointName(scope: Scope): string {
    scope.savepoints += 1;
    return `parley_${scope.savepoints}`;
  }

  private tx(scope: Scope, conversationId: string): ConversationTx {
    return conversationTx(
      scope.conn,
      conversationId,
      () => scope.active,
      () => this.savepointName(scope),
    );
  }
}
