/**
 * An in-memory ConversationStore, for `parley chat`, the conformance runner and engine tests.
 * Turns of one conversation are serialized by a FIFO lock (`KeyedMutex`, which the SQL stores
 * of src/store use too); a turn's writes are staged and applied together when its work has
 * succeeded, so that a turn that throws leaves no trace, as inside a database transaction.
 */
import type { MemoryOp } from '../csml/interpreter/types.js';
import type { Json } from '../csml/json.js';
import { newId } from './ids.js';
import { LockTimeoutError } from './store.js';
import type {
  Conversation,
  ConversationStore,
  ConversationTx,
  LockOptions,
  NewConversation,
  StoredTurn,
  TurnCommit,
} from './store.js';

/** Releases a lock; calling it again does nothing. */
export type Release = () => void;

/** A FIFO lock whose waiters may give up at a deadline (epoch ms). */
export class Mutex {
  private locked = false;
  private readonly waiters: { grant: () => void }[] = [];

  /** The lock, or null when `deadline` passed first. A free lock is taken even after it. */
  acquire(deadline?: number): Promise<Release | null> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.releaser());
        },
      };
      if (deadline !== undefined) {
        timer = setTimeout(
          () => {
            const index = this.waiters.indexOf(waiter);
            if (index >= 0) this.waiters.splice(index, 1);
            resolve(null);
          },
          Math.max(0, deadline - Date.now()),
        );
      }
      this.waiters.push(waiter);
    });
  }

  /** How many callers wait for the lock. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** Nobody holds the lock or waits for it. */
  get idle(): boolean {
    return !this.locked && this.waiters.length === 0;
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      // The lock passes straight to the next waiter: nobody can slip in between.
      if (next) next.grant();
      else this.locked = false;
    };
  }
}

/** One Mutex per key (conversation id), dropped when nobody holds or awaits it. */
export class KeyedMutex {
  private readonly locks = new Map<string, Mutex>();

  async acquire(key: string, deadline?: number): Promise<Release | null> {
    let mutex = this.locks.get(key);
    if (!mutex) {
      mutex = new Mutex();
      this.locks.set(key, mutex);
    }
    const release = await mutex.acquire(deadline);
    if (!release) {
      this.forget(key, mutex);
      return null;
    }
    return () => {
      release();
      this.forget(key, mutex);
    };
  }

  /** How many keys are held or awaited (tests check that none leak). */
  get size(): number {
    return this.locks.size;
  }

  private forget(key: string, mutex: Mutex): void {
    if (mutex.idle && this.locks.get(key) === mutex) this.locks.delete(key);
  }
}

/** The deadline of a lock wait, from `LockOptions` (undefined: wait as long as it takes). */
export function lockDeadline(options: LockOptions | undefined): number | undefined {
  return options?.waitMs === undefined ? undefined : Date.now() + Math.max(0, options.waitMs);
}

interface Staged {
  conversation: Conversation | null;
  turns: StoredTurn[];
  memoryOps: { key: string; ops: readonly MemoryOp[] }[];
}

const closedError = () => new Error('the store is closed');

const userKeyOf = (botId: string, userKey: string) => `${botId}\u0000${userKey}`;

