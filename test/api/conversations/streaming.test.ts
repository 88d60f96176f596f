/**
 * Streams (conversations-api.md §2.4, §9): JSONL framing checked byte by byte with plain
 * fetch, non-ASCII text through the SDK's `.stream()` with the network chunks cut into single
 * bytes, SSE, Accept negotiation, pings, and `error` lines once streaming started.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { eventStream } from '../../../src/api/conversations/event-stream.js';
import { collect, refusal, startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

let f: Fixture;
let bot: string;
beforeAll(async () => {
  f = await startFixture();
  bot = await f.makeBot({
    flows: [
      {
        name: 'Main',
        content: 'start:\n  say "café ✓ {{event}}"\n  say "日本 👋"\n  hold\n  goto start',
      },
    ],
  });
});
afterAll(async () => {
  await f.close();
});

const post = (path: string, body: unknown, accept?: string) =>
  fetch(`${f.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${f.secret}`, ...(accept ? { accept } : {}) },
    body: JSON.stringify(body),
  });

/** A fetch whose response body arrives one byte per chunk. */
const byteByByte: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (!response.body) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
      controller.close();
    },
  });
  return new Response(body, { status: response.status, headers: response.headers });
};

describe('JSONL streams', () => {
  it('writes pure-ASCII lines, each ending in \\n, no blank line, each one JSON', async () => {
    const { id } = await f.cbk.conversation.create({ botId: bot });
    const response = await post(
      `/conversation/${id}/complete`,
      { text: 'é 😀' },
      'application/jsonl',
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/jsonl');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('content-encoding')).toBeNull();
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.every((b) => b < 0x80)).toBe(true);
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain('\r');
    const lines = text.slice(0, -1).split('\n');
    expect(lines.every((line) => line !== '')).toBe(true);
    const events = lines.map((line) => JSON.parse(line));
    expect(events.map((e) => e.type)).toEqual([
      'sendResult',
      'token',
      'token',
      'usage',
      'message',
      'result',
    ]);
    for (const event of events) {
      expect(Object.keys(event)).toEqual(['type', 'data', 'createdAt']);
      expect(Number.isInteger(event.createdAt)).toBe(true);
    }
    // Escapes are lower-case \uXXXX, surrogate pairs as two escapes.
    expect(text).toContain('caf\\u00e9 \\u2713 \\u00e9 \\ud83d\\ude00');
    expect(events[1].data.token).toBe('café ✓ é 😀');
    expect(events[2].data.token).toBe('\n日本 👋');
  });

  it('reaches the SDK intact when every byte is a chunk of its own', async () => {
    const { id } = await f.cbk.conversation.create({ botId: bot });
    const sdk = f.client(f.secret, { fetchFn: byteByByte });
    const events = await collect(sdk.conversation.complete(id, { text: 'naïve' }).stream());
    const tokens = events.filter((e) => e.type === 'token').map((e) => e.data.token);
    expect(tokens.join('')).toBe('café ✓ naïve\n日本 👋');
    const message = events.find((e) => e.type === 'message' && e.data.type === 'bot')!;
    expect(message.data.text).toBe(tokens.join(''));
    expect(events.at(-1)!.data.end.reason).toBe('stop');
  });

  it('streams send as a result line only, and receive without sendResult or end', async () => {
    const { id } = await f.cbk.conversation.create({ botId: bot });
    const sent = await collect(f.cbk.conversation.send(id, { text: 'a' }).stream());
    expect(sent.map((e) => e.type)).toEqual(['result']);
    const received = await collect(f.cbk.conversation.receive(id, {}).stream());
    expect(received.map((e) => e.type)).toEqual(['token', 'token', 'usage', 'message', 'result']);
    expect(received.at(-1)!.data.end).toBeUndefined();
  });

  it('streams a stateless complete: sendResult first, no ids', async () => {
    const events = await collect(
      f.cbk.conversation
        .complete(null, {
          botId: bot,
          messages: [
            { type: 'user', text: 'one' },
            { type: 'bot', text: 'ignored' },
            { type: 'user', text: 'two' },
          ],
        })
        .stream(),
    );
    expect(events.map((e) => e.type)).toEqual([
      'sendResult',
      'token',
      'token',
      'usage',
      'message',
      'result',
    ]);
    expect(events[0]!.data).toEqual({ text: 'two', entities: [], usage: { token: 1 } });
    expect(events[4]!.data.id).toBeUndefined();
    expect(events.at(-1)!.data).toEqual({
      text: 'café ✓ two\n日本 👋',
      usage: { token: expect.any(Number) },
      end: { reason: 'stop' },
    });
  });
});

describe('Accept negotiation and SSE', () => {
  it('answers JSON for */*, application/json and no Accept; 400 for unknown types', async () => {
    const { id } = await f.cbk.conversation.create({ botId: bot });
    for (const accept of [undefined, '*/*', 'application/json; q=1', 'APPLICATION/JSON']) {
      const response = await post(`/conversation/${id}/complete`, { text: 'x' }, accept);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
    const refused = await post(`/conversation/${id}/complete`, { text: 'x' }, 'text/html');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      message: 'Unsupported accept header',
      code: 'BAD_REQUEST',
    });
    // Routes that do not stream answer JSON whatever the Accept.
    const created = await post('/conversation/create', { botId: bot }, 'text/html');
    expect(created.status).toBe(200);
  });

  it('writes SSE events with the same types and order', async () => {
    const { id } = await f.cbk.conversation.create({ botId: bot });
    const response = await post(`/conversation/${id}/complete`, { text: 'x' }, 'text/event-stream');
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    const blocks = text.split('\n\n').filter((b) => b !== '');
    expect(blocks.map((b) => /^event: (\w+)\n/.exec(b)?.[1])).toEqual([
      'sendResult',
      'token',
      'token',
      'usage',
      'message',
      'result',
    ]);
    expect(JSON.parse(blocks[1]!.split('\ndata: ')[1]!)).toEqual({ token: 'café ✓ x' });
    expect(Buffer.from(text).length).toBe(text.length);
  });

  it('refuses before the first byte: the SDK stream throws the HTTP error', async () => {
    expect(
      await refusal(collect(f.cbk.conversation.complete('nope', { text: 'x' }).stream())),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('event streams (unit)', () => {
  it('pings after a silence, never after the result, and ends with an error line on failure', async () => {
    const slow = eventStream({
      mode: 'jsonl',
      now: () => 1,
      pingAfterMs: 30,
      run: async (emit) => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        emit('token', { token: 'late' });
        return { text: 'late' };
      },
    });
    const lines: string[] = [];
    for await (const chunk of slow.stream.chunks) lines.push(String(chunk));
    const types = lines.map((l) => JSON.parse(l).type);
    expect(types.filter((t) => t === 'ping').length).toBeGreaterThanOrEqual(2);
    expect(types.slice(-2)).toEqual(['token', 'result']);
    expect(lines[0]).toBe('{"type":"ping","data":{},"createdAt":1}\n');

    const failing = eventStream({
      mode: 'jsonl',
      now: () => 1,
      run: (emit) => {
        emit('token', { token: 'a' });
        return Promise.reject(new Error('secret internals'));
      },
    });
    const out: string[] = [];
    for await (const chunk of failing.stream.chunks) out.push(String(chunk));
    expect(out.map((l) => JSON.parse(l))).toEqual([
      { type: 'token', data: { token: 'a' }, createdAt: 1 },
      {
        type: 'error',
        data: { code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong' },
        createdAt: 1,
      },
    ]);
  });
});
