/**
 * The OpenAI-compatible provider against a real local HTTP peer (fake-openai.ts): streaming,
 * tool calls in pieces, usage, retries with backoff on 429/5xx and connection failures (only
 * before the first token), Retry-After, timeouts, malformed streams, aborts, JSON answers.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { OpenAiCompatibleProvider } from '../../../src/engine/llm/openai-compatible.js';
import { LlmError } from '../../../src/engine/llm/provider.js';
import type { CompletionRequest } from '../../../src/engine/llm/provider.js';
import { startFakeOpenAi } from './fake-openai.js';
import type { FakeOpenAi } from './fake-openai.js';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

const provider = (extra: Partial<ConstructorParameters<typeof OpenAiCompatibleProvider>[0]> = {}) =>
  new OpenAiCompatibleProvider({
    baseUrl: fake.baseUrl,
    apiKey: 'sk-test',
    backoffMs: [20, 40],
    ...extra,
  });

const ask = (text: string, extra: Partial<CompletionRequest> = {}): CompletionRequest => ({
  model: 'gpt-test',
  messages: [{ role: 'user', content: text }],
  ...extra,
});

describe('OpenAiCompatibleProvider', () => {
  it('streams tokens in order and reports text, finish reason and usage', async () => {
    fake.script({
      tokens: ['Hé', 'llo', ' 日本', ' 👋'],
      usage: { prompt_tokens: 7, completion_tokens: 4 },
    });
    const tokens: string[] = [];
    const result = await provider().complete(
      ask('hi', { params: { temperature: 0.5, max_tokens: 9 }, onToken: (t) => tokens.push(t) }),
    );
    expect(tokens).toEqual(['Hé', 'llo', ' 日本', ' 👋']);
    expect(result).toEqual({
      text: 'Héllo 日本 👋',
      toolCalls: [],
      finishReason: 'stop',
      usage: { promptTokens: 7, completionTokens: 4 },
    });
    const sent = fake.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.authorization).toBe('Bearer sk-test');
    expect(sent.body).toMatchObject({
      model: 'gpt-test',
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.5,
      max_tokens: 9,
    });
    expect(sent.body.tools).toBeUndefined();
  });

  it('assembles tool calls sent in pieces, and sends tools', async () => {
    fake.script({
      toolCalls: [
        { name: 'get_time', arguments: '{"zone":"UTC"}' },
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
      ],
      usage: null,
    });
    const result = await provider().complete(
      ask('time?', {
        tools: [
          {
            type: 'function',
            function: { name: 'get_time', description: 'time', parameters: { type: 'object' } },
          },
        ],
      }),
    );
    expect(result.toolCalls).toEqual([
      { id: 'call_0', name: 'get_time', arguments: '{"zone":"UTC"}' },
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.usage).toBeNull();
    expect(fake.requests[0]!.body.tools?.[0]?.function.name).toBe('get_time');
  });

  it('retries 429 and 5xx twice with backoff, honouring Retry-After', async () => {
    fake.script({ status: 429, retryAfter: '0.05' }, { status: 503 }, { tokens: ['ok'] });
    const started = Date.now();
    const result = await provider().complete(ask('x'));
    expect(result.text).toBe('ok');
    expect(fake.requests).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50 + 40);
  });

  it('uses the specified default backoff of 0.5 s then 1 s', async () => {
    fake.script({ status: 500 }, { status: 502 }, { tokens: ['late'] });
    const started = Date.now();
    const result = await provider({ backoffMs: undefined }).complete(ask('x'));
    expect(result.text).toBe('late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
  });

  it('gives up after two retries, and does not retry other errors', async () => {
    fake.script({ status: 500 }, { status: 500 }, { status: 500 });
    await expect(provider().complete(ask('x'))).rejects.toMatchObject({
      name: 'LlmError',
      failure: 'http',
      status: 500,
      message: 'HTTP 500: scripted 500',
    });
    expect(fake.requests).toHaveLength(3);
    fake.requests.length = 0;
    fake.script({ status: 400 });
    await expect(provider().complete(ask('x'))).rejects.toMatchObject({ status: 400 });
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a refused connection, but not a stream broken after its first token', async () => {
    const nowhere = new OpenAiCompatibleProvider({
      baseUrl: 'http://127.0.0.1:9/v1',
      backoffMs: [10, 10],
    });
    await expect(nowhere.complete(ask('x'))).rejects.toMatchObject({ failure: 'connection' });
    fake.script({ tokens: ['a', 'b', 'c'], breakAfter: 1 });
    const tokens: string[] = [];
    await expect(
      provider().complete(ask('x', { onToken: (t) => tokens.push(t) })),
    ).rejects.toBeInstanceOf(LlmError);
    expect(tokens).toEqual(['a']);
    expect(fake.requests).toHaveLength(1);
  });

  it('fails on a malformed stream and on a timeout', async () => {
    fake.script({ tokens: ['a'], malformed: true });
    await expect(provider().complete(ask('x'))).rejects.toMatchObject({ failure: 'malformed' });
    fake.script({ hang: true });
    await expect(provider({ timeoutMs: 100 }).complete(ask('x'))).rejects.toMatchObject({
      failure: 'timeout',
    });
  });

  it('stops at once when its caller aborts', async () => {
    fake.script({ tokens: ['a', 'b', 'c', 'd'], delayMs: 100 });
    const controller = new AbortController();
    const call = provider().complete(
      ask('x', {
        signal: controller.signal,
        onToken: () => {
          controller.abort(new Error('client gone'));
        },
      }),
    );
    await expect(call).rejects.toThrow('client gone');
  });

  it('reads a non-streamed JSON answer', async () => {
    fake.script({
      json: true,
      tokens: ['plain ', 'answer'],
      toolCalls: [{ name: 'f', arguments: '{}' }],
    });
    const tokens: string[] = [];
    const result = await provider().complete(ask('x', { onToken: (t) => tokens.push(t) }));
    expect(result.text).toBe('plain answer');
    expect(tokens).toEqual(['plain answer']);
    expect(result.toolCalls).toEqual([{ id: 'call_0', name: 'f', arguments: '{}' }]);
    expect(result.usage).toEqual({ promptTokens: 10, completionTokens: 5 });
  });
});
