/**
 * The domain reads and writes (`Repos` of src/engine/store.ts) in SQL that SQLite and
 * PostgreSQL both run. Every statement names the organization, except the few the interface
 * defines by a global key (API key id, token hash). Each method is one statement, so that it is
 * atomic on its own; deleting a bot relies on the schema's foreign keys to remove what it owns.
 */
import type { Json } from '../csml/json.js';
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
  FlowRecord,
  MessageListQuery,
  MessageMark,
  NewSurfaceMessage,
  Organization,
  Repos,
  StoredRequest,
  TranscriptEntry,
  SurfaceConversation,
  SurfaceMessage,
  UsageFigures,
  VersionRecord,
  VersionSummary,
} from '../engine/store.js';
import {
  BOT_COLUMNS,
  CONVERSATION_COLUMNS,
  FLOW_COLUMNS,
  KEY_COLUMNS,
  ORG_COLUMNS,
  VERSION_COLUMNS,
  fromJsonText,
  nullableJsonText,
  toAccessToken,
  toApiKey,
  toBot,
  toConversation,
  toFlow,
  toJsonText,
  toOrganization,
  toVersion,
  toVersionSummary,
} from './rows.js';
import type {
  BotRow,
  ConversationRow,
  FlowRow,
  KeyRow,
  OrgRow,
  TokenRow,
  VersionRow,
  VersionSummaryRow,
} from './rows.js';
import { first } from './sql.js';
import type { SqlConnection } from './sql.js';
import * as surface from './sql-surface.js';

/** Any fixed number, distinct from the migrations' advisory lock (migrate.ts). */
const FIRST_START_LOCK = 727_001;

export class SqlRepos implements Repos {
  constructor(private readonly conn: SqlConnection) {}

  async lockFirstStart(): Promise<void> {
    // SQLite: BEGIN IMMEDIATE already serializes writers, across processes too.
    if (this.conn.dialect === 'postgres') {
      await this.conn.all('SELECT pg_advisory_xact_lock(?)', [FIRST_START_LOCK]);
    }
  }

  async orgCount(): Promise<number> {
    const row = await first<{ n: number }>(this.conn, 'SELECT COUNT(*) AS n FROM organizations');
    return row?.n ?? 0;
  }

  async defaultOrg(): Promise<Organization | null> {
    const row = await first<OrgRow>(
      this.conn,
      `SELECT ${ORG_COLUMNS} FROM organizations ORDER BY created_at, id LIMIT 1`,
    );
    return row && toOrganization(row);
  }

  async getOrg(orgId: string): Promise<Organization | null> {
    const row = await first<OrgRow>(
      this.conn,
      `SELECT ${ORG_COLUMNS} FROM organizations WHERE id = ?`,
      [orgId],
    );
    return row && toOrganization(row);
  }

  async insertOrg(org: Organization): Promise<void> {
    await this.conn.run(`INSERT INTO organizations (${ORG_COLUMNS}) VALUES (?, ?, ?, ?, ?)`, [
      org.id,
      org.name,
      org.defaultBotId,
      org.createdAt,
      org.updatedAt,
    ]);
  }

  async updateOrg(org: Organization): Promise<void> {
    await this.conn.run(
      'UPDATE organizations SET name = ?, default_bot_id = ?, updated_at = ? WHERE id = ?',
      [org.name, org.defaultBotId, org.updatedAt, org.id],
    );
  }

