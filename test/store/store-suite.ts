/**
 * The one Store test suite (ARCHITECTURE.md "Storage"): every Store implementation runs it.
 * `open` gives a fresh, empty store and a way to read back the turns it stored.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Hold, MemoryOp, OutputMessage } from '../../src/csml/interpreter/types.js';
import type { Json } from '../../src/csml/json.js';
import type { ClientEvent } from '../../src/engine/events.js';
import type { StoredTurn } from '../../src/engine/memory-store.js';
import type { Conversation, Store } from '../../src/engine/store.js';

export interface StoreHarness {
  readonly store: Store;
  readonly turns: (conversationId: string) => Promise<readonly StoredTurn[]>;
  readonly close?: () => Promise<void> | void;
}

const event = (text: string): ClientEvent => ({ content_type: 'text', content: { text } });
const say = (text: string): OutputMessage => ({ content_type: 'text', content: { text } });

function conversation(id: string, turns: number, extra: Partial<Conversation> = {}): Conversation {
  return {
    id,
    botId: 'bot',
    versionId: 'v1',
    userKey: 'user',
    status: 'open',
    state: { flow: 'main', step: 'start', hold: null },
    turns,
    ...extra,
  };
}

/** Runs one turn that commits `memoryOps` and returns nothing else. */
async function commitTurn(
  store: Store,
  id: string,
  memoryOps: readonly MemoryOp[],
  extra: Partial<Conversation> = {},
): Promise<Conversation> {
  return store.withConversation(id, async (tx) => {
    const existing = await tx.conversation();
    const next = conversation(id, (existing?.turns ?? 0) + 1, extra);
    await tx.commit({ conversation: next, event: event('x'), messages: [], memoryOps });
    return next;
  });
}

async function memoriesOf(store: Store, botId: string, userKey: string) {
  return store.withConversation('reader', (tx) => tx.memories(botId, userKey));
}

