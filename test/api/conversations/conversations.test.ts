/**
 * Conversations and messages through the official client (conversations-api.md §2.6, §5,
 * §6.1–6.3, §7.1, §8): every field and null, update merge rules, delete, both prefixes, bot
 * resolution, bot-bound keys, expiry, pagination across 250 conversations in both orders,
 * meta filters, list streams, and message CRUD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collect, refusal, startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.close();
});

describe('conversations', () => {
  it('creates with every field, fetches it with nulls present, updates with merge rules', async () => {
    const before = Date.now();
    const { id } = await f.cbk.conversation.create({
      botId: f.botId,
      name: 'n',
      description: 'd',
      meta: { app: 'x', keep: 1 },
      taskId: 't',
      backstory: 'b',
      model: 'gpt-4o/temperature=0',
      privacy: true,
      unknownField: 'ignored',
    });
    const fetched = await f.cbk.conversation.fetch(id);
    expect(fetched).toEqual({
      id,
      name: 'n',
      description: 'd',
      botId: f.botId,
      versionId: expect.any(String),
      contactId: null,
      taskId: 't',
      spaceId: null,
      datasetId: null,
      skillsetId: null,
      backstory: 'b',
      model: 'gpt-4o/temperature=0',
      privacy: true,
      moderation: false,
      expiresAt: null,
      meta: { app: 'x', keep: 1 },
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    expect(fetched.createdAt).toBeGreaterThanOrEqual(before);

    expect(
      await f.cbk.conversation.update(id, { meta: { app: 'y', extra: true }, taskId: null }),
    ).toEqual({ id });
    const updated = await f.cbk.conversation.fetch(id);
    expect(updated.meta).toEqual({ app: 'y', keep: 1, extra: true });
    expect(updated.taskId).toBeNull();
    expect(updated.name).toBe('n');
    expect(updated.versionId).toBe(fetched.versionId);
    await f.cbk.conversation.update(id, { meta: null });
    expect((await f.cbk.conversation.fetch(id)).meta).toBeNull();
    expect(await refusal(f.cbk.conversation.update(id, { botId: 'other' }))).toEqual({
      code: 'BAD_REQUEST',
      message: "a conversation's bot cannot be changed",
    });
  });

  it('pins the version at creation: later builds do not move it', async () => {
    const botId = await f.makeBot({ flows: [{ name: 'Main', content: 'start:\n  say "v1"' }] });
    const { id } = await f.cbk.conversation.create({ botId });
    const pinned = (await f.cbk.conversation.fetch(id)).versionId;
    const flows = await f.server.request('GET', `/v1/bots/${botId}/flows`);
    await f.server.request('PUT', `/v1/bots/${botId}/flows/${flows.body[0].id}`, {
      body: { content: 'start:\n  say "v2"' },
    });
    await f.server.request('POST', `/v1/bots/${botId}/build`);
    expect((await f.cbk.conversation.complete(id, { text: 'x' })).text).toBe('v1');
    const fresh = await f.cbk.conversation.create({ botId });
    expect((await f.cbk.conversation.fetch(fresh.id)).versionId).not.toBe(pinned);
    expect((await f.cbk.conversation.complete(fresh.id, { text: 'x' })).text).toBe('v2');
  });

  it('deletes a conversation; a second delete is 404', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    await f.cbk.conversation.complete(id, { text: 'x' });
    expect(await f.cbk.conversation.delete(id)).toEqual({ id });
    expect((await refusal(f.cbk.conversation.fetch(id))).code).toBe('NOT_FOUND');
    expect((await refusal(f.cbk.conversation.delete(id))).code).toBe('NOT_FOUND');
    expect((await refusal(f.cbk.conversation.message.list(id))).code).toBe('NOT_FOUND');
  });

  it('serves every route under /v1 as under /api/v1', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    const response = await fetch(`${f.baseUrl}/v1/conversation/${id}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.secret}` },
      body: JSON.stringify({ text: 'via v1' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as any).text).toBe('you said: via v1');
    const list = await fetch(`${f.baseUrl}/v1/conversation/${id}/message/list`, {
      headers: { authorization: `Bearer ${f.secret}` },
    });
    expect(((await list.json()) as any).items).toHaveLength(2);
  });

  it("uses the key's bot, else the organization's default bot, else refuses", async () => {
    const bound = await f.makeKey(['conversations:*'], f.botId);
    const viaKey = await f.client(bound).conversation.create({});
    expect((await f.cbk.conversation.fetch(viaKey.id)).botId).toBe(f.botId);
    // The first start made the demo bot the default.
    const viaDefault = await f.cbk.conversation.create({});
    expect((await f.cbk.conversation.fetch(viaDefault.id)).botId).toBe(f.server.demoBotId);
    await f.server.request('PUT', '/v1/organization', { body: { defaultBotId: null } });
    try {
      expect(await refusal(f.cbk.conversation.create({}))).toEqual({
        code: 'BAD_REQUEST',
        message:
          "no bot for this conversation: pass botId, bind the API key to a bot, or set the organization's default bot",
      });
    } finally {
      await f.server.request('PUT', '/v1/organization', {
        body: { defaultBotId: f.server.demoBotId },
      });
    }
  });

  it('keeps a bot-bound key to its bot: other bots and their conversations are 404', async () => {
    const other = await f.makeBot({ flows: [{ name: 'Main', content: 'start:\n  say "o"' }] });
    const theirs = await f.cbk.conversation.create({ botId: other });
    const bound = f.client(await f.makeKey(['conversations:*'], f.botId));
    expect((await refusal(bound.conversation.create({ botId: other }))).code).toBe('NOT_FOUND');
    expect((await refusal(bound.conversation.fetch(theirs.id))).code).toBe('NOT_FOUND');
    const mine = await bound.conversation.create({});
    const listed = await bound.conversation.list({ take: 100 });
    expect(listed.items.every((c: any) => c.botId === f.botId)).toBe(true);
    expect(listed.items.some((c: any) => c.id === mine.id)).toBe(true);
  });

  it('treats an expired conversation as deleted', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId, expiresAt: Date.now() - 1 });
    expect((await refusal(f.cbk.conversation.fetch(id))).code).toBe('NOT_FOUND');
    expect((await refusal(f.cbk.conversation.complete(id, { text: 'x' }))).code).toBe('NOT_FOUND');
    const listed = await f.cbk.conversation.list({ take: 100 });
    expect(listed.items.some((c: any) => c.id === id)).toBe(false);
  });
});

describe('pagination (§8)', () => {
  let botId: string;
  let ids: string[];
  beforeAll(async () => {
    botId = await f.makeBot({ flows: [{ name: 'Main', content: 'start:\n  say "p"' }] });
    ids = [];
    for (let i = 0; i < 250; i++) {
      const { id } = await f.cbk.conversation.create({
        botId,
        meta: {
          i,
          even: i % 2 === 0,
          group: `g${i % 5}`,
          nested: { tag: i < 10 ? 'first' : 'rest' },
        },
      });
      ids.push(id);
    }
  });

  async function walk(order?: 'asc' | 'desc'): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await f.cbk.conversation.list({
        ...(order ? { order } : {}),
        ...(cursor ? { cursor } : {}),
        take: 100,
        botId,
      });
      if (page.items.length === 0) {
        expect(page.cursor).toBeUndefined();
        return seen;
      }
      expect(page.items.length).toBeLessThanOrEqual(100);
      expect(page.cursor).toBe(page.items.at(-1).id);
      seen.push(...page.items.map((c: any) => c.id));
      cursor = page.cursor;
    }
  }

  it('walks 250 conversations in both orders, newest first by default', async () => {
    expect(await walk('asc')).toEqual(ids);
    expect(await walk('desc')).toEqual([...ids].reverse());
    expect(await walk()).toEqual([...ids].reverse());
  });

  it('clamps take to 1..100 and reads 0 or junk as 100', async () => {
    const size = async (take: unknown) =>
      (await f.cbk.conversation.list({ botId, take })).items.length;
    expect(await size(2)).toBe(2);
    expect(await size(1000)).toBe(100);
    expect(await size(0)).toBe(100);
    expect(await size('junk')).toBe(100);
  });

  it('filters by meta paths, ANDed, with booleans and numbers', async () => {
    const count = async (meta: Record<string, string>) =>
      (await f.cbk.conversation.list({ botId, meta, take: 100 })).items.length;
    expect(await count({ even: 'true' })).toBe(100);
    expect(await count({ i: '7' })).toBe(1);
    expect(await count({ group: 'g1', even: 'false' })).toBe(25);
    expect(await count({ 'nested.tag': 'first' })).toBe(10);
    expect(await count({ group: 'nope' })).toBe(0);
    const bracketed = await fetch(
      `${f.baseUrl}/api/v1/conversation/list?botId=${botId}&meta[i]=3`,
      { headers: { authorization: `Bearer ${f.secret}` } },
    );
    expect(((await bracketed.json()) as any).items.map((c: any) => c.meta.i)).toEqual([3]);
  });

  it('refuses a bad order and a cursor of no item of the list', async () => {
    expect(await refusal(f.cbk.conversation.list({ order: 'up' }))).toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect(await refusal(f.cbk.conversation.list({ cursor: 'nope' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'invalid cursor',
    });
  });

  it('streams every row, or take rows, as item lines', async () => {
    const all = await collect(f.cbk.conversation.list({ botId, order: 'asc' }).stream());
    expect(all).toHaveLength(250);
    expect(all.every((e) => e.type === 'item')).toBe(true);
    expect(all.map((e) => e.data.id)).toEqual(ids);
    const some = await collect(f.cbk.conversation.list({ botId, take: 130 }).stream());
    expect(some.map((e) => e.data.id)).toEqual([...ids].reverse().slice(0, 130));
  });
});

describe('messages (§6.3)', () => {
  it('creates, fetches, updates (meta merged, payloads read-only) and deletes', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    const entity = { type: 'NAME', begin: 0, end: 3, text: 'Ann' };
    const created = await f.cbk.conversation.message.create(id, {
      type: 'context',
      text: 'Ann is here',
      meta: { a: 1 },
      entities: [entity],
      name: 'not stored',
    });
    expect(created).toEqual({ id: expect.any(String), entities: [entity] });
    const fetched = await f.cbk.conversation.message.fetch(id, created.id);
    expect(fetched).toEqual({
      id: created.id,
      type: 'context',
      text: 'Ann is here',
      meta: { a: 1 },
      createdAt: expect.any(Number),
      updatedAt: expect.any(Number),
    });
    expect(
      await f.cbk.conversation.message.update(id, created.id, { text: 'changed', meta: { b: 2 } }),
    ).toEqual({ id: created.id, entities: [entity] });
    expect(await f.cbk.conversation.message.fetch(id, created.id)).toMatchObject({
      text: 'changed',
      meta: { a: 1, b: 2 },
    });

    const reply = await f.cbk.conversation.complete(id, { text: 'hi' });
    await f.cbk.conversation.message.update(id, reply.id, {
      meta: { payloads: 'overwritten?', note: 'x' },
    });
    const bot = await f.cbk.conversation.message.fetch(id, reply.id);
    expect(bot.meta.note).toBe('x');
    expect(bot.meta.payloads).toEqual([
      { content_type: 'text', content: { text: 'you said: hi' } },
    ]);
    await f.cbk.conversation.message.update(id, reply.id, { meta: null });
    expect((await f.cbk.conversation.message.fetch(id, reply.id)).meta).toEqual({
      payloads: bot.meta.payloads,
    });

    expect(await f.cbk.conversation.message.delete(id, created.id)).toEqual({ id: created.id });
    expect((await refusal(f.cbk.conversation.message.fetch(id, created.id))).code).toBe(
      'NOT_FOUND',
    );
    expect((await refusal(f.cbk.conversation.message.delete(id, created.id))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('lists all types ascending by default, pages and filters by meta', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    for (const [i, type] of ['user', 'context', 'instruction', 'backstory'].entries()) {
      await f.cbk.conversation.message.create(id, { type, text: `m${i}`, meta: { i } });
    }
    const asc = await f.cbk.conversation.message.list(id, { take: 3 });
    expect(asc.items.map((m: any) => m.text)).toEqual(['m0', 'm1', 'm2']);
    const next = await f.cbk.conversation.message.list(id, { cursor: asc.cursor });
    expect(next.items.map((m: any) => m.text)).toEqual(['m3']);
    const desc = await f.cbk.conversation.message.list(id, { order: 'desc', take: 1 });
    expect(desc.items.map((m: any) => m.text)).toEqual(['m3']);
    const filtered = await f.cbk.conversation.message.list(id, { meta: { i: '2' } });
    expect(filtered.items.map((m: any) => m.type)).toEqual(['instruction']);
    const streamed = await collect(f.cbk.conversation.message.list(id, {}).stream());
    expect(streamed.map((e) => e.data.text)).toEqual(['m0', 'm1', 'm2', 'm3']);
  });

  it('validates types, activity meta and entities, naming the field', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    expect(await refusal(f.cbk.conversation.message.create(id, { type: 'user' }))).toEqual({
      code: 'BAD_REQUEST',
      message: '"text" is required',
    });
    expect(
      (await refusal(f.cbk.conversation.message.create(id, { type: 'shout', text: 'x' }))).message,
    ).toMatch(/^"type" must be one of/);
    expect(
      (await refusal(f.cbk.conversation.message.create(id, { type: 'activity', text: '' }))).code,
    ).toBe('BAD_REQUEST');
    expect(
      await f.cbk.conversation.message.create(id, {
        type: 'activity',
        text: '',
        meta: { activity: { type: 'trigger', function: { name: 'f' } } },
      }),
    ).toMatchObject({ entities: [] });
    expect(
      (
        await refusal(
          f.cbk.conversation.message.create(id, {
            type: 'user',
            text: 'x',
            entities: [{ type: 'A', begin: 5, end: 2, text: 'x' }],
          }),
        )
      ).message,
    ).toBe('"entities[0].end" must be at least "begin"');
    expect(
      (await refusal(f.cbk.conversation.create({ botId: f.botId, messages: [{ type: 'user' }] })))
        .message,
    ).toBe('"messages[0].text" is required');
  });
});
