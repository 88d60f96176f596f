/**
 * The domain part of the Store suite (Repos, transaction, ping, close), run by both SQL
 * stores. Every read of another organization's row must find nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { newId } from '../../src/engine/ids.js';
import type { Store, StoredTurn } from '../../src/engine/store.js';
import { apiKey, bot, flow, org, seedBot, T0, version } from './fixtures.js';
import { client, event, nextTurn, runTurn, say } from './store-suite.js';

export interface FullStoreHarness {
  readonly store: Store;
  readonly turns: (conversationId: string) => Promise<readonly StoredTurn[]>;
}

const A = 'org-a';
const B = 'org-b';

export function reposSuite(name: string, open: () => Promise<FullStoreHarness>): void {
  describe(`Store suite (domain): ${name}`, () => {
    const opened: FullStoreHarness[] = [];
    const fresh = async (): Promise<FullStoreHarness> => {
      const harness = await open();
      opened.push(harness);
      return harness;
    };
    afterEach(async () => {
      for (const harness of opened.splice(0)) await harness.store.close();
    });

    it('stores organizations; the default one is the first created', async () => {
      const { store } = await fresh();
      expect(await store.orgCount()).toBe(0);
      expect(await store.defaultOrg()).toBeNull();
      await store.insertOrg(org(B, { createdAt: T0 + 5, updatedAt: T0 + 5 }));
      await store.insertOrg(org(A, { name: 'Default' }));
      expect(await store.orgCount()).toBe(2);
      expect(await store.defaultOrg()).toEqual(org(A, { name: 'Default' }));
      expect(await store.getOrg(B)).toEqual(org(B, { createdAt: T0 + 5, updatedAt: T0 + 5 }));
      expect(await store.getOrg('nope')).toBeNull();
      await store.insertBot(bot(A, 'bot-a'));
      const updated = org(A, { name: 'Renamed', defaultBotId: 'bot-a', updatedAt: T0 + 9 });
      await store.updateOrg(updated);
      expect(await store.getOrg(A)).toEqual(updated);
      await expect(store.insertOrg(org(A))).rejects.toThrow();
    });

    it('stores API keys and access tokens, scoped by organization', async () => {
      const { store } = await fresh();
      await store.insertOrg(org(A));
      await store.insertOrg(org(B));
      await store.insertBot(bot(A, 'bot-a'));
      const k1 = apiKey(A, 'pk_1', { permissions: ['bots:read', 'keys:manage'], name: 'admin' });
      const k2 = apiKey(A, 'pk_2', { botId: 'bot-a', createdAt: T0 + 1 });
      const k3 = apiKey(B, 'pk_3');
      for (const key of [k2, k1, k3]) await store.insertKey(key);
      expect(await store.findKey('pk_1')).toEqual(k1);
      expect(await store.findKey('pk_x')).toBeNull();
      expect(await store.listKeys(A)).toEqual([k1, k2]);
      expect(await store.listKeys(B)).toEqual([k3]);
      await store.touchKey('pk_1', T0 + 100);
      expect((await store.findKey('pk_1'))?.lastUsedAt).toBe(T0 + 100);
      // A key bound to another organization's bot cannot exist.
      await expect(store.insertKey(apiKey(B, 'pk_4', { botId: 'bot-a' }))).rejects.toThrow();

      const token = {
        tokenHash: 'th1',
        keyId: 'pk_1',
        orgId: A,
        expiresAt: T0 + 60_000,
        createdAt: T0,
      };
      await store.insertAccessToken(token);
      expect(await store.findAccessToken('th1', T0 + 59_999)).toEqual(token);
      expect(await store.findAccessToken('th1', T0 + 60_000)).toBeNull();
      expect(await store.findAccessToken('th2', T0)).toBeNull();

      expect(await store.deleteKey(B, 'pk_1')).toBe(false);
      expect(await store.findKey('pk_1')).toEqual({ ...k1, lastUsedAt: T0 + 100 });
      expect(await store.deleteKey(A, 'pk_1')).toBe(true);
      expect(await store.deleteKey(A, 'pk_1')).toBe(false);
      expect(await store.findKey('pk_1')).toBeNull();
      expect(await store.findAccessToken('th1', T0)).toBeNull();
    });

    it('stores bots with their JSON members, scoped by organization', async () => {
      const { store } = await fresh();
      await store.insertOrg(org(A));
      await store.insertOrg(org(B));
      const full = bot(A, 'bot-1', {
        description: 'a bot',
        defaultFlowId: 'f1',
        env: { big: 2n ** 63n - 1n, nested: { list: [1, 'two', null] } },
        settings: { sessionTtlMinutes: 30 },
        customComponents: { Card: { params: [] } },
        nlu: { intents: [{ name: 'hello', examples: ['hi'] }] },
        llm: { model: 'gpt', apiKeyEncrypted: 'xyz' },
      });
      await store.insertBot(full);
      await store.insertBot(bot(A, 'bot-2', { createdAt: T0 + 1 }));
      await store.insertBot(bot(B, 'bot-3'));
      expect(await store.getBot(A, 'bot-1')).toEqual(full);
      expect(await store.getBot(B, 'bot-1')).toBeNull();
      expect(await store.getBot(A, 'bot-3')).toBeNull();
      expect((await store.listBots(A)).map((b) => b.id)).toEqual(['bot-1', 'bot-2']);
      expect((await store.listBots(B)).map((b) => b.id)).toEqual(['bot-3']);
      expect(await store.listBots('org-none')).toEqual([]);
      expect(await store.transaction((repos) => repos.lockBot(A, 'bot-1'))).toEqual(full);
      expect(await store.transaction((repos) => repos.lockBot(B, 'bot-1'))).toBeNull();

      const updated = { ...full, name: 'renamed', nlu: null, llm: null, updatedAt: T0 + 7 };
      await store.updateBot(updated);
      expect(await store.getBot(A, 'bot-1')).toEqual(updated);
      // An update naming the wrong organization changes nothing.
      await store.updateBot({ ...updated, orgId: B, name: 'stolen' });
      expect((await store.getBot(A, 'bot-1'))?.name).toBe('renamed');
      // A bot of an organization that does not exist cannot be stored.
      await expect(store.insertBot(bot('org-none', 'bot-9'))).rejects.toThrow();
    });

    it('lists flows in creation order; names are unique per bot regardless of case', async () => {
      const { store } = await fresh();
      await store.insertOrg(org(A));
      await store.insertOrg(org(B));
      await store.insertBot(bot(A, 'bot-a'));
      await store.insertBot(bot(A, 'bot-a2'));
      await store.insertBot(bot(B, 'bot-b'));
      // Same millisecond, ids that sort the other way: order is insertion order.
      const ids = ['ffff', 'cccc', 'aaaa'];
      for (const id of ids) {
        await store.insertFlow(flow(A, 'bot-a', id, { commands: ['/go', id] }));
      }
      expect((await store.listFlows(A, 'bot-a')).map((f) => f.id)).toEqual(ids);
      expect(await store.getFlow(A, 'bot-a', 'cccc')).toEqual(
        flow(A, 'bot-a', 'cccc', { commands: ['/go', 'cccc'] }),
      );
      expect(await store.getFlow(B, 'bot-a', 'cccc')).toBeNull();
      expect(await store.getFlow(A, 'bot-a2', 'cccc')).toBeNull();
      expect(await store.listFlows(B, 'bot-a')).toEqual([]);

      await expect(
        store.insertFlow(flow(A, 'bot-a', 'dup', { name: 'FLOW_CCCC' })),
      ).rejects.toThrow();
      await store.insertFlow(flow(A, 'bot-a2', 'same-name', { name: 'flow_cccc' }));
      // A flow cannot be filed under another organization's bot.
      await expect(store.insertFlow(flow(B, 'bot-a', 'x'))).rejects.toThrow();

      const changed = {
        ...flow(A, 'bot-a', 'cccc'),
        name: 'Renamed',
        description: 'now described',
        commands: ['/r'],
        content: 'start:\n  say "changed"',
        updatedAt: T0 + 3,
      };
      await store.updateFlow(changed);
      expect(await store.getFlow(A, 'bot-a', 'cccc')).toEqual(changed);
      await store.updateFlow({ ...changed, orgId: B, content: 'stolen' });
      expect((await store.getFlow(A, 'bot-a', 'cccc'))?.content).toBe(changed.content);

      expect(await store.deleteFlow(B, 'bot-a', 'cccc')).toBe(false);
      expect(await store.deleteFlow(A, 'bot-a', 'cccc')).toBe(true);
      expect(await store.deleteFlow(A, 'bot-a', 'cccc')).toBe(false);
      await store.insertFlow(flow(A, 'bot-a', 'later'));
      expect((await store.listFlows(A, 'bot-a')).map((f) => f.id)).toEqual([
        'ffff',
        'aaaa',
        'later',
      ]);
    });

    it('lists versions newest first, by build order, with limit and before', async () => {
      const { store } = await fresh();
      await store.insertOrg(org(A));
      await store.insertOrg(org(B));
      await store.insertBot(bot(A, 'bot-a'));
      await store.insertBot(bot(B, 'bot-b'));
      expect(await store.latestVersion(A, 'bot-a')).toBeNull();
      // Built in one millisecond, with ids that do not sort in build order.
      const ids = ['v-c', 'v-a', 'v-e', 'v-b', 'v-d'];
      const snapshot = { flows: [{ id: 'f', content: 'x' }], big: 2n ** 60n };
      for (const id of ids) await store.insertVersion(version(A, 'bot-a', id, { snapshot }));
      await store.insertVersion(version(B, 'bot-b', 'v-other'));
      expect(await store.getVersion(A, 'bot-a', 'v-e')).toEqual(
        version(A, 'bot-a', 'v-e', { snapshot }),
      );
      expect(await store.getVersion(B, 'bot-a', 'v-e')).toBeNull();
      expect(await store.getVersion(A, 'bot-b', 'v-other')).toBeNull();
      expect((await store.latestVersion(A, 'bot-a'))?.id).toBe('v-d');
      expect(await store.latestVersion(B, 'bot-a')).toBeNull();

      const list = (options: { limit: number; before?: string }) =>
        store.listVersions(A, 'bot-a', options).then((vs) => vs.map((v) => v.id));
      expect(await list({ limit: 10 })).toEqual(['v-d', 'v-b', 'v-e', 'v-a', 'v-c']);
      expect(await list({ limit: 2 })).toEqual(['v-d', 'v-b']);
      expect(await list({ limit: 2, before: 'v-b' })).toEqual(['v-e', 'v-a']);
      expect(await list({ limit: 10, before: 'v-c' })).toEqual([]);
      expect(await list({ limit: 10, before: 'v-other' })).toEqual([]);
      expect(await list({ limit: 0 })).toEqual([]);
      expect(await store.listVersions(B, 'bot-a', { limit: 10 })).toEqual([]);
      expect((await store.listVersions(A, 'bot-a', { limit: 1 }))[0]).toEqual({
        id: 'v-d',
        engineVersion: '0.1.0',
        contentHash: 'hash-v-d',
        createdAt: T0,
      });
    });

    it('finds, gets and closes conversations only in their organization', async () => {
      const { store } = await fresh();
      await seedBot(store, A, 'bot-1');
      await seedBot(store, B, 'bot-b');
      const init = client('k', { orgId: A, botId: 'bot-1' });
      const opened = await store.openConversation(init);
      expect(await store.findOpenConversation(init)).toEqual(opened);
      expect(await store.findOpenConversation({ ...init, orgId: B })).toBeNull();
      expect(await store.findOpenConversation({ ...init, channel: 'other' })).toBeNull();
      expect(await store.getConversation(A, opened.id)).toEqual(opened);
      expect(await store.getConversation(B, opened.id)).toBeNull();
      // A conversation of a bot of another organization cannot be opened.
      await expect(
        store.openConversation(client('k', { orgId: B, botId: 'bot-1' })),
      ).rejects.toThrow();

      expect(await store.closeConversations({ ...init, orgId: B }, T0)).toBe(0);
      expect(await store.closeConversations(init, T0 + 5)).toBe(1);
      expect(await store.closeConversations(init, T0 + 6)).toBe(0);
      expect(await store.findOpenConversation(init)).toBeNull();
      expect(await store.getConversation(A, opened.id)).toMatchObject({
        status: 'closed',
        state: null,
        updatedAt: T0 + 5,
      });
      const again = await store.openConversation(init);
      expect(again.id).not.toBe(opened.id);
    });

    it("lists a bot's conversations newest first by pages, and their transcripts", async () => {
      const { store } = await fresh();
      await seedBot(store, A, 'bot-1');
      await seedBot(store, B, 'bot-b');
      const made = [];
      for (const key of ['k1', 'k2', 'k3']) {
        made.push(await store.openConversation(client(key, { orgId: A, botId: 'bot-1' })));
      }
      const newestFirst = await store.listBotConversations(A, 'bot-1', { limit: 10 });
      expect(newestFirst?.map((c) => c.id)).toEqual(
        [...made]
          .sort((x, y) => y.createdAt - x.createdAt || (y.id < x.id ? -1 : 1))
          .map((c) => c.id),
      );
      const [first, second, third] = newestFirst!;
      expect(await store.listBotConversations(A, 'bot-1', { limit: 2 })).toEqual([first, second]);
      expect(
        await store.listBotConversations(A, 'bot-1', { limit: 2, before: second!.id }),
      ).toEqual([third]);
      expect(await store.listBotConversations(B, 'bot-1', { limit: 10 })).toEqual([]);
      expect(
        await store.listBotConversations(A, 'bot-1', { limit: 2, before: 'unknown' }),
      ).toBeNull();

      await runTurn(store, made[0]!.id, {
        event: event('héllo 🎉'),
        messages: [say('one'), { content_type: 'question', content: { title: 'q', buttons: [] } }],
      });
      await runTurn(store, made[0]!.id, { event: event('again'), messages: [say('two')] });
      const transcript = await store.listTranscript(A, made[0]!.id, { after: 0, limit: 10 });
      expect(transcript.map((m) => [m.seq, m.type, m.contentType, m.content])).toEqual([
        [1, 'user', 'text', { text: 'héllo 🎉' }],
        [2, 'bot', 'text', { text: 'one' }],
        [3, 'bot', 'question', { title: 'q', buttons: [] }],
        [4, 'user', 'text', { text: 'again' }],
        [5, 'bot', 'text', { text: 'two' }],
      ]);
      expect(
        (await store.listTranscript(A, made[0]!.id, { after: 2, limit: 2 })).map((m) => m.seq),
      ).toEqual([3, 4]);
      expect(await store.listTranscript(B, made[0]!.id, { after: 0, limit: 10 })).toEqual([]);
    });

    it('counts usage from stored messages in [from, to), clients by user key', async () => {
      const { store } = await fresh();
      await seedBot(store, A, 'bot-1');
      await seedBot(store, A, 'bot-2');
      await seedBot(store, B, 'bot-b');
      const on = (key: string, extra = {}) =>
        store.openConversation(client(key, { orgId: A, botId: 'bot-1', ...extra }));
      const ada = await on('ada');
      const ada2 = await on('ada-again', { userKey: 'user:ada', channel: 'conversations' });
      const bob = await on('bob');
      const other = await store.openConversation(client('ada', { orgId: A, botId: 'bot-2' }));
      // ada: event + 2 messages at T0+10; ada again (same user key): event + 1 at T0+20;
      // bob: 1 message, event not logged (hold_secure), at T0+30; bot-2: not counted.
      await runTurn(store, ada.id, { at: T0 + 10, messages: [say('1'), say('2')] });
      await runTurn(store, ada2.id, { at: T0 + 20, messages: [say('3')] });
      await runTurn(store, bob.id, { at: T0 + 30, messages: [say('4')], logEvent: false });
      await runTurn(store, other.id, { at: T0 + 20, messages: [say('x')] });

      const usage = (from: number, to: number) => store.usage(A, 'bot-1', from, to);
      expect(await usage(T0, T0 + 100)).toEqual({ messages: 6, clients: 2 });
      expect(await usage(T0 + 10, T0 + 30)).toEqual({ messages: 5, clients: 1 });
      expect(await usage(T0 + 11, T0 + 31)).toEqual({ messages: 3, clients: 2 });
      expect(await usage(T0 + 30, T0 + 31)).toEqual({ messages: 1, clients: 1 });
      expect(await usage(T0 + 31, T0 + 100)).toEqual({ messages: 0, clients: 0 });
      expect(await store.usage(B, 'bot-1', T0, T0 + 100)).toEqual({ messages: 0, clients: 0 });
      expect(await store.usage(A, 'bot-2', T0, T0 + 100)).toEqual({ messages: 2, clients: 1 });
    });

    it('stores the user message before the bot messages, numbered per conversation', async () => {
      const { store } = await fresh();
      await seedBot(store, A, 'bot-1');
      const opened = await store.openConversation(client('k', { orgId: A, botId: 'bot-1' }));
      await runTurn(store, opened.id, { event: event('hi'), messages: [say('a'), say('b')] });
      await runTurn(store, opened.id, {
        event: event('secret'),
        logEvent: false,
        messages: [say('c')],
      });
      const messages = await (
        store as Store & { messages(id: string): Promise<unknown[]> }
      ).messages(opened.id);
      expect(messages).toMatchObject([
        { seq: 1, turnSeq: 1, type: 'user', content_type: 'text', content: { text: 'hi' } },
        { seq: 2, turnSeq: 1, type: 'bot', content: { text: 'a' } },
        { seq: 3, turnSeq: 1, type: 'bot', content: { text: 'b' } },
        { seq: 4, turnSeq: 2, type: 'bot', content: { text: 'c' } },
      ]);
    });

    it('deletes a bot with everything it owns, and nothing else', async () => {
      const { store, turns } = await fresh();
      await seedBot(store, A, 'doomed');
      await seedBot(store, A, 'kept');
      await store.updateOrg({ ...(await store.getOrg(A))!, defaultBotId: 'doomed' });
      for (const botId of ['doomed', 'kept']) {
        await store.insertFlow(flow(A, botId, `${botId}-flow`));
        await store.insertVersion(version(A, botId, `${botId}-v1`));
        await store.insertKey(apiKey(A, `pk_${botId}`, { botId }));
      }
      await store.insertKey(apiKey(A, 'pk_org'));
      await store.insertAccessToken({
        tokenHash: 'bound',
        keyId: 'pk_doomed',
        orgId: A,
        expiresAt: T0 + 1e9,
        createdAt: T0,
      });
      const conversationOf = async (botId: string) => {
        const c = await store.openConversation(client('u', { orgId: A, botId, userKey: 'u' }));
        await runTurn(store, c.id, {
          at: T0 + 1,
          messages: [say('m')],
          memoryOps: [{ op: 'set', key: 'k', value: botId }],
        });
        return c;
      };
      const doomed = await conversationOf('doomed');
      const kept = await conversationOf('kept');

      expect(await store.deleteBot(B, 'doomed')).toBe(false);
      expect(await store.getBot(A, 'doomed')).not.toBeNull();
      expect(await store.deleteBot(A, 'doomed')).toBe(true);
      expect(await store.deleteBot(A, 'doomed')).toBe(false);

      expect(await store.getBot(A, 'doomed')).toBeNull();
      expect(await store.getFlow(A, 'doomed', 'doomed-flow')).toBeNull();
      expect(await store.getVersion(A, 'doomed', 'doomed-v1')).toBeNull();
      expect(await store.getConversation(A, doomed.id)).toBeNull();
      expect(await turns(doomed.id)).toEqual([]);
      expect(await store.findKey('pk_doomed')).toBeNull();
      expect(await store.findAccessToken('bound', T0)).toBeNull();
      expect((await store.getOrg(A))?.defaultBotId).toBeNull();
      expect(await store.usage(A, 'doomed', 0, T0 + 100)).toEqual({ messages: 0, clients: 0 });
      // Its memories went too: a new bot with the same id starts without them.
      await seedBot(store, A, 'doomed');
      const reborn = await store.openConversation(
        client('u', { orgId: A, botId: 'doomed', userKey: 'u' }),
      );
      expect(await store.withConversation(reborn.id, (tx) => tx.memories('doomed', 'u'))).toEqual(
        {},
      );

      expect(await store.getBot(A, 'kept')).not.toBeNull();
      expect(await store.getFlow(A, 'kept', 'kept-flow')).not.toBeNull();
      expect(await store.getVersion(A, 'kept', 'kept-v1')).not.toBeNull();
      expect(await store.getConversation(A, kept.id)).not.toBeNull();
      expect((await turns(kept.id)).length).toBe(1);
      expect(await store.findKey('pk_kept')).not.toBeNull();
      expect(await store.findKey('pk_org')).not.toBeNull();
      expect(await store.withConversation(kept.id, (tx) => tx.memories('kept', 'u'))).toEqual({
        k: 'kept',
      });
      expect(await store.usage(A, 'kept', 0, T0 + 100)).toEqual({ messages: 2, clients: 1 });
    });

    it('runs transaction work all or nothing', async () => {
      const { store } = await fresh();
      await store.insertOrg(org(A));
      const result = await store.transaction(async (repos) => {
        await repos.insertBot(bot(A, 'b1'));
        await repos.insertFlow(flow(A, 'b1', 'f1'));
        return 'done';
      });
      expect(result).toBe('done');
      expect(await store.listFlows(A, 'b1')).toHaveLength(1);
      await expect(
        store.transaction(async (repos) => {
          await repos.insertBot(bot(A, 'b2'));
          await repos.updateOrg({ ...org(A), name: 'changed' });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await store.getBot(A, 'b2')).toBeNull();
      expect((await store.getOrg(A))?.name).toBe(org(A).name);
      // A statement failing inside: nothing of the transaction stays.
      await expect(
        store.transaction(async (repos) => {
          await repos.insertBot(bot(A, 'b3'));
          await repos.insertBot(bot(A, 'b3'));
        }),
      ).rejects.toThrow();
      expect(await store.getBot(A, 'b3')).toBeNull();
    });

    it('shows a transaction its own writes, others only once committed', async () => {
      const { store } = await fresh();
      await store.insertOrg(org(A));
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => {
        entered = resolve;
      });
      let finish!: () => void;
      const gate = new Promise<void>((resolve) => {
        finish = resolve;
      });
      const tx = store.transaction(async (repos) => {
        await repos.insertBot(bot(A, 'pending'));
        // A store call from inside the transaction runs in it (and does not wait for it).
        expect(await store.getBot(A, 'pending')).not.toBeNull();
        await store.transaction(async (inner) => {
          await inner.insertFlow(flow(A, 'pending', 'f1'));
        });
        await expect(
          store.transaction(async (inner) => {
            await inner.insertFlow(flow(A, 'pending', 'f2'));
            throw new Error('inner fails');
          }),
        ).rejects.toThrow('inner fails');
        entered();
        await gate;
        throw new Error('rolled back');
      });
      await inside;
      // From outside, the uncommitted bot is not visible (SQLite: the read waits for the end).
      const outside = store.getBot(A, 'pending');
      finish();
      await expect(tx).rejects.toThrow('rolled back');
      expect(await outside).toBeNull();
      expect(await store.getBot(A, 'pending')).toBeNull();

      await store.transaction(async (repos) => {
        await repos.insertBot(bot(A, 'kept'));
        await repos.insertFlow(flow(A, 'kept', 'f1'));
        await store
          .transaction(async (inner) => {
            await inner.insertFlow(flow(A, 'kept', 'f2'));
            throw new Error('inner fails');
          })
          .catch(() => undefined);
      });
      expect((await store.listFlows(A, 'kept')).map((f) => f.id)).toEqual(['f1']);
    });

    it('lets a turn read domain rows through the store without deadlock', async () => {
      const { store } = await fresh();
      await seedBot(store, A, 'bot-1');
      await store.insertVersion(version(A, 'bot-1', 'v1'));
      const opened = await store.openConversation(client('k', { orgId: A, botId: 'bot-1' }));
      const read = await store.withConversation(
        opened.id,
        async (tx) => {
          const v = await store.getVersion(A, 'bot-1', 'v1');
          await tx.commit(nextTurn((await tx.conversation())!));
          // Another conversation's turn from inside this one: a savepoint in the same transaction.
          const nested = await store.openConversation(client('k2', { orgId: A, botId: 'bot-1' }));
          await store.withConversation(nested.id, (inner) =>
            inner.commit(nextTurn(nested, { memoryOps: [{ op: 'set', key: 'n', value: 1 }] })),
          );
          return v?.id;
        },
        { waitMs: 1000 },
      );
      expect(read).toBe('v1');
      expect((await store.getConversation(A, opened.id))?.turns).toBe(1);
      expect(
        (await store.findOpenConversation(client('k2', { orgId: A, botId: 'bot-1' })))?.turns,
      ).toBe(1);
    });

    it('answers ping, and refuses calls once closed', async () => {
      const { store } = await fresh();
      await store.ping();
      await store.close();
      await expect(store.ping()).rejects.toThrow(/closed/);
      await expect(store.getOrg(A)).rejects.toThrow(/closed/);
      await expect(store.transaction(() => Promise.resolve())).rejects.toThrow(/closed/);
    });

    it('uses ids as given (uuids or not) and keeps times as epoch milliseconds', async () => {
      const { store } = await fresh();
      const id = newId();
      const at = Date.UTC(2100, 0, 1, 0, 0, 0, 123);
      await store.insertOrg(org(id, { createdAt: at, updatedAt: at }));
      const read = await store.getOrg(id);
      expect(read?.createdAt).toBe(at);
      expect(typeof read?.createdAt).toBe('number');
    });
  });
}
