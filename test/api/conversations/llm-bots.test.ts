/**
 * LLM bots (conversations-api.md §7.4) through the official client, answered by a local
 * OpenAI-compatible server (test/engine/llm/fake-openai.ts) that streams deterministic tokens
 * and tool calls: real token streaming, the prompt (backstory, extensions, history, model
 * string), server-side function results, `activity` ends answered by the caller, stateless
 * completes with an inline configuration, provider failures (502, error lines, nothing
 * stored) and a client that goes away.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { startFakeOpenAi } from '../../engine/llm/fake-openai.js';
import type { FakeOpenAi } from '../../engine/llm/fake-openai.js';
import { collect, refusal, startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
let fake: FakeOpenAi;
let llmBot: string;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  f = await startFixture({
    PARLEY_LLM_BASE_URL: fake.baseUrl,
    PARLEY_LLM_API_KEY: 'sk-env',
    PARLEY_LLM_MODEL: 'gpt-env',
  });
  llmBot = await f.makeBot(
    {
      flows: [],
      llm: {
        model: 'gpt-test',
        baseUrl: fake.baseUrl,
        apiKey: 'sk-bot',
        backstory: 'You are Parley.',
      },
    },
    false,
  );
});
afterAll(async () => {
  await f.close();
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

const timeFn = (result?: unknown) => ({
  name: 'get_time',
  description: 'The current time',
  parameters: { type: 'object', properties: { zone: { type: 'string' } } },
  ...(result === undefined ? {} : { result: { data: result } }),
});

/** A fetch whose response body arrives one byte per chunk. */
const byteByByte: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
      controller.close();
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
};

