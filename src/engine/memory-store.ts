/**
 * An in-memory Store: turns of one conversation are serialized by a promise-chain lock, and a
 * commit applies all its writes at once, when the work that made it has succeeded. For `parley chat`, tests and the conformance runner.
 */
import type { MemoryOp, OutputMessage } from '../csml/interpreter/types.js';
import type { Json } from '../csml/json.js';
import type { ClientEvent } from './events.js';
import type { Conversation, ConversationTx, Store, TurnCommit } from './store.js';

export interface StoredTurn {
  readonly conversationId: string;
  readonly seq: number;
  readonly event: ClientEvent;
  readonly messages: readonly OutputMessage[];
}

export class MemoryStore implements Store {
  readonly conversations = new Map<string, Conversation>();
  private readonly storedTurns: StoredTurn[] = [];
  private readonly memoriesByUser = new Map<string, Map<string, Json>>();
  private readonly locks = new Map<string, Promise<void>>();

  /** The turns of a conversation in order (as SqliteStore.turns), for tests and reports. */
  turns(conversationId: string): StoredTurn[] {
    return this.storedTurns.filter((turn) => turn.conversationId === conversationId);
  }

  async withConversation<T>(
    conversationId: string,
    work: (tx: ConversationTx) => Promise<T>,
  ): Promise<T> {
    const previous = this.locks.get(conversationId) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chained = previous.then(() => current);
    this.locks.set(conversationId, chained);
    await previous;
    try {
      // Commits wait until `work` succeeds and are then applied together, so that a turn that
      // throws leaves no trace, as inside a database transaction.
      const pending: TurnCommit[] = [];
      const result = await work(this.transaction(conversationId, pending));
      for (const turn of pending) this.commit(turn);
      return result;
    } finally {
      release();
      if (this.locks.get(conversationId) === chained) this.locks.delete(conversationId);
    }
  }

  private transaction(conversationId: string, pending: TurnCommit[]): ConversationTx {
    return {
      conversation: () => Promise.resolve(this.conversations.get(conversationId) ?? null),
      memories: (botId, userKey) =>
        Promise.resolve(Object.fromEntries(this.userMemories(botId, userKey))),
      commit: (turn) => {
        pending.push(turn);
        return Promise.resolve();
      },
    };
  }

  private userMemories(botId: string, userKey: string): Map<string, Json> {
    const key = `${botId}\u0000${userKey}`;
    let memories = this.memoriesByUser.get(key);
    if (!memories) {
      memories = new Map();
      this.memoriesByUser.set(key, memories);
    }
    return memories;
  }

  private commit(turn: TurnCommit): void {
    const { conversation } = turn;
    applyMemoryOps(this.userMemories(conversation.botId, conversation.userKey), turn.memoryOps);
    this.conversations.set(conversation.id, conversation);
    this.storedTurns.push({
      conversationId: conversation.id,
      seq: conversation.turns,
      event: turn.event,
      messages: turn.messages,
    });
  }
}

export function applyMemoryOps(memories: Map<string, Json>, ops: readonly MemoryOp[]): void {
  for (const op of ops) {
    if (op.op === 'set') memories.set(op.key, op.value);
    else if (op.keys === '*') memories.clear();
    else for (const key of op.keys) memories.delete(key);
  }
}