  async insertKey(key: ApiKeyRecord): Promise<void> {
    await this.conn.run(
      `INSERT INTO api_keys (${KEY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        key.id,
        key.orgId,
        key.botId,
        key.name,
        toJsonText(key.permissions),
        key.secretHash,
        key.secretEncrypted,
        key.createdAt,
        key.lastUsedAt,
      ],
    );
  }

  async findKey(keyId: string): Promise<ApiKeyRecord | null> {
    const row = await first<KeyRow>(this.conn, `SELECT ${KEY_COLUMNS} FROM api_keys WHERE id = ?`, [
      keyId,
    ]);
    return row && toApiKey(row);
  }

  async listKeys(orgId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.conn.all<KeyRow>(
      `SELECT ${KEY_COLUMNS} FROM api_keys WHERE org_id = ? ORDER BY created_at, id`,
      [orgId],
    );
    return rows.map(toApiKey);
  }

  async deleteKey(orgId: string, keyId: string): Promise<boolean> {
    const changed = await this.conn.run('DELETE FROM api_keys WHERE id = ? AND org_id = ?', [
      keyId,
      orgId,
    ]);
    return changed > 0;
  }

  async touchKey(keyId: string, at: number): Promise<void> {
    await this.conn.run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', [at, keyId]);
  }

  async insertAccessToken(token: AccessTokenRecord): Promise<void> {
    await this.conn.run(
      `INSERT INTO access_tokens (token_hash, key_id, org_id, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?)`,
      [token.tokenHash, token.keyId, token.orgId, token.expiresAt, token.createdAt],
    );
  }

  async findAccessToken(tokenHash: string, now: number): Promise<AccessTokenRecord | null> {
    // The join keeps a token whose key was deleted out, even before the cascade could run.
    const row = await first<TokenRow>(
      this.conn,
      `SELECT t.token_hash, t.key_id, t.org_id, t.expires_at, t.created_at
       FROM access_tokens t JOIN api_keys k ON k.id = t.key_id AND k.org_id = t.org_id
       WHERE t.token_hash = ? AND t.expires_at > ?`,
      [tokenHash, now],
    );
    return row && toAccessToken(row);
  }

  async insertBot(bot: BotRecord): Promise<void> {
    await this.conn.run(
      `INSERT INTO bots (${BOT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        bot.id,
        bot.orgId,
        bot.name,
        bot.description,
        bot.defaultFlowId,
        toJsonText(bot.env),
        toJsonText(bot.settings),
        toJsonText(bot.customComponents),
        nullableJsonText(bot.nlu),
        nullableJsonText(bot.llm),
        bot.createdAt,
        bot.updatedAt,
      ],
    );
  }

  async getBot(orgId: string, botId: string): Promise<BotRecord | null> {
    const row = await first<BotRow>(
      this.conn,
      `SELECT ${BOT_COLUMNS} FROM bots WHERE org_id = ? AND id = ?`,
      [orgId, botId],
    );
    return row && toBot(row);
  }

  async lockBot(orgId: string, botId: string): Promise<BotRecord | null> {
    // SQLite has no row locks and needs none: BEGIN IMMEDIATE already serializes writers.
    const lock = this.conn.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const row = await first<BotRow>(
      this.conn,
      `SELECT ${BOT_COLUMNS} FROM bots WHERE org_id = ? AND id = ?${lock}`,
      [orgId, botId],
    );
    return row && toBot(row);
  }

  async listBots(orgId: string): Promise<BotRecord[]> {
    const rows = await this.conn.all<BotRow>(
      `SELECT ${BOT_COLUMNS} FROM bots WHERE org_id = ? ORDER BY created_at, id`,
      [orgId],
    );
    return rows.map(toBot);
  }

  async updateBot(bot: BotRecord): Promise<void> {
    await this.conn.run(
      `UPDATE bots SET name = ?, description = ?, default_flow_id = ?, env = ?, settings = ?,
         custom_components = ?, nlu = ?, llm = ?, updated_at = ?
       WHERE org_id = ? AND id = ?`,
      [
        bot.name,
        bot.description,
        bot.defaultFlowId,
        toJsonText(bot.env),
        toJsonText(bot.settings),
        toJsonText(bot.customComponents),
        nullableJsonText(bot.nlu),
        nullableJsonText(bot.llm),
        bot.updatedAt,
        bot.orgId,
        bot.id,
      ],
    );
  }

  async deleteBot(orgId: string, botId: string): Promise<boolean> {
    // Foreign keys (0001_initial.sql) remove its flows, versions, conversations with their
    // turns and messages, memories, the keys bound to it with their tokens, and clear the
    // organization's default bot.
    const changed = await this.conn.run('DELETE FROM bots WHERE org_id = ? AND id = ?', [
      orgId,
      botId,
    ]);
    return changed > 0;
  }

  async insertFlow(flow: FlowRecord): Promise<void> {
    // Next place in the bot's flow list. Writers of one bot's flows hold its lock (lockBot);
    // a race would fail on UNIQUE (org_id, bot_id, position), never misorder.
    await this.conn.run(
      `INSERT INTO flows (${FLOW_COLUMNS}, position)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,
         (SELECT COALESCE(MAX(position), 0) + 1 FROM flows WHERE org_id = ? AND bot_id = ?))`,
      [
        flow.id,
        flow.orgId,
        flow.botId,
        flow.name,
        flow.description,
        toJsonText(flow.commands),
        flow.content,
        flow.createdAt,
        flow.updatedAt,
        flow.orgId,
        flow.botId,
      ],
    );
  }

  async listFlows(orgId: string, botId: string): Promise<FlowRecord[]> {
    const rows = await this.conn.all<FlowRow>(
      `SELECT ${FLOW_COLUMNS} FROM flows WHERE org_id = ? AND bot_id = ? ORDER BY position`,
      [orgId, botId],
    );
    return rows.map(toFlow);
  }

  async getFlow(orgId: string, botId: string, flowId: string): Promise<FlowRecord | null> {
    const row = await first<FlowRow>(
      this.conn,
      `SELECT ${FLOW_COLUMNS} FROM flows WHERE org_id = ? AND bot_id = ? AND id = ?`,
      [orgId, botId, flowId],
    );
    return row && toFlow(row);
  }

  async updateFlow(flow: FlowRecord): Promise<void> {
    await this.conn.run(
      `UPDATE flows SET name = ?, description = ?, commands = ?, content = ?, updated_at = ?
       WHERE org_id = ? AND bot_id = ? AND id = ?`,
      [
        flow.name,
        flow.description,
        toJsonText(flow.commands),
        flow.content,
        flow.updatedAt,
        flow.orgId,
        flow.botId,
        flow.id,
      ],
    );
  }

  async deleteFlow(orgId: string, botId: string, flowId: string): Promise<boolean> {
    const changed = await this.conn.run(
      'DELETE FROM flows WHERE org_id = ? AND bot_id = ? AND id = ?',
      [orgId, botId, flowId],
    );
    return changed > 0;
  }

  async insertVersion(version: VersionRecord): Promise<void> {
    // Numbered in build order; builds of one bot hold its lock (see insertFlow).
    await this.conn.run(
      `INSERT INTO versions (${VERSION_COLUMNS}, number)
       VALUES (?, ?, ?, ?, ?, ?, ?,
         (SELECT COALESCE(MAX(number), 0) + 1 FROM versions WHERE org_id = ? AND bot_id = ?))`,
      [
        version.id,
        version.orgId,
        version.botId,
        version.engineVersion,
        version.contentHash,
        toJsonText(version.snapshot),
        version.createdAt,
        version.orgId,
        version.botId,
      ],
    );
  }

  async getVersion(orgId: string, botId: string, versionId: string): Promise<VersionRecord | null> {
    const row = await first<VersionRow>(
      this.conn,
      `SELECT ${VERSION_COLUMNS} FROM versions WHERE org_id = ? AND bot_id = ? AND id = ?`,
      [orgId, botId, versionId],
    );
    return row && toVersion(row);
  }

  async latestVersion(orgId: string, botId: string): Promise<VersionRecord | null> {
    const row = await first<VersionRow>(
      this.conn,
      `SELECT ${VERSION_COLUMNS} FROM versions WHERE org_id = ? AND bot_id = ?
       ORDER BY number DESC LIMIT 1`,
      [orgId, botId],
    );
    return row && toVersion(row);
  }

  async listVersions(
    orgId: string,
    botId: string,
    options: { limit: number; before?: string },
  ): Promise<VersionSummary[]> {
    const columns = 'id, engine_version, content_hash, created_at';
    const limit = Math.max(0, Math.floor(options.limit));
    // An unknown `before` compares with NULL: nothing is older than it.
    const rows =
      options.before === undefined
        ? await this.conn.all<VersionSummaryRow>(
            `SELECT ${columns} FROM versions WHERE org_id = ? AND bot_id = ?
             ORDER BY number DESC LIMIT ?`,
            [orgId, botId, limit],
          )
        : await this.conn.all<VersionSummaryRow>(
            `SELECT ${columns} FROM versions WHERE org_id = ? AND bot_id = ?
               AND number < (SELECT number FROM versions WHERE org_id = ? AND bot_id = ? AND id = ?)
             ORDER BY number DESC LIMIT ?`,
            [orgId, botId, orgId, botId, options.before, limit],
          );
    return rows.map(toVersionSummary);
  }

  async findOpenConversation(key: ConversationKey): Promise<Conversation | null> {
    const row = await first<ConversationRow>(
      this.conn,
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations
       WHERE org_id = ? AND bot_id = ? AND channel = ? AND external_key = ? AND status = 'open'`,
      [key.orgId, key.botId, key.channel, key.externalKey],
    );
    return row && toConversation(row);
  }

  async getConversation(orgId: string, conversationId: string): Promise<Conversation | null> {
    const row = await first<ConversationRow>(
      this.conn,
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE org_id = ? AND id = ?`,
      [orgId, conversationId],
    );
    return row && toConversation(row);
  }

  async closeConversations(key: ConversationKey, at: number): Promise<number> {
    // On PostgreSQL this waits for a turn in progress on the conversation (its row lock).
    return this.conn.run(
      `UPDATE conversations SET status = 'closed', state = NULL, updated_at = ?
       WHERE org_id = ? AND bot_id = ? AND channel = ? AND external_key = ? AND status = 'open'`,
      [at, key.orgId, key.botId, key.channel, key.externalKey],
    );
  }

  async listBotConversations(
    orgId: string,
    botId: string,
    options: { limit: number; before?: string },
  ): Promise<Conversation[] | null> {
    const limit = Math.max(0, Math.floor(options.limit));
    if (options.before === undefined) {
      const rows = await this.conn.all<ConversationRow>(
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE org_id = ? AND bot_id = ?
         ORDER BY created_at DESC, id DESC LIMIT ?`,
        [orgId, botId, limit],
      );
      return rows.map(toConversation);
    }
    const cursor = await first<{ created_at: number }>(
      this.conn,
      'SELECT created_at FROM conversations WHERE org_id = ? AND bot_id = ? AND id = ?',
      [orgId, botId, options.before],
    );
    if (!cursor) return null;
    const rows = await this.conn.all<ConversationRow>(
      `SELECT ${CONVERSATION_COLUMNS} FROM conversations
       WHERE org_id = ? AND bot_id = ? AND (created_at < ? OR (created_at = ? AND id < ?))
       ORDER BY created_at DESC, id DESC LIMIT ?`,
      [orgId, botId, cursor.created_at, cursor.created_at, options.before, limit],
    );
    return rows.map(toConversation);
  }

  async listTranscript(
    orgId: string,
    conversationId: string,
    options: { after: number; limit: number },
  ): Promise<TranscriptEntry[]> {
    const rows = await this.conn.all<{
      seq: number;
      type: string;
      content_type: string;
      content: string;
      text: string | null;
      created_at: number;
    }>(
      `SELECT seq, type, content_type, content, text, created_at FROM messages
       WHERE org_id = ? AND conversation_id = ? AND seq > ?
       ORDER BY seq LIMIT ?`,
      [orgId, conversationId, Math.floor(options.after), Math.max(0, Math.floor(options.limit))],
    );
    return rows.map((row) => ({
      seq: row.seq,
      type: row.type,
      contentType: row.content_type,
      // Conversations-surface rows keep their current text apart (messages can be edited).
      content: row.text === null ? fromJsonText<Json>(row.content) : { text: row.text },
      createdAt: row.created_at,
    }));
  }

  async usage(orgId: string, botId: string, from: number, to: number): Promise<UsageFigures> {
    const row = await first<{ messages: number; clients: number }>(
      this.conn,
      `SELECT COUNT(*) AS messages, COUNT(DISTINCT c.user_key) AS clients
       FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE m.bot_id = ? AND m.org_id = ? AND m.created_at >= ? AND m.created_at < ?`,
      [botId, orgId, from, to],
    );
    return { messages: row?.messages ?? 0, clients: row?.clients ?? 0 };
  }

  // The Conversations surface (sql-surface.ts).

  insertSurfaceConversation(conversation: SurfaceConversation): Promise<void> {
    return surface.insertSurfaceConversation(this.conn, conversation);
  }
  getSurfaceConversation(orgId: string, conversationId: string) {
    return surface.getSurfaceConversation(this.conn, orgId, conversationId);
  }
  updateSurfaceConversation(conversation: SurfaceConversation): Promise<void> {
    return surface.updateSurfaceConversation(this.conn, conversation);
  }
  deleteConversation(orgId: string, conversationId: string): Promise<boolean> {
    return surface.deleteConversation(this.conn, orgId, conversationId);
  }
  listSurfaceConversations(query: ConversationListQuery) {
    return surface.listSurfaceConversations(this.conn, query);
  }
  setConsumedSeq(orgId: string, conversationId: string, seq: number): Promise<void> {
    return surface.setConsumedSeq(this.conn, orgId, conversationId, seq);
  }
  getTurnConversation(orgId: string, conversationId: string) {
    return surface.getTurnConversation(this.conn, orgId, conversationId);
  }
  claimConversation(claim: ConversationClaim) {
    return surface.claimConversation(this.conn, claim);
  }
  renewClaim(orgId: string, conversationId: string, token: string, until: number) {
    return surface.renewClaim(this.conn, orgId, conversationId, token, until);
  }
  releaseClaim(release: ClaimRelease) {
    return surface.releaseClaim(this.conn, release);
  }
  appendMessage(message: NewSurfaceMessage): Promise<SurfaceMessage> {
    return surface.appendMessage(this.conn, message);
  }
  insertMessages(messages: readonly NewSurfaceMessage[], after: MessageMark | null) {
    return surface.insertMessages(this.conn, messages, after);
  }
  getMessage(orgId: string, conversationId: string, messageId: string) {
    return surface.getMessage(this.conn, orgId, conversationId, messageId);
  }
  updateMessage(message: SurfaceMessage): Promise<void> {
    return surface.updateMessage(this.conn, message);
  }
  deleteMessage(orgId: string, conversationId: string, messageId: string): Promise<boolean> {
    return surface.deleteMessage(this.conn, orgId, conversationId, messageId);
  }
  listMessages(query: MessageListQuery) {
    return surface.listMessages(this.conn, query);
  }
  messagesAfter(orgId: string, conversationId: string, afterSeq: number) {
    return surface.messagesAfter(this.conn, orgId, conversationId, afterSeq);
  }
  lastMessage(orgId: string, conversationId: string) {
    return surface.lastMessage(this.conn, orgId, conversationId);
  }
  getContact(orgId: string, contactId: string) {
    return surface.getContact(this.conn, orgId, contactId);
  }
  findContactByFingerprint(orgId: string, fingerprint: string) {
    return surface.findContactByFingerprint(this.conn, orgId, fingerprint);
  }
  saveContact(contact: ContactRecord): Promise<void> {
    return surface.saveContact(this.conn, contact);
  }
  insertAttachment(attachment: AttachmentRecord): Promise<void> {
    return surface.insertAttachment(this.conn, attachment);
  }
  getAttachment(orgId: string, conversationId: string, attachmentId: string) {
    return surface.getAttachment(this.conn, orgId, conversationId, attachmentId);
  }
  findSignedAttachment(conversationId: string, attachmentId: string) {
    return surface.findSignedAttachment(this.conn, conversationId, attachmentId);
  }
  completeAttachment(orgId: string, attachmentId: string, at: number): Promise<boolean> {
    return surface.completeAttachment(this.conn, orgId, attachmentId, at);
  }
  listAttachments(query: AttachmentListQuery) {
    return surface.listAttachments(this.conn, query);
  }
  dropExpiredUploads(now: number) {
    return surface.dropExpiredUploads(this.conn, now);
  }
  conversationAttachments(orgId: string, conversationId: string) {
    return surface.conversationAttachments(this.conn, orgId, conversationId);
  }
  findRequest(conversationId: string, key: string | null) {
    return surface.findRequest(this.conn, conversationId, key);
  }
  insertRequest(request: StoredRequest): Promise<void> {
    return surface.insertRequest(this.conn, request);
  }
  pruneRequests(before: number): Promise<number> {
    return surface.pruneRequests(this.conn, before);
  }
}
