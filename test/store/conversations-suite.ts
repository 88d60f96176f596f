/**
 * The Conversations surface's part of the Store suite (conversations-api.md: conversations with
 * wire fields, messages, pages with cursors and meta filters, contacts, attachments, stored
 * requests), run by both SQL stores. Reads of another organization find nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { newId } from '../../src/engine/ids.js';
import type {
  AttachmentRecord,
  ContactRecord,
  JsonObject,
  Store,
  SurfaceConversation,
} from '../../src/engine/store.js';
import { seedBot, T0 } from './fixtures.js';

const A = 'org-a';
const B = 'org-b';
const BOT = 'bot-a';

function conversation(extra: Partial<SurfaceConversation> = {}): SurfaceConversation {
  const id = extra.id ?? newId();
  return {
    id,
    orgId: A,
    botId: BOT,
    versionId: null,
    channel: 'conversations',
    externalKey: id,
    userKey: `conversations:${id}`,
    contactId: null,
    status: 'open',
    state: null,
    turns: 0,
    meta: extra.wireMeta ?? {},
    createdAt: T0,
    updatedAt: T0,
    lastTurnAt: null,
    name: '',
    description: '',
    taskId: null,
    spaceId: null,
    datasetId: null,
    skillsetId: null,
    backstory: '',
    model: '',
    privacy: false,
    moderation: false,
    expiresAt: null,
    wireMeta: null,
    consumedSeq: 0,
    ...extra,
  };
}

export function conversationsSuite(name: string, open: () => Promise<{ store: Store }>): void {
  describe(`Store suite (Conversations surface): ${name}`, () => {
    const opened: Store[] = [];
    const fresh = async (): Promise<Store> => {
      const { store } = await open();
      opened.push(store);
      await seedBot(store, A, BOT);
      await seedBot(store, B, 'bot-b');
      return store;
    };
    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
    });

    it('stores a conversation with its wire fields, updates and deletes it', async () => {
      const store = await fresh();
      const c = conversation({
        name: 'n',
        description: 'd',
        taskId: 't',
        backstory: 'b',
        model: 'gpt/temperature=0',
        privacy: true,
        expiresAt: T0 + 10,
        wireMeta: { app: 'x', n: 2n ** 63n - 1n },
      });
      await store.insertSurfaceConversation(c);
      const read = await store.getSurfaceConversation(A, c.id);
      expect(read).toEqual({ ...c, meta: c.wireMeta });
      expect(await store.getSurfaceConversation(B, c.id)).toBeNull();
      // The engine's view of the same row.
      expect(await store.getConversation(A, c.id)).toMatchObject({ id: c.id, meta: c.wireMeta });

      const updated = { ...c, name: 'm', wireMeta: null, contactId: 'k', updatedAt: T0 + 5 };
      await store.updateSurfaceConversation(updated);
      expect(await store.getSurfaceConversation(A, c.id)).toEqual({ ...updated, meta: {} });

      await store.setConsumedSeq(A, c.id, 3);
      expect((await store.getSurfaceConversation(A, c.id))?.consumedSeq).toBe(3);
      expect(await store.deleteConversation(B, c.id)).toBe(false);
      expect(await store.deleteConversation(A, c.id)).toBe(true);
      expect(await store.getSurfaceConversation(A, c.id)).toBeNull();
      expect(await store.deleteConversation(A, c.id)).toBe(false);
    });

    it('pages conversations by (createdAt, id) both ways, with cursors and filters', async () => {
      const store = await fresh();
      const made: SurfaceConversation[] = [];
      for (let i = 0; i < 7; i++) {
        const meta: JsonObject = {
          i,
          even: i % 2 === 0,
          tag: i < 3 ? 'low' : 'high',
          nested: { k: `v${i % 2}` },
        };
        const c = conversation({ createdAt: T0 + Math.floor(i / 2), wireMeta: meta });
        made.push(c);
        await store.insertSurfaceConversation(c);
      }
      // Another channel, another organization, an expired one and a null meta: never listed.
      await store.insertSurfaceConversation(conversation({ channel: 'studio' }));
      await store.insertSurfaceConversation(conversation({ orgId: B, botId: 'bot-b' }));
      await store.insertSurfaceConversation(conversation({ expiresAt: T0 + 100 }));
      const ids = made.map((c) => c.id);
      const base = { orgId: A, channel: 'conversations', now: T0 + 100, limit: 3 } as const;

      const asc = await store.listSurfaceConversations({ ...base, order: 'asc' });
      expect(asc?.map((c) => c.id)).toEqual(ids.slice(0, 3));
      const next = await store.listSurfaceConversations({
        ...base,
        order: 'asc',
        cursor: ids[2],
      });
      expect(next?.map((c) => c.id)).toEqual(ids.slice(3, 6));
      const desc = await store.listSurfaceConversations({ ...base, order: 'desc', limit: 100 });
      expect(desc?.map((c) => c.id)).toEqual([...ids].reverse());
      const descNext = await store.listSurfaceConversations({
        ...base,
        order: 'desc',
        cursor: ids[3],
      });
      expect(descNext?.map((c) => c.id)).toEqual([ids[2], ids[1], ids[0]]);
      expect(
        await store.listSurfaceConversations({ ...base, order: 'asc', cursor: 'nope' }),
      ).toBeNull();

      const filter = async (meta: { path: string[]; value: string }[]) =>
        (await store.listSurfaceConversations({ ...base, order: 'asc', limit: 100, meta }))?.map(
          (c) => made.findIndex((m) => m.id === c.id),
        );
      expect(await filter([{ path: ['even'], value: 'true' }])).toEqual([0, 2, 4, 6]);
      expect(await filter([{ path: ['i'], value: '5' }])).toEqual([5]);
      expect(await filter([{ path: ['tag'], value: 'low' }])).toEqual([0, 1, 2]);
      expect(
        await filter([
          { path: ['tag'], value: 'high' },
          { path: ['nested', 'k'], value: 'v1' },
        ]),
      ).toEqual([3, 5]);
      // A string filter never matches a boolean, a number's JSON text must be equal.
      expect(await filter([{ path: ['even'], value: '1' }])).toEqual([]);
      expect(await filter([{ path: ['missing'], value: 'x' }])).toEqual([]);
      expect(
        (
          await store.listSurfaceConversations({
            ...base,
            order: 'asc',
            limit: 100,
            botIds: ['bot-x'],
          })
        )?.length,
      ).toBe(0);
    });

    it('appends messages in order, never tying, and pages them', async () => {
      const store = await fresh();
      const c = conversation();
      await store.insertSurfaceConversation(c);
      const append = (text: string, at: number, meta: JsonObject | null = null) =>
        store.appendMessage({
          id: newId(),
          orgId: A,
          botId: BOT,
          conversationId: c.id,
          turnSeq: null,
          type: 'user',
          text,
          meta,
          entities: [],
          at,
        });
      const m1 = await append('one', T0 + 10, { k: 'a' });
      const m2 = await append('two', T0 + 10);
      const m3 = await append('three', T0 + 5, { k: 'b' });
      expect([m1.seq, m2.seq, m3.seq]).toEqual([1, 2, 3]);
      expect([m1.createdAt, m2.createdAt, m3.createdAt]).toEqual([T0 + 10, T0 + 11, T0 + 12]);
      expect((await store.getSurfaceConversation(A, c.id))?.updatedAt).toBe(T0 + 12);
      expect(await store.getMessage(A, c.id, m2.id)).toEqual(m2);
      expect(await store.getMessage(B, c.id, m2.id)).toBeNull();
      const page = await store.listMessages({
        orgId: A,
        conversationId: c.id,
        order: 'desc',
        limit: 2,
      });
      expect(page?.map((m) => m.text)).toEqual(['three', 'two']);
      const filtered = await store.listMessages({
        orgId: A,
        conversationId: c.id,
        order: 'asc',
        limit: 10,
        meta: [{ path: ['k'], value: 'b' }],
      });
      expect(filtered?.map((m) => m.text)).toEqual(['three']);
      expect((await store.messagesAfter(A, c.id, 1)).map((m) => m.text)).toEqual(['two', 'three']);
      expect((await store.lastMessage(A, c.id))?.id).toBe(m3.id);

      await store.updateMessage({ ...m1, text: 'uno', meta: null, updatedAt: T0 + 50 });
      expect(await store.getMessage(A, c.id, m1.id)).toMatchObject({
        text: 'uno',
        meta: null,
        updatedAt: T0 + 50,
      });
      expect(await store.deleteMessage(A, c.id, m1.id)).toBe(true);
      expect(await store.deleteMessage(A, c.id, m1.id)).toBe(false);
      const after = await append('four', T0);
      expect(after.seq).toBe(4);
    });

    it('stores contacts by id and fingerprint, per organization', async () => {
      const store = await fresh();
      const contact: ContactRecord = {
        id: newId(),
        orgId: A,
        fingerprint: 'fp',
        name: 'Ann',
        description: '',
        email: 'ann@example.com',
        phone: null,
        nick: null,
        meta: { vip: true },
        createdAt: T0,
        updatedAt: T0,
      };
      await store.saveContact(contact);
      expect(await store.getContact(A, contact.id)).toEqual(contact);
      expect(await store.getContact(B, contact.id)).toBeNull();
      expect(await store.findContactByFingerprint(A, 'fp')).toEqual(contact);
      expect(await store.findContactByFingerprint(B, 'fp')).toBeNull();
      const changed = { ...contact, name: 'Anna', meta: null, updatedAt: T0 + 1 };
      await store.saveContact(changed);
      expect(await store.getContact(A, contact.id)).toEqual(changed);
      // Another organization may use the same fingerprint.
      await store.saveContact({ ...contact, id: newId(), orgId: B });
      await expect(store.saveContact({ ...contact, id: newId() })).rejects.toThrow();
    });

    it('stores attachments: pending, completed once, listed, expired uploads dropped', async () => {
      const store = await fresh();
      const c = conversation();
      await store.insertSurfaceConversation(c);
      const attachment = (extra: Partial<AttachmentRecord>): AttachmentRecord => ({
        id: newId(),
        orgId: A,
        conversationId: c.id,
        name: 'a.txt',
        description: '',
        type: 'text/plain',
        size: 3,
        status: 'pending',
        blob: 'x',
        uploadExpiresAt: T0 + 100,
        createdAt: T0,
        updatedAt: T0,
        ...extra,
      });
      const pending = attachment({});
      const done = attachment({ status: 'complete', uploadExpiresAt: null, createdAt: T0 + 1 });
      const stale = attachment({ uploadExpiresAt: T0 + 1 });
      for (const a of [pending, done, stale]) await store.insertAttachment(a);
      expect(await store.getAttachment(A, c.id, pending.id)).toEqual(pending);
      expect(await store.getAttachment(B, c.id, pending.id)).toBeNull();
      expect(await store.findSignedAttachment(c.id, pending.id)).toEqual(pending);
      expect(await store.findSignedAttachment('other', pending.id)).toBeNull();
      const list = () =>
        store.listAttachments({ orgId: A, conversationId: c.id, order: 'asc', limit: 10 });
      expect((await list())?.map((a) => a.id)).toEqual([done.id]);
      expect(await store.completeAttachment(A, pending.id, T0 + 2)).toBe(true);
      expect(await store.completeAttachment(A, pending.id, T0 + 3)).toBe(false);
      expect((await list())?.map((a) => a.id)).toEqual([pending.id, done.id]);
      expect((await store.dropExpiredUploads(T0 + 50)).map((a) => a.id)).toEqual([stale.id]);
      expect((await store.conversationAttachments(A, c.id)).length).toBe(2);
      await store.deleteConversation(A, c.id);
      expect(await store.conversationAttachments(A, c.id)).toEqual([]);
    });

    it('keeps requests by idempotency key and finds the latest', async () => {
      const store = await fresh();
      const c = conversation();
      await store.insertSurfaceConversation(c);
      const request = (key: string | null, at: number) => ({
        id: newId(),
        conversationId: c.id,
        operation: 'complete',
        idempotencyKey: key,
        bodyDigest: 'b',
        inputDigest: 'i',
        baseline: null,
        response: { text: key ?? '' },
        createdAt: at,
      });
      const first = request('k1', T0);
      const second = request(null, T0 + 1);
      await store.insertRequest(first);
      await store.insertRequest(second);
      expect(await store.findRequest(c.id, 'k1')).toEqual(first);
      expect(await store.findRequest(c.id, null)).toEqual(second);
      expect(await store.findRequest(c.id, 'k2')).toBeNull();
      await expect(store.insertRequest(request('k1', T0 + 2))).rejects.toThrow();
      // Older ones are pruned by age, across conversations.
      await store.insertRequest(request('k3', T0 + 3));
      expect(await store.pruneRequests(T0 + 1)).toBe(1);
      expect(await store.findRequest(c.id, 'k1')).toBeNull();
      expect(await store.findRequest(c.id, null)).toMatchObject({ idempotencyKey: 'k3' });
      expect(await store.pruneRequests(T0 + 1)).toBe(0);
    });

    it('claims a conversation for one holder at a time, lapsing, renewed, released', async () => {
      const store = await fresh();
      const c = conversation();
      await store.insertSurfaceConversation(c);
      const claim = (token: string, now: number, orgId = A) =>
        store.claimConversation({ orgId, conversationId: c.id, token, until: now + 100, now });
      const first = await claim('t1', T0);
      expect(first).toMatchObject({ kind: 'claimed', last: null, conversation: { id: c.id } });
      expect(await claim('t2', T0 + 50)).toEqual({ kind: 'busy', until: T0 + 100 });
      expect(await claim('t2', T0, B)).toEqual({ kind: 'missing' });
      expect(await store.renewClaim(A, c.id, 't1', T0 + 300)).toBe(true);
      expect(await store.renewClaim(A, c.id, 't2', T0 + 300)).toBe(false);
      expect(await claim('t2', T0 + 200)).toEqual({ kind: 'busy', until: T0 + 300 });
      // Lapsed: taken over, and the old holder can neither renew nor release it.
      expect((await claim('t2', T0 + 301)).kind).toBe('claimed');
      expect(await store.renewClaim(A, c.id, 't1', T0 + 900)).toBe(false);
      expect(
        await store.releaseClaim({ orgId: A, conversationId: c.id, token: 't1', consumedSeq: 9 }),
      ).toBe(false);
      expect((await store.getSurfaceConversation(A, c.id))?.consumedSeq).toBe(0);
      expect(
        await store.releaseClaim({
          orgId: A,
          conversationId: c.id,
          token: 't2',
          consumedSeq: 2,
          touchedAt: T0 + 40,
        }),
      ).toBe(true);
      expect(await store.getSurfaceConversation(A, c.id)).toMatchObject({
        consumedSeq: 2,
        updatedAt: T0 + 40,
      });
      // updatedAt never moves back.
      const again = await claim('t3', T0 + 302);
      expect(again.kind).toBe('claimed');
      await store.releaseClaim({ orgId: A, conversationId: c.id, token: 't3', touchedAt: T0 });
      expect((await store.getSurfaceConversation(A, c.id))?.updatedAt).toBe(T0 + 40);
    });

    it("inserts a turn's messages in one write after the newest, and reads that newest", async () => {
      const store = await fresh();
      const c = conversation();
      await store.insertSurfaceConversation(c);
      const message = (text: string, at: number) => ({
        id: newId(),
        orgId: A,
        botId: BOT,
        conversationId: c.id,
        turnSeq: null,
        type: 'user',
        text,
        meta: null,
        entities: [],
        at,
      });
      expect(await store.getTurnConversation(A, c.id)).toMatchObject({ last: null });
      expect(await store.getTurnConversation(B, c.id)).toBeNull();
      const m1 = await store.appendMessage(message('one', T0 + 10));
      const read = await store.getTurnConversation(A, c.id);
      expect(read?.last).toEqual({ id: m1.id, seq: 1, createdAt: T0 + 10 });
      expect(read?.conversation.id).toBe(c.id);
      const stored = await store.insertMessages(
        [message('two', T0 + 5), { ...message('three', T0 + 30), type: 'bot', meta: { k: 1 } }],
        read?.last ?? null,
      );
      expect(stored.map((m) => [m.seq, m.createdAt])).toEqual([
        [2, T0 + 11],
        [3, T0 + 30],
      ]);
      expect(await store.messagesAfter(A, c.id, 0)).toEqual([m1, ...stored]);
      const claimed = await store.claimConversation({
        orgId: A,
        conversationId: c.id,
        token: 't',
        until: T0 + 100,
        now: T0,
      });
      expect(claimed).toMatchObject({
        kind: 'claimed',
        last: { id: stored[1]!.id, seq: 3, createdAt: T0 + 30 },
      });
      expect(await store.insertMessages([], null)).toEqual([]);
    });
  });
}
