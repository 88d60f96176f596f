/**
 * The one ConversationStore test suite (ARCHITECTURE.md "Storage"): MemoryStore, SQLite (file
 * and :memory:) and PostgreSQL all run it. The domain part (Repos) is repos-suite.ts.
 * `open` gives a fresh, empty store; `addBot` makes a bot exist where the store needs it.
 */
import { afterEach, describe, expect, it } from 'vitest';

import type { Hold, MemoryOp, OutputMessage } from '../../src/csml/interpreter/types.js';
import type { Json } from '../../src/csml/json.js';
import type { ClientEvent } from '../../src/engine/events.js';
import { newId } from '../../src/engine/ids.js';
import { LockTimeoutError } from '../../src/engine/store.js';
import type {
  Conversation,
  ConversationStore,
  NewConversation,
  StoredTurn,
  TurnCommit,
} from '../../src/engine/store.js';
import { T0 } from './fixtures.js';

export interface StoreHarness {
  readonly store: ConversationStore & { close(): Promise<void> };
  /** Every committed turn of a conversation, in seq order. */
  readonly turns: (conversationId: string) => Promise<readonly StoredTurn[]>;
  /** Makes the organization and bot exist (SQL stores: conversations reference their bot). */
  readonly addBot: (orgId: string, botId: string) => Promise<void>;
}

export const ORG = 'org-1';
export const BOT = 'bot-1';

export const event = (text: string): ClientEvent => ({ content_type: 'text', content: { text } });
export const say = (text: string): OutputMessage => ({ content_type: 'text', content: { text } });

export function client(externalKey = 'client-1', extra: Partial<NewConversation> = {}) {
  const init: NewConversation = {
    orgId: ORG,
    botId: BOT,
    channel: 'studio',
    externalKey,
    versionId: 'v1',
    userKey: `user:${externalKey}`,
    ...extra,
  };
  return init;
}

export interface TurnInput {
  readonly at?: number;
  readonly event?: ClientEvent;
  readonly logEvent?: boolean;
  readonly messages?: readonly OutputMessage[];
  readonly memoryOps?: readonly MemoryOp[];
  readonly digest?: string | null;
  readonly retryKey?: string | null;
  readonly conversationEnd?: boolean;
  readonly conversation?: Partial<Conversation>;
}

/** The commit of the turn after `before`, as the engine would make it. */
export function nextTurn(before: Conversation, input: TurnInput = {}): TurnCommit {
  const at = input.at ?? Math.max(before.updatedAt, T0) + 1;
  return {
    conversation: {
      ...before,
      turns: before.turns + 1,
      state: { flow: 'main', step: 'start', hold: null },
      updatedAt: at,
      lastTurnAt: at,
      ...input.conversation,
    },
    turnId: newId(),
    event: input.event ?? event('x'),
    logEvent: input.logEvent ?? true,
    digest: input.digest ?? null,
    retryKey: input.retryKey ?? null,
    messages: input.messages ?? [],
    conversationEnd: input.conversationEnd ?? false,
    interactionOrder: before.turns + 1,
    memoryOps: input.memoryOps ?? [],
    at,
  };
}

/** One turn on conversation `id`; returns its commit. */
export async function runTurn(
  store: ConversationStore,
  id: string,
  input: TurnInput = {},
): Promise<TurnCommit> {
  return store.withConversation(id, async (tx) => {
    const before = await tx.conversation();
    if (!before) throw new Error(`no conversation ${id}`);
    const commit = nextTurn(before, input);
    await tx.commit(commit);
    return commit;
  });
}

