/**
 * The Store suite on PostgreSQL, and what only PostgreSQL must do: several processes (here two
 * pools) sharing one database. Needs PARLEY_TEST_POSTGRES_URL (test/store/postgres.ts).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LockTimeoutError } from '../../src/engine/store.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { seedBot } from './fixtures.js';
import { createTestDatabase, describePostgres, truncateAll } from './postgres.js';
import type { TestDatabase } from './postgres.js';
import { conversationsSuite } from './conversations-suite.js';
import { reposSuite } from './repos-suite.js';
import { BOT, client, event, nextTurn, ORG, runTurn, say, storeSuite } from './store-suite.js';

describePostgres('PostgreSQL store suite', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  /** A store on the test database, emptied first. */
  const openStore = async () => {
    await truncateAll(database.url).catch(() => undefined); // no tables before the first open
    const store = await PostgresStore.open(database.url);
    await truncateAll(database.url);
    return {
      store,
      turns: (id: string) => store.turns(id),
      addBot: (orgId: string, botId: string) => seedBot(store, orgId, botId),
    };
  };

  storeSuite('PostgresStore', openStore);
  reposSuite('PostgresStore', openStore);
  conversationsSuite('PostgresStore', openStore);

  describe('PostgresStore shared by two processes (two pools)', () => {
    const stores: PostgresStore[] = [];
    const two = async () => {
      const first = (await openStore()).store;
      const second = await PostgresStore.open(database.url);
      stores.push(first, second);
      await seedBot(first, ORG, BOT);
      return [first, second] as const;
    };
    afterAll(async () => {
      for (const store of stores) await store.close();
    });

    it('serializes 200 concurrent turns on 3 conversations: each stored once, in order', async () => {
      const [a, b] = await two();
      const conversations = await Promise.all(
        ['c0', 'c1', 'c2'].map((key, i) => (i % 2 ? b : a).openConversation(client(key))),
      );
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => {
          const store = i % 2 === 0 ? a : b;
          const conversation = conversations[i % 3]!;
          return store.withConversation(conversation.id, async (tx) => {
            const before = (await tx.conversation())!;
            const commit = nextTurn(before, {
              event: event(`turn ${i}`),
              messages: [say(`answer ${i}`)],
              memoryOps: [
                { op: 'set', key: `count-${conversation.externalKey}`, value: before.turns + 1 },
              ],
            });
            await tx.commit(commit);
            return { i, seq: commit.conversation.turns };
          });
        }),
      );
      expect(results).toHaveLength(200);
      for (const [index, conversation] of conversations.entries()) {
        const turns = await a.turns(conversation.id);
        const expected = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 3 === index);
        // Each turn stored exactly once, seq 1, 2, 3, … with no gap: no update was lost.
        expect(turns.map((t) => t.seq)).toEqual(expected.map((_, n) => n + 1));
        const texts = turns.map((t) => (t.event.content as { text: string }).text);
        expect([...texts].sort()).toEqual(expected.map((i) => `turn ${i}`).sort());
        expect(new Set(texts).size).toBe(expected.length);
        expect(turns.every((t, n) => t.messages.length === 1 && t.seq === n + 1)).toBe(true);
        expect((await b.getConversation(ORG, conversation.id))?.turns).toBe(expected.length);
        const memories = await b.withConversation(conversation.id, (tx) =>
          tx.memories(BOT, conversation.userKey),
        );
        expect(memories).toEqual({ [`count-${conversation.externalKey}`]: expected.length });
        const messages = await a.messages(conversation.id);
        expect(messages.map((m) => m.seq)).toEqual(messages.map((_, n) => n + 1));
      }
    });

    it("runs turns of one user's two conversations at once without deadlock", async () => {
      const [a, b] = await two();
      const web = await a.openConversation(client('web', { userKey: 'shared-user' }));
      const app = await b.openConversation(
        client('app', { userKey: 'shared-user', channel: 'conversations' }),
      );
      const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
      await Promise.all(
        Array.from({ length: 60 }, (_, i) => {
          const [store, conversation] = i % 2 ? [a, web] : [b, app];
          // Opposite key orders, each turn holding its rows while it yields.
          const order = i % 2 ? keys : [...keys].reverse();
          return store.withConversation(conversation.id, async (tx) => {
            const before = (await tx.conversation())!;
            await new Promise((resolve) => setTimeout(resolve, i % 4));
            await tx.commit(
              nextTurn(before, {
                memoryOps: order.map((key) => ({ op: 'set' as const, key, value: i })),
              }),
            );
          });
        }),
      );
      expect((await a.getConversation(ORG, web.id))?.turns).toBe(30);
      expect((await a.getConversation(ORG, app.id))?.turns).toBe(30);
      const memories = await a.withConversation(web.id, (tx) => tx.memories(BOT, 'shared-user'));
      expect(Object.keys(memories).sort()).toEqual(keys);
    });

    it('opens one conversation per client even when two processes ask at once', async () => {
      const [a, b] = await two();
      const opened = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).openConversation(client('race'))),
      );
      expect(new Set(opened.map((c) => c.id)).size).toBe(1);
    });

    it("times out on another process's turn with LockTimeoutError (lock_timeout)", async () => {
      const [a, b] = await two();
      const opened = await a.openConversation(client('locked'));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      let finish!: () => void;
      const gate = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const holder = a.withConversation(opened.id, async (tx) => {
        entered();
        await gate;
        await tx.commit(nextTurn(opened));
      });
      await inside;
      const started = Date.now();
      const waiter = b.withConversation(opened.id, () => Promise.resolve('ran'), { waitMs: 200 });
      await expect(waiter).rejects.toBeInstanceOf(LockTimeoutError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      // b's connection went back to its pool in a usable state.
      await b.ping();
      finish();
      await holder;
      await runTurn(b, opened.id);
      expect((await a.turns(opened.id)).map((t) => t.seq)).toEqual([1, 2]);
    });

    it('bounds the wait for a pooled connection by waitMs too', async () => {
      const store = await PostgresStore.open(database.url, { max: 1 });
      stores.push(store);
      await seedBot(store, ORG, BOT);
      const busy = await store.openConversation(client('pool-1'));
      const other = await store.openConversation(client('pool-2'));
      let finish!: () => void;
      const gate = new Promise<void>((resolve) => {
        finish = resolve;
      });
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const holder = store.withConversation(busy.id, async () => {
        entered();
        await gate;
      });
      await inside;
      await expect(
        store.withConversation(other.id, () => Promise.resolve(), { waitMs: 100 }),
      ).rejects.toBeInstanceOf(LockTimeoutError);
      finish();
      await holder;
      await runTurn(store, other.id);
      expect((await store.turns(other.id)).length).toBe(1);
    });

    it('lets another process close a conversation only after the running turn', async () => {
      const [a, b] = await two();
      const opened = await a.openConversation(client('closing'));
      let finish!: () => void;
      const gate = new Promise<void>((resolve) => {
        finish = resolve;
      });
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      const holder = a.withConversation(opened.id, async (tx) => {
        entered();
        await gate;
        await tx.commit(nextTurn(opened, { conversation: { meta: { by: 'turn' } } }));
      });
      await inside;
      const closing = b.closeConversations(client('closing'), Date.now());
      await new Promise((resolve) => setTimeout(resolve, 50));
      finish();
      await holder;
      expect(await closing).toBe(1);
      expect(await b.getConversation(ORG, opened.id)).toMatchObject({
        status: 'closed',
        turns: 1,
        meta: { by: 'turn' },
      });
    });
  });

  describe('PostgreSQL migrations', () => {
    it('are applied once when two processes start at once on a new database', async () => {
      const fresh = await createTestDatabase('parley_migrate');
      try {
        const [one, other] = await Promise.all([
          PostgresStore.open(fresh.url),
          PostgresStore.open(fresh.url),
        ]);
        try {
          expect([...one.migrationsApplied, ...other.migrationsApplied]).toEqual([
            '0001_initial.sql',
            '0002_conversations_api.sql',
            '0003_conversation_claims.sql',
          ]);
          const third = await PostgresStore.open(fresh.url);
          expect(third.migrationsApplied).toEqual([]);
          await third.close();
        } finally {
          await one.close();
          await other.close();
        }
        const client = new pg.Client({ connectionString: fresh.url });
        await client.connect();
        try {
          await client.query("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 0)");
        } finally {
          await client.end();
        }
        await expect(PostgresStore.open(fresh.url)).rejects.toThrow(/9999.*newer/);
      } finally {
        await fresh.drop();
      }
    });

    it('reads BIGINT times and counts as numbers', async () => {
      const { store } = await openStore();
      try {
        await seedBot(store, ORG, BOT);
        const at = Date.UTC(2200, 0, 1);
        const opened = await store.openConversation(client());
        await runTurn(store, opened.id, { at, messages: [say('x')] });
        const read = await store.getConversation(ORG, opened.id);
        expect(read?.lastTurnAt).toBe(at);
        expect(await store.usage(ORG, BOT, at, at + 1)).toEqual({ messages: 2, clients: 1 });
      } finally {
        await store.close();
      }
    });
  });
});
