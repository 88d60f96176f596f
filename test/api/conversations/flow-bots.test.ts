/**
 * Flow bots through the official client (conversations-api.md §6.1–6.6, §7.2, §7.3): create,
 * complete, send + receive, one bot message per turn with `meta.payloads`, tokens that make the
 * bot text, usage estimates, memories per contact or conversation, goto end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collect, MEMORY_FLOW, refusal, RICH_FLOW, startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f.close();
});

describe('flow bots', () => {
  it('answers complete with one bot message, end stop and the usage estimate', async () => {
    const { id, messages } = await f.cbk.conversation.create({ botId: f.botId });
    expect(messages).toEqual([]);
    const reply = await f.cbk.conversation.complete(id, { text: '  hello ' });
    expect(reply).toEqual({
      id: expect.any(String),
      text: 'you said: hello',
      usage: { token: Math.ceil(('hello'.length + 'you said: hello'.length) / 4) },
      end: { reason: 'stop' },
    });
    const list = await f.cbk.conversation.message.list(id, {});
    expect(list.items.map((m: any) => [m.type, m.text])).toEqual([
      ['user', 'hello'],
      ['bot', 'you said: hello'],
    ]);
    const bot = list.items[1];
    expect(bot.id).toBe(reply.id);
    expect(bot.meta).toEqual({
      payloads: [{ content_type: 'text', content: { text: 'you said: hello' } }],
    });
    expect(bot.createdAt).toBeGreaterThan(list.items[0].createdAt);
  });

  it('keeps rich output in meta.payloads and streams one token per text payload', async () => {
    const botId = await f.makeBot({ flows: [{ name: 'Main', content: RICH_FLOW }] });
    const { id } = await f.cbk.conversation.create({ botId });
    const events = await collect(f.cbk.conversation.complete(id, { text: 'hello' }).stream());
    expect(events.map((e) => e.type)).toEqual([
      'sendResult',
      'token',
      'token',
      'usage',
      'message',
      'result',
    ]);
    expect(events[0]!.data).toEqual({
      id: expect.any(String),
      text: 'hello',
      entities: [],
      usage: { token: 2 },
    });
    const tokens = events.filter((e) => e.type === 'token').map((e) => e.data.token);
    expect(tokens).toEqual(['Hi there!', '\nPick one']);
    const message = events.find((e) => e.type === 'message')!.data;
    expect(message.text).toBe(tokens.join(''));
    expect(message.type).toBe('bot');
    expect(message.meta.payloads.map((p: any) => p.content_type)).toEqual([
      'text',
      'text',
      'question',
    ]);
    expect(events.at(-1)!.data).toEqual({
      id: message.id,
      text: 'Hi there!\nPick one',
      usage: { token: Math.ceil((5 + 18) / 4) },
      end: { reason: 'stop' },
    });
    expect(events[3]!.data).toEqual({ model: 'csml', inputTokensUsed: 2, outputTokensUsed: 5 });
  });

  it('send stores a user message; receive answers it, without end', async () => {
    const { id } = await f.cbk.conversation.create({ botId: f.botId });
    const sent = await f.cbk.conversation.send(id, { text: 'ping' });
    expect(sent).toEqual({
      id: expect.any(String),
      text: 'ping',
      entities: [],
      usage: { token: 1 },
    });
    const received = await f.cbk.conversation.receive(id, {});
    expect(received).toEqual({
      id: expect.any(String),
      text: 'you said: ping',
      usage: { token: Math.ceil((4 + 14) / 4) },
    });
    expect(await refusal(f.cbk.conversation.receive(id, {}))).toEqual({
      code: 'BAD_REQUEST',
      message: 'there is no user message to answer',
    });
    expect(await refusal(f.cbk.conversation.complete(id, {}))).toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('answers every pending user message in order, one turn each', async () => {
    const { id, messages } = await f.cbk.conversation.create({
      botId: f.botId,
      messages: [
        { type: 'user', text: 'one' },
        { type: 'context', text: 'ignored by flows' },
        { type: 'user', text: 'two' },
      ],
    });
    expect(messages.map((m: any) => m.text)).toEqual(['one', 'ignored by flows', 'two']);
    await f.cbk.conversation.message.create(id, { type: 'user', text: 'three' });
    const events = await collect(f.cbk.conversation.receive(id, {}).stream());
    expect(events.filter((e) => e.type === 'message').map((e) => e.data.text)).toEqual([
      'you said: one',
      'you said: two',
      'you said: three',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'result', data: { text: 'you said: three' } });
    expect(events.at(-1)!.data.end).toBeUndefined();
  });

  it('keeps memories per conversation, and per contact once one is linked', async () => {
    const botId = await f.makeBot({ flows: [{ name: 'Main', content: MEMORY_FLOW }] });
    const a = await f.cbk.conversation.create({ botId });
    expect((await f.cbk.conversation.complete(a.id, { text: 'Ann' })).text).toBe('hello Ann');
    expect((await f.cbk.conversation.complete(a.id, { text: 'x' })).text).toBe('again: Ann');
    const b = await f.cbk.conversation.create({ botId });
    expect((await f.cbk.conversation.complete(b.id, { text: 'Bob' })).text).toBe('hello Bob');
    // Two conversations of one contact share its memories.
    const c1 = await f.cbk.conversation.create({ botId, contact: { fingerprint: 'fp-1' } } as any);
    await f.cbk.conversation.complete(c1.id, { text: 'Cleo' });
    const c2 = await f.cbk.conversation.create({ botId, contact: { fingerprint: 'fp-1' } } as any);
    expect((await f.cbk.conversation.complete(c2.id, { text: 'y' })).text).toBe('again: Cleo');
  });

  it('starts the default flow again after goto end: the conversation itself goes on', async () => {
    const botId = await f.makeBot({
      flows: [{ name: 'Main', content: 'start:\n  say "turn of {{event}}"\n  goto end' }],
    });
    const { id } = await f.cbk.conversation.create({ botId });
    expect((await f.cbk.conversation.complete(id, { text: 'a' })).text).toBe('turn of a');
    expect((await f.cbk.conversation.complete(id, { text: 'b' })).text).toBe('turn of b');
    expect((await f.cbk.conversation.message.list(id)).items).toHaveLength(4);
  });

  it('stores an empty bot message when the turn says nothing', async () => {
    const botId = await f.makeBot({ flows: [{ name: 'Main', content: 'start:\n  goto end' }] });
    const { id } = await f.cbk.conversation.create({ botId });
    const reply = await f.cbk.conversation.complete(id, { text: 'x' });
    expect(reply).toMatchObject({ id: expect.any(String), text: '', end: { reason: 'stop' } });
    const events = await collect(f.cbk.conversation.complete(id, { text: 'y' }).stream());
    expect(events.map((e) => e.type)).toEqual(['sendResult', 'usage', 'message', 'result']);
    expect(events[2]!.data).toMatchObject({ type: 'bot', text: '', meta: { payloads: [] } });
  });

  it('refuses a bot with flows but no build, and an unknown bot', async () => {
    const unbuilt = await f.makeBot(
      { flows: [{ name: 'Main', content: 'start:\n  say "x"' }] },
      false,
    );
    expect(await refusal(f.cbk.conversation.create({ botId: unbuilt }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'bot has no built version',
    });
    expect(await refusal(f.cbk.conversation.create({ botId: 'nope' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'bot not found',
    });
  });
});