export function storeSuite(name: string, open: () => Promise<StoreHarness> | StoreHarness): void {
  describe(`Store suite: ${name}`, () => {
    const opened: StoreHarness[] = [];
    const fresh = async (): Promise<StoreHarness> => {
      const harness = await open();
      opened.push(harness);
      return harness;
    };
    afterEach(async () => {
      for (const harness of opened.splice(0)) await harness.close?.();
    });

    it('creates the conversation on its first turn and stores the turn and its messages', async () => {
      const { store, turns } = await fresh();
      const before = await store.withConversation('c1', (tx) => tx.conversation());
      expect(before).toBeNull();
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
      const state = { flow: 'main', step: 'ask', hold };
      const first = conversation('c1', 1, { state });
      await store.withConversation('c1', (tx) =>
        tx.commit({
          conversation: first,
          event: event('hello'),
          messages: [say('one'), say('two'), { content_type: 'question', content: { a: [1] } }],
          memoryOps: [],
        }),
      );
      const after = await store.withConversation('c1', (tx) => tx.conversation());
      expect(after).toEqual(first);
      expect(await turns('c1')).toEqual([
        {
          conversationId: 'c1',
          seq: 1,
          event: event('hello'),
          messages: [say('one'), say('two'), { content_type: 'question', content: { a: [1] } }],
        },
      ]);
      const ended = conversation('c1', 2, { state: null, status: 'closed' });
      await store.withConversation('c1', (tx) =>
        tx.commit({ conversation: ended, event: event('bye'), messages: [], memoryOps: [] }),
      );
      expect(await store.withConversation('c1', (tx) => tx.conversation())).toEqual(ended);
      expect((await turns('c1')).map((t) => t.seq)).toEqual([1, 2]);
      expect(await turns('other')).toEqual([]);
    });

    it('keeps memories per bot and user, applying set, delete and forget-all in order', async () => {
      const { store } = await fresh();
      await commitTurn(store, 'c1', [
        { op: 'set', key: 'name', value: 'Ada' },
        { op: 'set', key: 'age', value: 36 },
        { op: 'set', key: 'city', value: 'London' },
        { op: 'set', key: 'name', value: 'Grace' },
      ]);
      await commitTurn(store, 'c2', [{ op: 'set', key: 'name', value: 'Other user' }], {
        userKey: 'user2',
      });
      await commitTurn(store, 'c3', [{ op: 'set', key: 'name', value: 'Other bot' }], {
        botId: 'bot2',
      });
      const ada = await memoriesOf(store, 'bot', 'user');
      expect(ada).toEqual({ name: 'Grace', age: 36, city: 'London' });
      // An update keeps the key's place; a key set again after a delete goes last.
      expect(Object.keys(ada)).toEqual(['name', 'age', 'city']);
      expect(await memoriesOf(store, 'bot', 'user2')).toEqual({ name: 'Other user' });
      expect(await memoriesOf(store, 'bot2', 'user')).toEqual({ name: 'Other bot' });
      expect(await memoriesOf(store, 'nobody', 'user')).toEqual({});

      await commitTurn(store, 'c1', [
        { op: 'delete', keys: ['age', 'missing'] },
        { op: 'set', key: 'age', value: 37 },
      ]);
      const later = await memoriesOf(store, 'bot', 'user');
      expect(later).toEqual({ name: 'Grace', city: 'London', age: 37 });
      expect(Object.keys(later)).toEqual(['name', 'city', 'age']);

      await commitTurn(store, 'c1', [
        { op: 'delete', keys: '*' },
        { op: 'set', key: 'fresh', value: true },
      ]);
      expect(await memoriesOf(store, 'bot', 'user')).toEqual({ fresh: true });
      // Forgetting is per bot and user too.
      expect(await memoriesOf(store, 'bot', 'user2')).toEqual({ name: 'Other user' });
      expect(await memoriesOf(store, 'bot2', 'user')).toEqual({ name: 'Other bot' });
    });

    it('commits atomically: a throw inside work leaves no trace', async () => {
      const { store, turns } = await fresh();
      await commitTurn(store, 'c1', [{ op: 'set', key: 'kept', value: 1 }]);
      const failing = store.withConversation('c1', async (tx) => {
        const existing = await tx.conversation();
        await tx.memories('bot', 'user');
        await tx.commit({
          conversation: conversation('c1', (existing?.turns ?? 0) + 1, { state: null }),
          event: event('lost'),
          messages: [say('lost')],
          memoryOps: [
            { op: 'set', key: 'lost', value: 2 },
            { op: 'delete', keys: ['kept'] },
          ],
        });
        throw new Error('the turn failed after its commit call');
      });
      await expect(failing).rejects.toThrow('the turn failed after its commit call');
      // A first turn that fails does not create the conversation either.
      await expect(
        store.withConversation('c2', async (tx) => {
          await tx.commit({
            conversation: conversation('c2', 1),
            event: event('lost'),
            messages: [say('lost')],
            memoryOps: [{ op: 'set', key: 'lost', value: 3 }],
          });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.withConversation('c1', (tx) => tx.conversation())).toEqual(
        conversation('c1', 1),
      );
      expect(await store.withConversation('c2', (tx) => tx.conversation())).toBeNull();
      expect(await memoriesOf(store, 'bot', 'user')).toEqual({ kept: 1 });
      expect((await turns('c1')).map((t) => t.event)).toEqual([event('x')]);
      expect(await turns('c2')).toEqual([]);
      // The store still works after a rollback.
      await commitTurn(store, 'c1', []);
      expect((await turns('c1')).map((t) => t.seq)).toEqual([1, 2]);
    });

    it('serializes 50 concurrent turns of one conversation with strictly increasing seq', async () => {
      const { store, turns } = await fresh();
      const inside = new Set<string>();
      let overlaps = 0;
      const turn = (id: string, i: number) =>
        store.withConversation(id, async (tx) => {
          if (inside.has(id)) overlaps++;
          inside.add(id);
          const existing = await tx.conversation();
          // Yield to the event loop mid-turn, as a real turn awaiting I/O would.
          await new Promise((resolve) => setTimeout(resolve, i % 3));
          const next = conversation(id, (existing?.turns ?? 0) + 1);
          await tx.commit({
            conversation: next,
            event: event(String(i)),
            messages: [say(`turn ${next.turns}`)],
            memoryOps: [{ op: 'set', key: `seen-${id}`, value: next.turns }],
          });
          inside.delete(id);
          return next.turns;
        });
      const results = await Promise.all([
        ...Array.from({ length: 50 }, (_, i) => turn('busy', i)),
        ...Array.from({ length: 10 }, (_, i) => turn('other', i)),
      ]);
      expect(overlaps).toBe(0);
      // Turns run in arrival order.
      expect(results.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const stored = await turns('busy');
      expect(stored.map((t) => t.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(stored.map((t) => t.event)).toEqual(
        Array.from({ length: 50 }, (_, i) => event(String(i))),
      );
      expect(stored.map((t) => t.messages)).toEqual(stored.map((t) => [say(`turn ${t.seq}`)]));
      expect((await turns('other')).length).toBe(10);
      expect(await memoriesOf(store, 'bot', 'user')).toEqual({ 'seen-busy': 50, 'seen-other': 10 });
    });

    it('round-trips JSON with integers beyond 2^53, floats and nesting', async () => {
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
      const state = { flow: 'main', step: 'start', hold };
      await store.withConversation('c1', (tx) =>
        tx.commit({
          conversation: conversation('c1', 1, { state }),
          event: { content_type: 'payload', content: { payload: big } },
          messages: [{ content_type: 'object', content: big }],
          memoryOps: [{ op: 'set', key: 'big', value: big }],
        }),
      );
      const stored = await store.withConversation('c1', (tx) => tx.conversation());
      expect(stored?.state).toEqual(state);
      expect(await memoriesOf(store, 'bot', 'user')).toEqual({ big });
      const [turn] = await turns('c1');
      expect(turn?.event).toEqual({ content_type: 'payload', content: { payload: big } });
      expect(turn?.messages).toEqual([{ content_type: 'object', content: big }]);
      const read = (await memoriesOf(store, 'bot', 'user')).big as Record<string, Json>;
      expect(typeof read.max).toBe('bigint');
      expect(typeof read.safe).toBe('number');
    });
  });
}
