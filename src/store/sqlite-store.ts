/**
 * The SQLite Store (ARCHITECTURE.md "Storage", "One turn"), on better-sqlite3.
 *
 * Durability: WAL with `synchronous = FULL`, so a turn whose commit returned (and which was
 * therefore answered) survives a process or OS crash.
 *
 * Locking: `withConversation` first takes the conversation's in-process mutex (a promise
 * chain, as MemoryStore), which queues turns of one conversation in arrival order. Then it
 * takes the store-wide transaction lock and runs `work` inside `BEGIN IMMEDIATE … COMMIT`,
 * rolled back when `work` throws, so a failed turn leaves no trace. better-sqlite3 is
 * synchronous and the store has one connection, while `work` awaits: without the store-wide
 * lock, a second conversation's turn could issue its `BEGIN` or its writes on the same
 * connection while the first one's transaction is open, and the two would commit or roll back
 * together. So within one process, transactions (turns) run one at a time; between processes
 * on one file, SQLite serializes writers (`BEGIN IMMEDIATE`, waiting up to `busy_timeout`).
 */
import Database from 'better-sqlite3';
import type { OutputMessage } from '../csml/interpreter/types.js';
import type { Json } from '../csml/json.js';
import { stringifyJson } from '../csml/json.js';
import type { StoredTurn } from '../engine/memory-store.js';
import type { ClientEvent } from '../engine/events.js';
import type {
  Conversation,
  ConversationState,
  ConversationTx,
  Store,
  TurnCommit,
} from '../engine/store.js';
import { parseJson } from './json.js';
import { migrateSqlite } from './migrate.js';

export interface StoredMessage extends OutputMessage {
  readonly conversationId: string;
  readonly turnSeq: number;
  /** 0-based order within the turn. */
  readonly position: number;
}

interface ConversationRow {
  id: string;
  bot_id: string;
  version_id: string;
  user_key: string;
  status: 'open' | 'closed';
  state: string | null;
  turns: number;
}

interface TurnRow {
  seq: number;
  event: string;
}

interface MessageRow {
  turn_seq: number;
  position: number;
  content_type: string;
  content: string;
}

/** How long `BEGIN IMMEDIATE` waits for another process's write transaction, in ms. */
const BUSY_TIMEOUT_MS = 10_000;

/** Conversation state and events are JSON-shaped interfaces; TS cannot see them as Json. */
const asJson = (value: ConversationState | ClientEvent): Json => value as unknown as Json;

