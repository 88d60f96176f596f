/**
 * The turn path in SQL shared by SQLite and PostgreSQL: finding or making a client's open
 * conversation, and what a turn reads and commits inside its conversation's transaction
 * (sql-store.ts holds the locks and the transaction).
 */
import type { OutputMessage } from '../csml/interpreter/types.js';
import type { Json } from '../csml/json.js';
import { newId } from '../engine/ids.js';
import type {
  Conversation,
  ConversationTx,
  NewConversation,
  StoredTurn,
  TurnCommit,
} from '../engine/store.js';
import { parseJson } from './json.js';
import {
  CONVERSATION_COLUMNS,
  MESSAGE_COLUMNS,
  TURN_COLUMNS,
  fromJsonText,
  nullableJsonText,
  toConversation,
  toEvent,
  toFlag,
  toJsonText,
} from './rows.js';
import type { ConversationRow, MessageRow, TurnRow } from './rows.js';
import { SqlRepos } from './sql-repos.js';
import { first } from './sql.js';
import type { SqlConnection } from './sql.js';

/** How often openConversation retries when the open conversation closed under it. */
const OPEN_ATTEMPTS = 5;

/**
 * The open conversation of `init`'s key, or a new one. The insert does nothing when the key
 * already has an open conversation (the partial unique index `conversations_one_open`), even
 * one another process inserted a moment ago, so two callers never make two.
 */
export async function openConversation(
  conn: SqlConnection,
  init: NewConversation,
): Promise<Conversation> {
  const repos = new SqlRepos(conn);
  for (let attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
    const found = await repos.findOpenConversation(init);
    if (found) return found;
    const at = Date.now();
    await conn.run(
      `INSERT INTO conversations (${CONVERSATION_COLUMNS})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL, 0, ?, ?, ?, NULL)
       ON CONFLICT (bot_id, channel, external_key) WHERE status = 'open' DO NOTHING`,
      [
        init.id ?? newId(),
        init.orgId,
        init.botId,
        init.versionId,
        init.channel,
        init.externalKey,
        init.userKey,
        init.contactId ?? null,
        toJsonText(init.meta ?? {}),
        at,
        at,
      ],
    );
  }
  throw new Error(
    `could not open a conversation of bot ${init.botId} for ${init.channel} ${init.externalKey}`,
  );
}

