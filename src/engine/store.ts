/**
 * What the engine needs from storage (ARCHITECTURE.md "One turn"): exclusive access to one
 * conversation while a turn runs, the user's memories, and one atomic commit of everything a
 * turn produced. src/store implements it on SQLite and PostgreSQL; memory-store.ts in memory.
 */
import type { Hold, MemoryOp, OutputMessage } from '../csml/interpreter/types.js';
import type { Json } from '../csml/json.js';
import type { ClientEvent } from './events.js';

/** Where a conversation stands in its bot (csml.md §14.4). */
export interface ConversationState {
  readonly flow: string;
  readonly step: string;
  readonly hold: Hold | null;
}

export interface Conversation {
  readonly id: string;
  readonly botId: string;
  /** The BotVersion the conversation is pinned to. */
  readonly versionId: string;
  /** Whose memories the conversation reads and writes (ARCHITECTURE.md, user key table). */
  readonly userKey: string;
  readonly status: 'open' | 'closed';
  /** null: no flow is running; the next event starts one. */
  readonly state: ConversationState | null;
  /** Turns committed so far. */
  readonly turns: number;
}

export interface TurnCommit {
  readonly conversation: Conversation;
  readonly event: ClientEvent;
  readonly messages: readonly OutputMessage[];
  readonly memoryOps: readonly MemoryOp[];
}

export interface ConversationTx {
  conversation(): Promise<Conversation | null>;
  /** The user's memories for the bot, memory format (csml.md §15.3). */
  memories(botId: string, userKey: string): Promise<Record<string, Json>>;
  /** Stores the new state, the messages, the memory writes and the turn, all or nothing. */
  commit(turn: TurnCommit): Promise<void>;
}

export interface Store {
  /** Runs `work` with the conversation's lock held, inside one transaction. */
  withConversation<T>(conversationId: string, work: (tx: ConversationTx) => Promise<T>): Promise<T>;
}