export function storeSuite(name: string, open: () => Promise<StoreHarness> | StoreHarness): void {
  describe(`Store suite: ${name}`, () => {
    const opened: StoreHarness[] = [];
    const fresh = async (): Promise<StoreHarness> => {
      const harness = await open();
      opened.push(harness);
      await harness.addBot(ORG, BOT);
      return harness;
    };
    afterEach(async () => {
      for (const harness of opened.splice(0)) await harness.store.close();
    });

    const memoriesOf = (store: ConversationStore, conversationId: string, userKey: string) =>
      store.withConversation(conversationId, (tx) => tx.memories(BOT, userKey));

    it('opens a conversation once per client and channel, with what init gives', async () => {
      const { store } = await fresh();
      const before = Date.now();
      const first = await store.openConversation(
        client('c1', { contactId: 'contact-9', meta: { big: 2n ** 62n, list: [1] } }),
      );
      expect(first).toMatchObject({
        orgId: ORG,
        botId: BOT,
        versionId: 'v1',
        channel: 'studio',
        externalKey: 'c1',
        userKey: 'user:c1',
        contactId: 'contact-9',
        status: 'open',
        state: null,
        turns: 0,
        meta: { big: 2n ** 62n, list: [1] },
        lastTurnAt: null,
      });
      expect(first.createdAt).toBeGreaterThanOrEqual(before);
      expect(first.updatedAt).toBe(first.createdAt);
      expect(await store.openConversation(client('c1'))).toEqual(first);
      const other = await store.openConversation(client('c2', { versionId: null }));
      expect(other.id).not.toBe(first.id);
      expect(other).toMatchObject({ versionId: null, contactId: null, meta: {} });
      const otherChannel = await store.openConversation(client('c1', { channel: 'conversations' }));
      expect(otherChannel.id).not.toBe(first.id);
      expect(await store.withConversation(first.id, (tx) => tx.conversation())).toEqual(first);
    });

    it('never opens two conversations for one client, even when asked at once', async () => {
      const { store } = await fresh();
      const opened = await Promise.all(
        Array.from({ length: 20 }, () => store.openConversation(client('same'))),
      );
      expect(new Set(opened.map((c) => c.id)).size).toBe(1);
    });

    it('opens a new conversation once the open one is closed', async () => {
      const { store } = await fresh();
      const first = await store.openConversation(client());
      await runTurn(store, first.id);
      await store.withConversation(first.id, (tx) => tx.close(T0 + 50));
      const closed = await store.withConversation(first.id, (tx) => tx.conversation());
      expect(closed).toMatchObject({ status: 'closed', state: null, turns: 1, updatedAt: T0 + 50 });
      const second = await store.openConversation(client());
      expect(second.id).not.toBe(first.id);
      expect(second.turns).toBe(0);
      // A turn that ends the conversation closing it does the same.
      await runTurn(store, second.id, {
        conversation: { status: 'closed', state: null },
        conversationEnd: true,
      });
      expect((await store.openConversation(client())).id).not.toBe(second.id);
    });

    it('commits a turn: the conversation, the turn with its messages, lastTurn', async () => {
      const { store, turns } = await fresh();
      const opened = await store.openConversation(client());
      expect(await store.withConversation(opened.id, (tx) => tx.lastTurn())).toBeNull();
      const hold: Hold = {
        flow: 'main',
        step: 'ask',
        commandIndex: 2,
        loopIndex: [0, 3],
        stepVars: { x: 1, y: 'two' },
        previous: { flow: 'main', step: 'start', previousFlow: null },
        secure: false,
        hash: 'abc',
      };
      const messages = [say('one'), say('two'), { content_type: 'question', content: { a: [1] } }];
      const commit = nextTurn(opened, {
        at: T0 + 1000,
        event: event('hello'),
        messages,
        digest: 'd1',
        retryKey: 'r1',
        conversation: { state: { flow: 'main', step: 'ask', hold }, meta: { m: 1 } },
      });
      await store.withConversation(opened.id, (tx) => tx.commit(commit));
      const after = await store.withConversation(opened.id, (tx) => tx.conversation());
      expect(after).toEqual({
        ...opened,
        state: { flow: 'main', step: 'ask', hold },
        turns: 1,
        meta: { m: 1 },
        updatedAt: T0 + 1000,
        lastTurnAt: T0 + 1000,
      });
      const expected: StoredTurn = {
        id: commit.turnId,
        conversationId: opened.id,
        seq: 1,
        event: event('hello'),
        digest: 'd1',
        retryKey: 'r1',
        messages,
        conversationEnd: false,
        interactionOrder: 1,
        createdAt: T0 + 1000,
      };
      expect(await store.withConversation(opened.id, (tx) => tx.lastTurn())).toEqual(expected);
      expect(await turns(opened.id)).toEqual([expected]);

      const second = await runTurn(store, opened.id, {
        at: T0 + 2000,
        event: event('bye'),
        messages: [say('three')],
        conversationEnd: true,
        conversation: { status: 'closed', state: null },
      });
      const last = await store.withConversation(opened.id, (tx) => tx.lastTurn());
      expect(last).toMatchObject({
        id: second.turnId,
        seq: 2,
        event: event('bye'),
        digest: null,
        retryKey: null,
        messages: [say('three')],
        conversationEnd: true,
        interactionOrder: 2,
      });
      expect((await turns(opened.id)).map((t) => t.seq)).toEqual([1, 2]);
      expect(await turns('no-such-conversation')).toEqual([]);
    });

    it('has no conversation for an unknown id: reads give null, writes throw', async () => {
      const { store } = await fresh();
      const opened = await store.openConversation(client());
      const ghost = newId();
      await store.withConversation(ghost, async (tx) => {
        expect(await tx.conversation()).toBeNull();
        expect(await tx.lastTurn()).toBeNull();
        expect(await tx.memories(BOT, 'anyone')).toEqual({});
      });
      await expect(
        store.withConversation(ghost, (tx) => tx.commit(nextTurn({ ...opened, id: ghost }))),
      ).rejects.toThrow(/does not exist/);
      await expect(store.withConversation(ghost, (tx) => tx.close(T0))).rejects.toThrow(
        /does not exist/,
      );
      await expect(
        store.withConversation(opened.id, (tx) => tx.commit(nextTurn({ ...opened, id: ghost }))),
      ).rejects.toThrow(/inside/);
    });

    it('keeps memories per bot and user in insertion order, applying ops in order', async () => {
      const { store, addBot } = await fresh();
      await addBot(ORG, 'bot-2');
      const ada = await store.openConversation(client('ada'));
      const grace = await store.openConversation(client('grace'));
      const other = await store.openConversation(client('ada', { botId: 'bot-2' }));
      await runTurn(store, ada.id, {
        memoryOps: [
          { op: 'set', key: 'name', value: 'Ada' },
          { op: 'set', key: 'age', value: 36 },
          { op: 'set', key: 'city', value: 'London' },
          { op: 'set', key: 'name', value: 'Augusta' },
          { op: 'set', key: '__proto__', value: 'plain' },
        ],
      });
      await runTurn(store, grace.id, { memoryOps: [{ op: 'set', key: 'name', value: 'Grace' }] });
      await runTurn(store, other.id, { memoryOps: [{ op: 'set', key: 'name', value: 'Bot 2' }] });
      const first = await memoriesOf(store, ada.id, 'user:ada');
      // An update keeps the key's place.
      expect(Object.keys(first)).toEqual(['name', 'age', 'city', '__proto__']);
      expect(first.name).toBe('Augusta');
      expect(Object.getPrototypeOf(first)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(first, '__proto__')?.value).toBe('plain');
      expect(await memoriesOf(store, ada.id, 'user:grace')).toEqual({ name: 'Grace' });
      expect(
        await store.withConversation(other.id, (tx) => tx.memories('bot-2', 'user:ada')),
      ).toEqual({ name: 'Bot 2' });
      expect(await memoriesOf(store, ada.id, 'nobody')).toEqual({});

      // A key set again after a delete goes last.
      await runTurn(store, ada.id, {
        memoryOps: [
          { op: 'delete', keys: ['age', 'missing', '__proto__'] },
          { op: 'set', key: 'age', value: 37 },
        ],
      });
      const later = await memoriesOf(store, ada.id, 'user:ada');
      expect(later).toEqual({ name: 'Augusta', city: 'London', age: 37 });
      expect(Object.keys(later)).toEqual(['name', 'city', 'age']);

      await runTurn(store, ada.id, {
        memoryOps: [
          { op: 'delete', keys: '*' },
          { op: 'set', key: 'fresh', value: true },
        ],
      });
      expect(await memoriesOf(store, ada.id, 'user:ada')).toEqual({ fresh: true });
      // Forgetting is per bot and user too.
      expect(await memoriesOf(store, ada.id, 'user:grace')).toEqual({ name: 'Grace' });
      expect(
        await store.withConversation(other.id, (tx) => tx.memories('bot-2', 'user:ada')),
      ).toEqual({ name: 'Bot 2' });
    });

    it('reads its own commit inside the transaction', async () => {
      const { store } = await fresh();
      const opened = await store.openConversation(client());
      await store.withConversation(opened.id, async (tx) => {
        const commit = nextTurn(opened, { memoryOps: [{ op: 'set', key: 'k', value: 1 }] });
        await tx.commit(commit);
        expect((await tx.conversation())?.turns).toBe(1);
        expect((await tx.lastTurn())?.id).toBe(commit.turnId);
        expect(await tx.memories(BOT, opened.userKey)).toEqual({ k: 1 });
      });
    });

    it('commits atomically: a throw after commit inside work leaves no trace', async () => {
      const { store, turns } = await fresh();
      const opened = await store.openConversation(client());
      await runTurn(store, opened.id, { memoryOps: [{ op: 'set', key: 'kept', value: 1 }] });
      const kept = await store.withConversation(opened.id, (tx) => tx.conversation());
      const failing = store.withConversation(opened.id, async (tx) => {
        const before = await tx.conversation();
        await tx.memories(BOT, opened.userKey);
        await tx.commit(
          nextTurn(before!, {
            event: event('lost'),
            messages: [say('lost')],
            memoryOps: [
              { op: 'set', key: 'lost', value: 2 },
              { op: 'delete', keys: ['kept'] },
            ],
            conversation: { status: 'closed', state: null },
          }),
        );
        throw new Error('the turn failed after its commit call');
      });
      await expect(failing).rejects.toThrow('the turn failed after its commit call');
      await expect(
        store.withConversation(opened.id, async (tx) => {
          await tx.close(T0);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.withConversation(opened.id, (tx) => tx.conversation())).toEqual(kept);
      expect(await memoriesOf(store, opened.id, opened.userKey)).toEqual({ kept: 1 });
      expect((await turns(opened.id)).map((t) => t.event)).toEqual([event('x')]);
      // The conversation is still the open one, and the store still works after a rollback.
      expect((await store.openConversation(client())).id).toBe(opened.id);
      await runTurn(store, opened.id);
      expect((await turns(opened.id)).map((t) => t.seq)).toEqual([1, 2]);
    });

    it('refuses a turn number already stored, writing nothing of that commit', async () => {
      const { store, turns } = await fresh();
      const opened = await store.openConversation(client());
      const first = await runTurn(store, opened.id, {
        memoryOps: [{ op: 'set', key: 'k', value: 'first' }],
      });
      // `work` catches the failed commit and goes on: the rest of its transaction stands.
      await store.withConversation(opened.id, async (tx) => {
        const again = nextTurn(opened, { memoryOps: [{ op: 'set', key: 'k', value: 'again' }] });
        await expect(tx.commit(again)).rejects.toThrow();
        await tx.close(T0 + 10);
      });
      expect((await turns(opened.id)).map((t) => t.id)).toEqual([first.turnId]);
      expect(await memoriesOf(store, opened.id, opened.userKey)).toEqual({ k: 'first' });
      expect(await store.withConversation(opened.id, (tx) => tx.conversation())).toMatchObject({
        status: 'closed',
        turns: 1,
      });
    });

    it('serializes 50 concurrent turns of one conversation in arrival order', async () => {
      const { store, turns } = await fresh();
      const busy = await store.openConversation(client('busy'));
      const other = await store.openConversation(client('other'));
      const inside = new Set<string>();
      let overlaps = 0;
      const turn = (id: string, i: number) =>
        store.withConversation(id, async (tx) => {
          if (inside.has(id)) overlaps++;
          inside.add(id);
          const before = await tx.conversation();
          // Yield to the event loop mid-turn, as a real turn awaiting I/O would.
          await new Promise((resolve) => setTimeout(resolve, i % 3));
          const commit = nextTurn(before!, {
            event: event(String(i)),
            messages: [say(`turn ${before!.turns + 1}`)],
            memoryOps: [{ op: 'set', key: 'seen', value: before!.turns + 1 }],
          });
          await tx.commit(commit);
          inside.delete(id);
          return commit.conversation.turns;
        });
      const results = await Promise.all([
        ...Array.from({ length: 50 }, (_, i) => turn(busy.id, i)),
        ...Array.from({ length: 10 }, (_, i) => turn(other.id, i)),
      ]);
      expect(overlaps).toBe(0);
      expect(results.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const stored = await turns(busy.id);
      expect(stored.map((t) => t.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(stored.map((t) => t.event)).toEqual(
        Array.from({ length: 50 }, (_, i) => event(String(i))),
      );
      expect(stored.map((t) => t.messages)).toEqual(stored.map((t) => [say(`turn ${t.seq}`)]));
      expect((await turns(other.id)).length).toBe(10);
      expect(await memoriesOf(store, busy.id, busy.userKey)).toEqual({ seen: 50 });
    });

    it('gives up waiting for a busy conversation after waitMs with LockTimeoutError', async () => {
      const { store, turns } = await fresh();
      const opened = await store.openConversation(client());
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      let finish!: () => void;
      const gate = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const holder = store.withConversation(opened.id, async (tx) => {
        entered();
        await gate;
        await tx.commit(nextTurn(opened, { event: event('holder') }));
      });
      await inside;
      const started = Date.now();
      const waiter = store.withConversation(
        opened.id,
        () => Promise.reject(new Error('must not run')),
        { waitMs: 150 },
      );
      await expect(waiter).rejects.toBeInstanceOf(LockTimeoutError);
      await expect(waiter).rejects.toMatchObject({ conversationId: opened.id });
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      finish();
      await holder;
      // The lock is free again; a free lock is taken at once whatever waitMs says.
      await runTurn(store, opened.id);
      await store.withConversation(opened.id, (tx) => tx.conversation(), { waitMs: 0 });
      expect((await turns(opened.id)).map((t) => t.event)).toEqual([event('holder'), event('x')]);
    });

    it('round-trips JSON with integers beyond 2^53, floats, text and nesting', async () => {
      const { store, turns } = await fresh();
      const big: Json = {
        max: 9223372036854775807n,
        min: -9223372036854775808n,
        justAbove: 9007199254740993n,
        safe: 9007199254740991,
        float: 1.5,
        tiny: 1e-7,
        huge: 1e300,
        text: 'quote " backslash \\ nul \u0000 emoji 🦀',
        list: [1n << 60n, null, true, { nested: [-(1n << 62n)] }],
      };
      const hold: Hold = {
        flow: 'main',
        step: 'start',
        commandIndex: 0,
        loopIndex: [],
        stepVars: { big },
        previous: null,
        secure: true,
        hash: null,
      };
      const opened = await store.openConversation(client('c1', { meta: { big } }));
      const state = { flow: 'main', step: 'start', hold };
      await runTurn(store, opened.id, {
        event: { content_type: 'payload', content: { payload: big } },
        messages: [{ content_type: 'object', content: big }],
        memoryOps: [{ op: 'set', key: 'big', value: big }],
        conversation: { state, meta: { big } },
      });
      const stored = await store.withConversation(opened.id, (tx) => tx.conversation());
      expect(stored?.state).toEqual(state);
      expect(stored?.meta).toEqual({ big });
      expect(await memoriesOf(store, opened.id, opened.userKey)).toEqual({ big });
      const [turn] = await turns(opened.id);
      expect(turn?.event).toEqual({ content_type: 'payload', content: { payload: big } });
      expect(turn?.messages).toEqual([{ content_type: 'object', content: big }]);
      const read = (await memoriesOf(store, opened.id, opened.userKey)).big as Record<string, Json>;
      expect(typeof read.max).toBe('bigint');
      expect(typeof read.safe).toBe('number');
    });

    it('refuses a transaction object used after withConversation returned', async () => {
      const { store } = await fresh();
      const opened = await store.openConversation(client());
      const tx = await store.withConversation(opened.id, (t) => Promise.resolve(t));
      await expect(async () => tx.conversation()).rejects.toThrow(/is over/);
      await expect(async () => tx.commit(nextTurn(opened))).rejects.toThrow(/is over/);
    });

    it('refuses work once closed', async () => {
      const { store } = await fresh();
      const opened = await store.openConversation(client());
      await store.close();
      await store.close(); // closing twice is harmless
      await expect(async () => store.openConversation(client('late'))).rejects.toThrow(/closed/);
      await expect(async () =>
        store.withConversation(opened.id, (tx) => tx.conversation()),
      ).rejects.toThrow(/closed/);
    });
  });
}