/** Runs `work` in a savepoint: a throw undoes its writes and leaves the transaction usable. */
export async function inSavepoint<T>(
  conn: SqlConnection,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  await conn.run(`SAVEPOINT ${name}`);
  try {
    const result = await work();
    await conn.run(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await conn.run(`ROLLBACK TO SAVEPOINT ${name}`);
    await conn.run(`RELEASE SAVEPOINT ${name}`);
    throw error;
  }
}

/**
 * What a turn of conversation `id` may do, on a connection inside the conversation's
 * transaction. `active` turns false when the transaction is over: a late call throws.
 * `savepoint` names a fresh savepoint.
 */
export function conversationTx(
  conn: SqlConnection,
  id: string,
  active: () => boolean,
  savepoint: () => string,
): ConversationTx {
  const check = (): void => {
    if (!active()) throw new Error(`the transaction of conversation ${id} is over`);
  };
  return {
    async conversation() {
      check();
      const row = await first<ConversationRow>(
        conn,
        `SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = ?`,
        [id],
      );
      return row && toConversation(row);
    },
    async lastTurn() {
      check();
      const row = await first<TurnRow>(
        conn,
        `SELECT ${TURN_COLUMNS} FROM turns WHERE conversation_id = ? ORDER BY seq DESC LIMIT 1`,
        [id],
      );
      if (!row) return null;
      const messages = await conn.all<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM messages
         WHERE conversation_id = ? AND turn_seq = ? AND type = 'bot' ORDER BY seq`,
        [id, row.seq],
      );
      return toStoredTurn(row, messages);
    },
    async memories(botId, userKey) {
      check();
      return readMemories(conn, botId, userKey);
    },
    async commit(turn) {
      check();
      if (turn.conversation.id !== id) {
        throw new Error(`commit of conversation ${turn.conversation.id} inside ${id}`);
      }
      // A commit that fails half way (say, a turn number already stored) writes nothing, even
      // when `work` catches the error and goes on.
      await inSavepoint(conn, savepoint(), () => writeTurn(conn, turn));
    },
    async close(at) {
      check();
      const changed = await conn.run(
        `UPDATE conversations SET status = 'closed', state = NULL, updated_at = ? WHERE id = ?`,
        [at, id],
      );
      if (changed === 0) throw missing(id);
    },
  };
}

const missing = (id: string) =>
  new Error(`conversation ${id} does not exist (openConversation creates conversations)`);

async function writeTurn(conn: SqlConnection, turn: TurnCommit): Promise<void> {
  const { conversation: c, at } = turn;
  const [stored] = await conn.all<{ org_id: string; bot_id: string; user_key: string }>(
    `UPDATE conversations SET status = ?, state = ?, turns = ?, meta = ?, updated_at = ?,
       last_turn_at = ?
     WHERE id = ? RETURNING org_id, bot_id, user_key`,
    [
      c.status,
      nullableJsonText(c.state),
      c.turns,
      toJsonText(c.meta),
      c.updatedAt,
      c.lastTurnAt,
      c.id,
    ],
  );
  if (!stored) throw missing(c.id);
  const seq = c.turns;
  await conn.run(`INSERT INTO turns (${TURN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    turn.turnId,
    c.id,
    seq,
    toJsonText(turn.event),
    turn.digest,
    turn.retryKey,
    toFlag(turn.conversationEnd),
    turn.interactionOrder,
    at,
  ]);
  // A turn without message rows (the Conversations surface stores its own) numbers none.
  const numbered = turn.logEvent || turn.messages.length > 0;
  const last = numbered
    ? await first<{ seq: number | null }>(
        conn,
        'SELECT MAX(seq) AS seq FROM messages WHERE conversation_id = ?',
        [c.id],
      )
    : null;
  let next = (last?.seq ?? 0) + 1;
  const insertMessage = (type: 'user' | 'bot', message: OutputMessage) =>
    conn.run(
      `INSERT INTO messages
         (id, org_id, bot_id, conversation_id, turn_seq, seq, type, content_type, content,
          created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        newId(),
        stored.org_id,
        stored.bot_id,
        c.id,
        seq,
        next++,
        type,
        message.content_type,
        toJsonText(message.content),
        at,
      ],
    );
  if (turn.logEvent) await insertMessage('user', turn.event);
  for (const message of turn.messages) await insertMessage('bot', message);

  const owner = [stored.bot_id, stored.user_key] as const;
  if (turn.memoryOps.length > 0 && conn.dialect === 'postgres') {
    // Turns of two conversations of one user (two channels, two processes) would otherwise
    // take the rows of the user's memories in their own orders and could deadlock. One lock
    // per user, until the transaction ends, orders them. (SQLite has one writer at a time.)
    await conn.all('SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))', [...owner]);
  }
  for (const op of turn.memoryOps) {
    if (op.op === 'set') {
      await conn.run(
        `INSERT INTO memories (bot_id, user_key, key, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (bot_id, user_key, key) DO UPDATE SET value = excluded.value`,
        [...owner, op.key, toJsonText(op.value)],
      );
    } else if (op.keys === '*') {
      await conn.run('DELETE FROM memories WHERE bot_id = ? AND user_key = ?', [...owner]);
    } else {
      for (const key of op.keys) {
        await conn.run('DELETE FROM memories WHERE bot_id = ? AND user_key = ? AND key = ?', [
          ...owner,
          key,
        ]);
      }
    }
  }
}

/** The user's memories in insertion order (an update keeps a key's place). */
export async function readMemories(
  conn: SqlConnection,
  botId: string,
  userKey: string,
): Promise<Record<string, Json>> {
  const rows = await conn.all<{ key: string; value: string }>(
    'SELECT key, value FROM memories WHERE bot_id = ? AND user_key = ? ORDER BY seq',
    [botId, userKey],
  );
  const memories: Record<string, Json> = {};
  for (const row of rows) {
    // defineProperty: a memory named `__proto__` is a plain key, not the prototype.
    Object.defineProperty(memories, row.key, {
      value: parseJson(row.value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return memories;
}

function toStoredTurn(row: TurnRow, messages: readonly MessageRow[]): StoredTurn {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    event: toEvent(row.event),
    digest: row.digest,
    retryKey: row.retry_key,
    messages: messages.map((m) => ({
      content_type: m.content_type,
      content: fromJsonText<Json>(m.content),
    })),
    conversationEnd: row.conversation_end === 1,
    interactionOrder: row.interaction_order,
    createdAt: row.created_at,
  };
}

/** A stored message (user or bot), as transcripts read it. */
export interface StoredMessage extends OutputMessage {
  readonly id: string;
  readonly conversationId: string;
  readonly turnSeq: number | null;
  readonly seq: number;
  readonly type: string;
  readonly createdAt: number;
}

/** Every turn of a conversation in seq order, each with its bot messages. */
export async function readTurns(
  conn: SqlConnection,
  conversationId: string,
): Promise<StoredTurn[]> {
  const turns = await conn.all<TurnRow>(
    `SELECT ${TURN_COLUMNS} FROM turns WHERE conversation_id = ? ORDER BY seq`,
    [conversationId],
  );
  const messages = await conn.all<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? AND type = 'bot'
     ORDER BY seq`,
    [conversationId],
  );
  return turns.map((turn) =>
    toStoredTurn(
      turn,
      messages.filter((m) => m.turn_seq === turn.seq),
    ),
  );
}

/** Every message of a conversation in seq order. */
export async function readMessages(
  conn: SqlConnection,
  conversationId: string,
): Promise<StoredMessage[]> {
  const rows = await conn.all<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY seq`,
    [conversationId],
  );
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    turnSeq: row.turn_seq,
    seq: row.seq,
    type: row.type,
    content_type: row.content_type,
    content: fromJsonText<Json>(row.content),
    createdAt: row.created_at,
  }));
}