/** A promise-chain mutex: `run` calls wait for the ones before them, in call order. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

export class SqliteStore implements Store {
  private readonly conversationLocks = new Map<string, { mutex: Mutex; users: number }>();
  /** Store-wide: one transaction at a time on the one connection (see the file comment). */
  private readonly transactionLock = new Mutex();
  private readonly statements;
  private readonly commitTurn: (turn: TurnCommit) => void;

  private constructor(readonly db: Database.Database) {
    this.statements = {
      conversation: db.prepare<[string], ConversationRow>(
        `SELECT id, bot_id, version_id, user_key, status, state, turns
         FROM conversations WHERE id = ?`,
      ),
      memories: db.prepare<[string, string], { key: string; value: string }>(
        // rowid order is insertion order: an update keeps a key's place, as a Map does.
        'SELECT key, value FROM memories WHERE bot_id = ? AND user_key = ? ORDER BY rowid',
      ),
      upsertConversation: db.prepare(
        `INSERT INTO conversations
           (id, bot_id, version_id, user_key, status, state, turns, created_at, updated_at)
         VALUES (@id, @botId, @versionId, @userKey, @status, @state, @turns, @now, @now)
         ON CONFLICT (id) DO UPDATE SET
           bot_id = excluded.bot_id, version_id = excluded.version_id,
           user_key = excluded.user_key, status = excluded.status, state = excluded.state,
           turns = excluded.turns, updated_at = excluded.updated_at`,
      ),
      insertTurn: db.prepare(
        'INSERT INTO turns (conversation_id, seq, event, created_at) VALUES (?, ?, ?, ?)',
      ),
      insertMessage: db.prepare(
        `INSERT INTO messages (conversation_id, turn_seq, position, content_type, content)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      setMemory: db.prepare(
        `INSERT INTO memories (bot_id, user_key, key, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (bot_id, user_key, key) DO UPDATE SET value = excluded.value`,
      ),
      deleteMemory: db.prepare(
        'DELETE FROM memories WHERE bot_id = ? AND user_key = ? AND key = ?',
      ),
      deleteMemories: db.prepare('DELETE FROM memories WHERE bot_id = ? AND user_key = ?'),
      turns: db.prepare<[string], TurnRow>(
        'SELECT seq, event FROM turns WHERE conversation_id = ? ORDER BY seq',
      ),
      messages: db.prepare<[string], MessageRow>(
        `SELECT turn_seq, position, content_type, content FROM messages
         WHERE conversation_id = ? ORDER BY turn_seq, position`,
      ),
    };
    // Nested in the turn's transaction, db.transaction uses a savepoint: a commit that fails
    // half way (say, a turn number already stored) writes nothing even if `work` catches it.
    this.commitTurn = db.transaction((turn: TurnCommit) => {
      this.writeTurn(turn);
    });
  }

  /** Opens (creating if needed) and migrates the database at `path`; `:memory:` for a private one. */
  static open(path: string): SqliteStore {
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL'); // an in-memory database stays in `memory` mode
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      migrateSqlite(db);
      return new SqliteStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }

  async withConversation<T>(
    conversationId: string,
    work: (tx: ConversationTx) => Promise<T>,
  ): Promise<T> {
    let lock = this.conversationLocks.get(conversationId);
    if (!lock) {
      lock = { mutex: new Mutex(), users: 0 };
      this.conversationLocks.set(conversationId, lock);
    }
    lock.users++;
    try {
      return await lock.mutex.run(() =>
        this.transactionLock.run(() => this.inTransaction(conversationId, work)),
      );
    } finally {
      lock.users--;
      if (lock.users === 0) this.conversationLocks.delete(conversationId);
    }
  }

  private async inTransaction<T>(
    conversationId: string,
    work: (tx: ConversationTx) => Promise<T>,
  ): Promise<T> {
    let open = true;
    const check = (): void => {
      if (!open) throw new Error(`transaction of conversation ${conversationId} is over`);
    };
    const tx: ConversationTx = {
      conversation: () => {
        check();
        return Promise.resolve(this.readConversation(conversationId));
      },
      memories: (botId, userKey) => {
        check();
        return Promise.resolve(this.readMemories(botId, userKey));
      },
      commit: (turn) => {
        check();
        if (turn.conversation.id !== conversationId) {
          return Promise.reject(
            new Error(`commit of conversation ${turn.conversation.id} inside ${conversationId}`),
          );
        }
        this.commitTurn(turn);
        return Promise.resolve();
      },
    };
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(tx);
      open = false;
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      open = false;
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }

  private readConversation(id: string): Conversation | null {
    const row = this.statements.conversation.get(id);
    if (!row) return null;
    return {
      id: row.id,
      botId: row.bot_id,
      versionId: row.version_id,
      userKey: row.user_key,
      status: row.status,
      state: row.state === null ? null : (parseJson(row.state) as unknown as ConversationState),
      turns: row.turns,
    };
  }

  private readMemories(botId: string, userKey: string): Record<string, Json> {
    const memories: Record<string, Json> = {};
    for (const row of this.statements.memories.all(botId, userKey)) {
      Object.defineProperty(memories, row.key, {
        value: parseJson(row.value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return memories;
  }

  private writeTurn(turn: TurnCommit): void {
    const { conversation } = turn;
    const now = new Date().toISOString();
    const s = this.statements;
    s.upsertConversation.run({
      id: conversation.id,
      botId: conversation.botId,
      versionId: conversation.versionId,
      userKey: conversation.userKey,
      status: conversation.status,
      state: conversation.state === null ? null : stringifyJson(asJson(conversation.state)),
      turns: conversation.turns,
      now,
    });
    s.insertTurn.run(conversation.id, conversation.turns, stringifyJson(asJson(turn.event)), now);
    turn.messages.forEach((message, position) => {
      s.insertMessage.run(
        conversation.id,
        conversation.turns,
        position,
        message.content_type,
        stringifyJson(message.content),
      );
    });
    const { botId, userKey } = conversation;
    for (const op of turn.memoryOps) {
      if (op.op === 'set') s.setMemory.run(botId, userKey, op.key, stringifyJson(op.value));
      else if (op.keys === '*') s.deleteMemories.run(botId, userKey);
      else for (const key of op.keys) s.deleteMemory.run(botId, userKey, key);
    }
  }

  /** The stored turns of a conversation, by seq, with their messages. */
  turns(conversationId: string): StoredTurn[] {
    const messages = this.messages(conversationId);
    return this.statements.turns.all(conversationId).map((row) => ({
      conversationId,
      seq: row.seq,
      event: parseJson(row.event) as unknown as ClientEvent,
      messages: messages
        .filter((m) => m.turnSeq === row.seq)
        .map((m) => ({ content_type: m.content_type, content: m.content })),
    }));
  }

  /** The output messages of a conversation, in order. */
  messages(conversationId: string): StoredMessage[] {
    return this.statements.messages.all(conversationId).map((row) => ({
      conversationId,
      turnSeq: row.turn_seq,
      position: row.position,
      content_type: row.content_type,
      content: parseJson(row.content),
    }));
  }
}