describe('LLM bots', () => {
  it('answers through the provider: the prompt, the stored reply, usage and end', async () => {
    const { id } = await f.cbk.conversation.create({ botId: llmBot });
    expect((await f.cbk.conversation.fetch(id)).versionId).toBeNull();
    const reply = await f.cbk.conversation.complete(id, { text: 'hello there' });
    expect(reply).toEqual({
      id: expect.any(String),
      text: 'echo: hello there',
      usage: { token: 15 },
      end: { reason: 'stop' },
    });
    const sent = fake.requests[0]!;
    expect(sent.authorization).toBe('Bearer sk-bot');
    expect(sent.body).toMatchObject({ model: 'gpt-test', stream: true });
    expect(sent.body.messages).toEqual([
      { role: 'system', content: 'You are Parley.' },
      { role: 'user', content: 'hello there' },
    ]);
    const messages = (await f.cbk.conversation.message.list(id)).items;
    expect(messages.map((m: any) => [m.type, m.text, m.meta])).toEqual([
      ['user', 'hello there', null],
      ['bot', 'echo: hello there', null],
    ]);
    expect(messages[1].id).toBe(reply.id);
    // The next turn sends the whole history.
    await f.cbk.conversation.complete(id, { text: 'again' });
    expect(fake.requests[1]!.body.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
    ]);
  });

  it('streams each provider delta as a token; the stored text is their concatenation', async () => {
    const { id } = await f.cbk.conversation.create({ botId: llmBot });
    fake.script({ tokens: ['Ré', 'sumé ', '日本', ' 👋'], delayMs: 5 });
    const sdk = f.client(f.secret, { fetchFn: byteByByte });
    const events = await collect(sdk.conversation.complete(id, { text: 'go' }).stream());
    expect(events.map((e) => e.type)).toEqual([
      'sendResult',
      'token',
      'token',
      'token',
      'token',
      'usage',
      'message',
      'result',
    ]);
    const tokens = events.filter((e) => e.type === 'token').map((e) => e.data.token);
    expect(tokens).toEqual(['Ré', 'sumé ', '日本', ' 👋']);
    const message = events.find((e) => e.type === 'message')!.data;
    expect(message.text).toBe('Résumé 日本 👋');
    expect(events.find((e) => e.type === 'usage')!.data).toEqual({
      model: 'gpt-test',
      inputTokensUsed: 10,
      outputTokensUsed: 5,
    });
    const stored = await f.cbk.conversation.message.fetch(id, message.id);
    expect(stored.text).toBe(tokens.join(''));
    expect(events[0]!.data.id).toBe((await f.cbk.conversation.message.list(id)).items[0].id);
  });

  it('passes the model string, backstory and extensions on', async () => {
    const { id } = await f.cbk.conversation.create({
      botId: llmBot,
      model: 'other-model/temperature=0.3/maxTokens=50/seed=7/region=eu/interactionMaxMessages=1',
      backstory: 'Conversation backstory.',
    });
    await f.cbk.conversation.message.create(id, { type: 'context', text: 'older' });
    await f.cbk.conversation.complete(id, {
      text: 'x',
      extensions: {
        backstory: 'Extra.',
        datasets: [{ records: [{ text: 'fact one' }, { text: 'fact two' }] }],
      },
    });
    const body = fake.requests[0]!.body;
    expect(body).toMatchObject({ model: 'other-model', temperature: 0.3, max_tokens: 50, seed: 7 });
    expect(body.region).toBeUndefined();
    expect(body.messages).toEqual([
      { role: 'system', content: 'Conversation backstory.\n\nExtra.\n\n- fact one\n- fact two' },
      { role: 'user', content: 'x' },
    ]);
  });

  it('answers functions with result.data itself and calls the model again', async () => {
    const { id } = await f.cbk.conversation.create({ botId: llmBot });
    fake.script(
      { tokens: ['Let me see.'], toolCalls: [{ name: 'get_time', arguments: '{"zone":"UTC"}' }] },
      { tokens: ['It is noon.'] },
    );
    const events = await collect(
      f.cbk.conversation
        .complete(id, { text: 'time?', functions: [timeFn({ time: '12:00' })] })
        .stream(),
    );
    expect(events.map((e) => e.type)).toEqual([
      'sendResult',
      'token',
      'usage',
      'message',
      'message',
      'message',
      'token',
      'usage',
      'message',
      'result',
    ]);
    expect(events.at(-1)!.data).toMatchObject({
      text: 'It is noon.',
      usage: { token: 30 },
      end: { reason: 'stop' },
    });
    const stored = (await f.cbk.conversation.message.list(id)).items;
    expect(stored.map((m: any) => [m.type, m.meta?.activity?.type ?? null])).toEqual([
      ['user', null],
      ['bot', null],
      ['activity', 'request'],
      ['activity', 'response'],
      ['bot', null],
    ]);
    expect(stored[3].meta.activity.function).toEqual({
      name: 'get_time',
      arguments: { zone: 'UTC' },
      result: { time: '12:00' },
    });
    expect(fake.requests[0]!.body.tools?.map((t) => t.function.name)).toEqual(['get_time']);
  });

  it('ends with activity when the caller must answer, then continues on its answer', async () => {
    const { id } = await f.cbk.conversation.create({ botId: llmBot });
    fake.script({ toolCalls: [{ name: 'get_time', arguments: '{"zone":"CET"}' }] });
    const first = await f.cbk.conversation.complete(id, { text: 'time?', functions: [timeFn()] });
    expect(first).toMatchObject({ text: '', end: { reason: 'activity' } });
    expect(first.messages).toEqual([
      {
        id: first.id,
        type: 'activity',
        text: '',
        meta: {
          activity: { type: 'request', function: { name: 'get_time', arguments: { zone: 'CET' } } },
        },
      },
    ]);
    await f.cbk.conversation.message.create(id, {
      type: 'activity',
      text: '',
      meta: {
        activity: {
          type: 'response',
          function: {
            name: 'get_time',
            arguments: { zone: 'CET' },
            result: JSON.stringify({ t: '13:00' }),
          },
        },
      },
    });
    fake.script({ tokens: ['It is 13:00.'] });
    const second = await f.cbk.conversation.receive(id, { functions: [timeFn()] });
    expect(second).toEqual({ id: expect.any(String), text: 'It is 13:00.', usage: { token: 15 } });
    expect(fake.requests[1]!.body.messages.slice(-2)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_time', arguments: '{"zone":"CET"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"t":"13:00"}' },
    ]);
  });

  it('stops at the iterations limit and offers no tools once calls ran out', async () => {
    const { id } = await f.cbk.conversation.create({ botId: llmBot });
    const loop = { toolCalls: [{ name: 'get_time', arguments: '{}' }] };
    fake.script(loop, loop);
    const result = await f.cbk.conversation.complete(id, {
      text: 'x',
      functions: [timeFn('now')],
      limits: { iterations: 2, calls: 1 },
    });
    expect(result.end.reason).toBe('iteration');
    expect(fake.requests[1]!.body.tools).toBeUndefined();
  });

  it('completes statelessly with an inline model, storing nothing', async () => {
    const before = (await f.cbk.conversation.list({ take: 100 })).items.length;
    const reply = await f.cbk.conversation.complete(null, {
      model: 'gpt-inline',
      backstory: 'Inline.',
      messages: [
        { type: 'user', text: 'first' },
        { type: 'bot', text: 'ok' },
        { type: 'user', text: 'second' },
      ],
    });
    expect(reply).toEqual({ text: 'echo: second', usage: { token: 15 }, end: { reason: 'stop' } });
    const sent = fake.requests[0]!;
    expect(sent.authorization).toBe('Bearer sk-env');
    expect(sent.body.model).toBe('gpt-inline');
    expect(sent.body.messages.map((m) => m.content)).toEqual(['Inline.', 'first', 'ok', 'second']);
    expect((await f.cbk.conversation.list({ take: 100 })).items.length).toBe(before);
    // On an LLM bot, answering a function statelessly: request and response appended.
    fake.script({ tokens: ['done'] });
    const answered = await f.cbk.conversation.complete(null, {
      botId: llmBot,
      messages: [
        { type: 'user', text: 'time?' },
        {
          type: 'activity',
          text: '',
          meta: { activity: { type: 'request', function: { name: 'f', arguments: {} } } },
        },
        {
          type: 'activity',
          text: '',
          meta: {
            activity: { type: 'response', function: { name: 'f', arguments: {}, result: 1 } },
          },
        },
      ],
    });
    expect(answered.text).toBe('done');
    expect(fake.requests[1]!.body.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
    ]);
    expect(
      (
        await refusal(
          f.cbk.conversation.complete(null, {
            botId: llmBot,
            messages: [{ type: 'activity', text: '', meta: {} }],
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });

  it('answers 502 BAD_GATEWAY when the provider fails, and stores nothing', async () => {
    const { id } = await f.cbk.conversation.create({ botId: llmBot });
    fake.script({ status: 401 });
    expect(await refusal(f.cbk.conversation.complete(id, { text: 'x' }))).toEqual({
      code: 'BAD_GATEWAY',
      message: 'model provider error: HTTP 401: scripted 401',
    });
    expect((await f.cbk.conversation.message.list(id)).items).toEqual([]);
    // 429 and 5xx are retried by Parley before any token.
    fake.script({ status: 503 }, { status: 429, retryAfter: '0' }, { tokens: ['recovered'] });
    expect((await f.cbk.conversation.complete(id, { text: 'x' })).text).toBe('recovered');
  });

  it('ends a stream with an error line when the provider breaks after its first token', async () => {
    const { id } = await f.cbk.conversation.create({ botId: llmBot });
    fake.script({ tokens: ['partial', 'never'], breakAfter: 1 });
    const events = await collect(f.cbk.conversation.complete(id, { text: 'x' }).stream());
    expect(events.map((e) => e.type)).toEqual(['sendResult', 'token', 'error']);
    expect(events.at(-1)!.data).toEqual({
      code: 'BAD_GATEWAY',
      message: expect.stringMatching(/^model provider error: /),
    });
    expect(fake.requests).toHaveLength(1);
    expect((await f.cbk.conversation.message.list(id)).items).toEqual([]);
  });

  it('aborts the provider request and stores nothing when the client goes away', async () => {
    const { id } = await f.cbk.conversation.create({ botId: llmBot });
    fake.script({ tokens: ['a', 'b', 'c', 'd', 'e', 'f'], delayMs: 100 });
    const controller = new AbortController();
    const response = await fetch(`${f.baseUrl}/api/v1/conversation/${id}/complete`, {
      method: 'POST',
      headers: { authorization: `Bearer ${f.secret}`, accept: 'application/jsonl' },
      body: JSON.stringify({ text: 'x' }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    // The conversation is free again (its lock released) and holds nothing of that turn.
    fake.script({ tokens: ['next'] });
    const next = await f.cbk.conversation.complete(id, { text: 'y' });
    expect(next.text).toBe('next');
    expect((await f.cbk.conversation.message.list(id)).items.map((m: any) => m.text)).toEqual([
      'y',
      'next',
    ]);
  });

  it('continues without pending input, and refuses a bot without model', async () => {
    const { id } = await f.cbk.conversation.create({ botId: llmBot });
    fake.script({ tokens: ['Hello first.'] });
    expect((await f.cbk.conversation.receive(id, {})).text).toBe('Hello first.');
    const bare = await f.makeBot({ flows: [], llm: { model: 'm' } }, false);
    await f.server.request('PUT', `/v1/bots/${bare}`, { body: { llm: null } });
    const c = await f.cbk.conversation.create({ botId: bare });
    expect(await refusal(f.cbk.conversation.complete(c.id, { text: 'x' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'this bot has no model configured',
    });
  });
});