export class MemoryStore implements ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  /** Open conversation id by `bot, channel, external key`. */
  private readonly openIds = new Map<string, string>();
  private readonly storedTurns = new Map<string, StoredTurn[]>();
  private readonly memoriesByUser = new Map<string, Map<string, Json>>();
  private readonly locks = new KeyedMutex();
  private closed = false;

  openConversation(init: NewConversation): Promise<Conversation> {
    if (this.closed) return Promise.reject(closedError());
    return Promise.resolve(this.findOrOpen(init));
  }

  private findOrOpen(init: NewConversation): Conversation {
    const key = [init.botId, init.channel, init.externalKey].join('\u0000');
    const openId = this.openIds.get(key);
    const existing = openId === undefined ? undefined : this.conversations.get(openId);
    if (existing?.status === 'open' && existing.orgId === init.orgId) return existing;
    const at = Date.now();
    const conversation: Conversation = {
      id: init.id ?? newId(),
      orgId: init.orgId,
      botId: init.botId,
      versionId: init.versionId,
      channel: init.channel,
      externalKey: init.externalKey,
      userKey: init.userKey,
      contactId: init.contactId ?? null,
      status: 'open',
      state: null,
      turns: 0,
      meta: init.meta ?? {},
      createdAt: at,
      updatedAt: at,
      lastTurnAt: null,
    };
    this.conversations.set(conversation.id, conversation);
    this.openIds.set(key, conversation.id);
    return conversation;
  }

  async withConversation<T>(
    conversationId: string,
    work: (tx: ConversationTx) => Promise<T>,
    options?: LockOptions,
  ): Promise<T> {
    if (this.closed) throw closedError();
    const release = await this.locks.acquire(conversationId, lockDeadline(options));
    if (!release) throw new LockTimeoutError(conversationId);
    let active = true;
    try {
      const staged: Staged = {
        conversation: this.conversations.get(conversationId) ?? null,
        turns: [],
        memoryOps: [],
      };
      const tx = this.transaction(conversationId, staged, () => active);
      const result = await work(tx);
      active = false;
      this.apply(conversationId, staged);
      return result;
    } finally {
      active = false;
      release();
    }
  }

  /** The committed turns of a conversation in seq order, for tests and reports. */
  turns(conversationId: string): StoredTurn[] {
    return [...(this.storedTurns.get(conversationId) ?? [])];
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private transaction(id: string, staged: Staged, active: () => boolean): ConversationTx {
    const check = () => {
      if (!active()) throw new Error(`the transaction of conversation ${id} is over`);
    };
    const current = (): Conversation => {
      if (!staged.conversation) {
        throw new Error(`conversation ${id} does not exist (openConversation creates it)`);
      }
      return staged.conversation;
    };
    return {
      conversation: () => {
        check();
        return Promise.resolve(staged.conversation);
      },
      lastTurn: () => {
        check();
        const last = staged.turns.at(-1) ?? this.storedTurns.get(id)?.at(-1) ?? null;
        return Promise.resolve(last);
      },
      memories: (botId, userKey) => {
        check();
        const memories = new Map(this.memoriesByUser.get(userKeyOf(botId, userKey)));
        for (const staging of staged.memoryOps) {
          if (staging.key === userKeyOf(botId, userKey)) applyMemoryOps(memories, staging.ops);
        }
        return Promise.resolve(Object.fromEntries(memories));
      },
      commit: (turn: TurnCommit) => {
        check();
        const before = current();
        const next = turn.conversation;
        if (next.id !== id) {
          return Promise.reject(new Error(`commit of conversation ${next.id} inside ${id}`));
        }
        const seq = next.turns;
        const stored = [...(this.storedTurns.get(id) ?? []), ...staged.turns];
        if (stored.some((t) => t.seq === seq)) {
          return Promise.reject(new Error(`conversation ${id} already has turn ${seq}`));
        }
        staged.conversation = {
          ...before,
          status: next.status,
          state: next.state,
          turns: next.turns,
          meta: next.meta,
          updatedAt: next.updatedAt,
          lastTurnAt: next.lastTurnAt,
        };
        staged.turns.push({
          id: turn.turnId,
          conversationId: id,
          seq,
          event: turn.event,
          digest: turn.digest,
          retryKey: turn.retryKey,
          messages: turn.messages,
          conversationEnd: turn.conversationEnd,
          interactionOrder: turn.interactionOrder,
          createdAt: turn.at,
        });
        staged.memoryOps.push({
          key: userKeyOf(before.botId, before.userKey),
          ops: turn.memoryOps,
        });
        return Promise.resolve();
      },
      close: (at) => {
        check();
        staged.conversation = { ...current(), status: 'closed', state: null, updatedAt: at };
        return Promise.resolve();
      },
    };
  }

  private apply(id: string, staged: Staged): void {
    if (staged.conversation) this.conversations.set(id, staged.conversation);
    if (staged.turns.length > 0) {
      this.storedTurns.set(id, [...(this.storedTurns.get(id) ?? []), ...staged.turns]);
    }
    for (const { key, ops } of staged.memoryOps) {
      let memories = this.memoriesByUser.get(key);
      if (!memories) {
        memories = new Map();
        this.memoriesByUser.set(key, memories);
      }
      applyMemoryOps(memories, ops);
    }
  }
}

export function applyMemoryOps(memories: Map<string, Json>, ops: readonly MemoryOp[]): void {
  for (const op of ops) {
    if (op.op === 'set') memories.set(op.key, op.value);
    else if (op.keys === '*') memories.clear();
    else for (const key of op.keys) memories.delete(key);
  }
}
