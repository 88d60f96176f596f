/**
 * LLM turns (conversations-api.md §7.4) against the local OpenAI-compatible server: model
 * strings, history mapping, server-side function results, `activity` ends, the `iterations`
 * and `calls` limits, `length`, usage sums and estimates.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { parseModelString } from '../../../src/engine/llm/model-string.js';
import { OpenAiCompatibleProvider } from '../../../src/engine/llm/openai-compatible.js';
import { chatHistory } from '../../../src/engine/llm/prompt.js';
import { runLlmTurn } from '../../../src/engine/llm/turn.js';
import type { CallUsage, LlmTurnInput, ProducedMessage } from '../../../src/engine/llm/turn.js';
import { startFakeOpenAi } from './fake-openai.js';
import type { FakeOpenAi } from './fake-openai.js';

describe('model strings', () => {
  it('reads name and parameters, ignoring unknown keys and bare segments', () => {
    expect(
      parseModelString(
        'gpt-4o/maxTokens=100/temperature=0.2/frequencyPenalty=0.1/presencePenalty=-0.5/seed=42/interactionMaxMessages=4/region=eu/foo=bar/plain',
      ),
    ).toEqual({
      name: 'gpt-4o',
      params: {
        max_tokens: 100,
        temperature: 0.2,
        frequency_penalty: 0.1,
        presence_penalty: -0.5,
        seed: 42,
      },
      interactionMaxMessages: 4,
    });
    expect(parseModelString('m/temperature=0')).toEqual({ name: 'm', params: { temperature: 0 } });
    expect(parseModelString('m/maxTokens=1.5/seed=x')).toEqual({ name: 'm', params: {} });
    expect(parseModelString('')).toBeNull();
    expect(parseModelString('/temperature=1')).toBeNull();
  });
});

describe('chat history', () => {
  it('maps message types to roles and pairs tool answers with their calls', () => {
    const call = (name: string, args: unknown) => ({
      type: 'activity',
      text: '',
      meta: { activity: { type: 'request', function: { name, arguments: args } } },
    });
    const answer = (name: string, result: unknown) => ({
      type: 'activity',
      text: '',
      meta: { activity: { type: 'response', function: { name, arguments: {}, result } } },
    });
    const messages = chatHistory([
      { type: 'backstory', text: 'persona', meta: null },
      { type: 'user', text: 'hi', meta: null },
      { type: 'reasoning', text: 'thinking', meta: null },
      { type: 'bot', text: 'let me check', meta: null },
      call('a', { x: 1 }) as never,
      call('b', '{"y":2}') as never,
      answer('b', 'B') as never,
      answer('a', { ok: true }) as never,
      call('never_answered', {}) as never,
      answer('unknown', 1) as never,
      {
        type: 'activity',
        text: '',
        meta: { activity: { type: 'trigger', function: { name: 't' } } },
      },
      { type: 'context', text: 'ctx', meta: null },
    ]);
    expect(messages).toEqual([
      { role: 'system', content: 'persona' },
      { role: 'user', content: 'hi' },
      {
        role: 'assistant',
        content: 'let me check',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
          { id: 'call_2', type: 'function', function: { name: 'b', arguments: '{"y":2}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_2', content: 'B' },
      { role: 'tool', tool_call_id: 'call_1', content: '{"ok":true}' },
      { role: 'system', content: 'ctx' },
    ]);
  });
});

describe('LLM turns', () => {
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

  const run = async (extra: Partial<LlmTurnInput> = {}) => {
    const tokens: string[] = [];
    const usages: CallUsage[] = [];
    const messages: ProducedMessage[] = [];
    let n = 0;
    const result = await runLlmTurn({
      provider: new OpenAiCompatibleProvider({ baseUrl: fake.baseUrl }),
      model: parseModelString('gpt-test')!,
      system: 'You are terse.',
      history: [{ type: 'user', text: 'what time is it?', meta: null }],
      functions: [],
      limits: { iterations: 10, calls: 10 },
      inputText: 'what time is it?',
      newId: () => `m${++n}`,
      events: {
        token: (t) => tokens.push(t),
        usage: (u) => usages.push(u),
        message: (m) => messages.push(m),
      },
      ...extra,
    });
    return { result, tokens, usages, messages };
  };

  const timeFunction = (withResult: boolean) => ({
    name: 'get_time',
    description: 'The time',
    parameters: { type: 'object', properties: { zone: { type: 'string' } } },
    ...(withResult ? { result: { data: { time: '12:00' } } } : {}),
  });

  it('answers with streamed tokens: one bot message, end stop', async () => {
    fake.script({ tokens: ['It is ', 'noon.'] });
    const { result, tokens, usages, messages } = await run();
    expect(tokens).toEqual(['It is ', 'noon.']);
    expect(messages).toEqual([{ id: 'm1', type: 'bot', text: 'It is noon.', meta: null }]);
    expect(result).toMatchObject({ text: 'It is noon.', endReason: 'stop', tokens: 15 });
    expect(usages).toEqual([{ model: 'gpt-test', inputTokensUsed: 10, outputTokensUsed: 5 }]);
    expect(fake.requests[0]!.body.messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'what time is it?' },
    ]);
  });

  it('answers functions with result.data itself and calls the model again', async () => {
    fake.script(
      { tokens: ['Checking.'], toolCalls: [{ name: 'get_time', arguments: '{"zone":"UTC"}' }] },
      { tokens: ['It is 12:00.'] },
    );
    const { result, messages } = await run({ functions: [timeFunction(true)] });
    expect(messages.map((m) => [m.type, m.text, m.meta])).toEqual([
      ['bot', 'Checking.', null],
      [
        'activity',
        '',
        {
          activity: { type: 'request', function: { name: 'get_time', arguments: { zone: 'UTC' } } },
        },
      ],
      [
        'activity',
        '',
        {
          activity: {
            type: 'response',
            function: { name: 'get_time', arguments: { zone: 'UTC' }, result: { time: '12:00' } },
          },
        },
      ],
      ['bot', 'It is 12:00.', null],
    ]);
    expect(result).toMatchObject({ endReason: 'stop', text: 'It is 12:00.', tokens: 30 });
    const second = fake.requests[1]!.body;
    expect(second.messages.slice(-2)).toEqual([
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_time', arguments: '{"zone":"UTC"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"time":"12:00"}' },
    ]);
    expect(second.tools?.map((t) => t.function.name)).toEqual(['get_time']);
  });

  it('ends with activity when a requested function has no result', async () => {
    fake.script({ toolCalls: [{ name: 'get_time', arguments: '{}' }], usage: null });
    const { result, messages } = await run({ functions: [timeFunction(false)] });
    expect(result.endReason).toBe('activity');
    expect(result.text).toBe('');
    expect(result.lastRequests).toEqual(messages);
    // No usage reported: the estimate, from the user text alone.
    expect(result.tokens).toBe(Math.ceil('what time is it?'.length / 4));
    expect(fake.requests).toHaveLength(1);
  });

  it('stops at the iterations limit, and offers no tools once calls ran out', async () => {
    const loop = { toolCalls: [{ name: 'get_time', arguments: '{}' }] };
    fake.script(loop, loop, loop);
    const { result } = await run({
      functions: [timeFunction(true)],
      limits: { iterations: 2, calls: 1 },
    });
    expect(result.endReason).toBe('iteration');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[0]!.body.tools).toHaveLength(1);
    expect(fake.requests[1]!.body.tools).toBeUndefined();
  });

  it('reports length when the provider cut the answer', async () => {
    fake.script({ tokens: ['Once upon'], finishReason: 'length' });
    const { result } = await run();
    expect(result.endReason).toBe('length');
  });

  it('keeps the last interactionMaxMessages history messages', async () => {
    fake.script({ tokens: ['ok'] });
    await run({
      model: parseModelString('gpt-test/interactionMaxMessages=2')!,
      history: ['a', 'b', 'c'].map((text) => ({ type: 'user', text, meta: null })),
    });
    expect(fake.requests[0]!.body.messages.map((m) => m.content)).toEqual([
      'You are terse.',
      'b',
      'c',
    ]);
  });
});
