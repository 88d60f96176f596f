/**
 * The Conversations surface on PostgreSQL (PARLEY_DATABASE_URL), through the official client:
 * turns under SELECT … FOR UPDATE, meta filters on jsonb paths, pages, contacts, attachments
 * and Idempotency-Key replays, as on SQLite. Needs PARLEY_TEST_POSTGRES_URL.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';

import { createTestDatabase, describePostgres } from '../../store/postgres.js';
import type { TestDatabase } from '../../store/postgres.js';
import { collect, startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

describePostgres('Conversations API on PostgreSQL', () => {
  let database: TestDatabase;
  let f: Fixture;
  beforeAll(async () => {
    database = await createTestDatabase('parley_conversations');
    f = await startFixture({ PARLEY_DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await f.close();
    await database.drop();
  });

  it('runs turns, streams, pages and filters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      ids.push(
        (
          await f.cbk.conversation.create({
            botId: f.botId,
            meta: { i, odd: i % 2 === 1, n: { k: `v${i % 3}` } },
          })
        ).id,
      );
    }
    const reply = await f.cbk.conversation.complete(ids[0], { text: 'hello' });
    expect(reply).toMatchObject({ text: 'you said: hello', end: { reason: 'stop' } });
    const events = await collect(f.cbk.conversation.complete(ids[0], { text: 'again' }).stream());
    expect(events.at(-1)).toMatchObject({ type: 'result', data: { text: 'you said: again' } });
    const asc: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await f.cbk.conversation.list({
        order: 'asc',
        take: 5,
        botId: f.botId,
        ...(cursor ? { cursor } : {}),
      });
      if (page.items.length === 0) break;
      asc.push(...page.items.map((c: any) => c.id));
      cursor = page.cursor;
    }
    expect(asc).toEqual(ids);
    const filter = async (meta: Record<string, string>) =>
      (await f.cbk.conversation.list({ botId: f.botId, meta })).items.length;
    expect(await filter({ odd: 'true' })).toBe(6);
    expect(await filter({ i: '11' })).toBe(1);
    expect(await filter({ 'n.k': 'v0', odd: 'false' })).toBe(2);
  });

  it('serializes concurrent turns of one conversation and replays keyed requests', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => f.cbk.conversation.complete(id, { text: `m${i}` })),
    );
    expect(new Set(answers.map((a: any) => a.id)).size).toBe(8);
    const items = (await f.cbk.conversation.message.list(id)).items;
    expect(items).toHaveLength(16);
    for (let i = 0; i < 16; i += 2) {
      expect(items[i + 1].text).toBe(`you said: ${items[i].text}`);
    }
    const keyed = f.cbk.extend({ headers: { 'Idempotency-Key': 'pg-1' } });
    const first = await keyed.conversation.complete(id, { text: 'once' });
    expect(await keyed.conversation.complete(id, { text: 'once' })).toEqual(first);
    expect((await f.cbk.conversation.message.list(id)).items).toHaveLength(18);
  });

  it('upserts contacts and stores attachments', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    const contact = await f.cbk.conversation.clientFetch(
      `/api/v1/conversation/${id}/contact/upsert`,
      {
        record: { fingerprint: 'pg', name: 'Pat' },
      },
    );
    expect((await f.cbk.conversation.fetch(id)).contactId).toBe(contact.id);
    const uploaded = await f.cbk.conversation.attachment.upload(id, {
      data: new TextEncoder().encode('bytes'),
      type: 'text/plain',
      name: 'a.txt',
    });
    const listed = await f.cbk.conversation.clientFetch(
      `/api/v1/conversation/${id}/attachment/list`,
    );
    expect(listed.items.map((a: any) => a.id)).toEqual([uploaded.id]);
  });
});
