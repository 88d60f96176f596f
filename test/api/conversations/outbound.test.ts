/**
 * Flow turns that call a slow remote service (csml.md §18.3, PARLEY_ALLOW_REMOTE_FETCH) on the
 * Conversations surface: the request is performed with no transaction open, so on one SQLite
 * server another conversation's complete is answered meanwhile, for complete, for receive of
 * several pending messages (each request performed once, each event streamed once) and for
 * stateless complete.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';

import { json, startUpstream } from '../../engine/outbound/upstream.js';
import type { Upstream } from '../../engine/outbound/upstream.js';
import { collect, startFixture } from './fixture.js';
import type { Fixture } from './fixture.js';

const SLOW_MS = 1_500;

let remote: Upstream;
let f: Fixture;
let slowBot: string;

beforeAll(async () => {
  remote = await startUpstream();
  f = await startFixture({ PARLEY_ALLOW_REMOTE_FETCH: '1' });
  slowBot = await f.makeBot({
    flows: [
      {
        name: 'Main',
        content: `start:
  do r = HTTP("${remote.url}/slow?q={{event}}").send()
  say "remote {{r.ok}} for {{event}}"
  hold
  goto start`,
      },
    ],
  });
});
afterAll(async () => {
  await f.close();
  await remote.close();
});
beforeEach(() => {
  remote.seen.length = 0;
  remote.handler = (_request, response) => {
    setTimeout(() => {
      json(response, 200, { ok: true });
    }, SLOW_MS);
  };
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long another conversation's complete takes while `slow` waits for the remote. */
async function quickWhile<T>(call: PromiseLike<T>): Promise<{ quickMs: number; slow: T }> {
  // The SDK's answers read their body on each `then`: once here.
  const slow = Promise.resolve(call);
  let slowDone = false;
  slow.then(
    () => {
      slowDone = true;
    },
    () => undefined,
  );
  const { id } = await f.cbk.conversation.create({ botId: f.botId });
  await pause(300);
  const started = performance.now();
  const quick = await f.cbk.conversation.complete(id, { text: 'quick' });
  const quickMs = performance.now() - started;
  expect(quick.text).toBe('you said: quick');
  expect(slowDone).toBe(false);
  return { quickMs, slow: await slow };
}

it('answers another conversation while a complete waits for a remote service', async () => {
  const { id } = await f.cbk.conversation.create({ botId: slowBot });
  const { quickMs, slow: reply } = await quickWhile<any>(
    f.cbk.conversation.complete(id, { text: 'one' }),
  );
  expect(quickMs).toBeLessThan(SLOW_MS / 2);
  expect(reply).toMatchObject({ text: 'remote true for one', end: { reason: 'stop' } });
  expect(remote.seen.map((r) => r.url)).toEqual(['/slow?q=one']);
  const items = (await f.cbk.conversation.message.list(id)).items;
  expect(items.map((m: any) => `${m.type}:${m.text}`)).toEqual([
    'user:one',
    'bot:remote true for one',
  ]);
  expect(items[1].id).toBe(reply.id);
});

it('streams a receive of two pending messages once, each remote request made once', async () => {
  const { id } = await f.cbk.conversation.create({ botId: slowBot });
  await f.cbk.conversation.send(id, { text: 'a' });
  await f.cbk.conversation.send(id, { text: 'b' });
  const { quickMs, slow: events } = await quickWhile(
    collect(f.cbk.conversation.receive(id, {}).stream()),
  );
  expect(quickMs).toBeLessThan(SLOW_MS / 2);
  expect(remote.seen.map((r) => r.url)).toEqual(['/slow?q=a', '/slow?q=b']);
  const messages = events.filter((e) => e.type === 'message');
  expect(events.map((e) => e.type)).toEqual([
    'token',
    'usage',
    'message',
    'token',
    'usage',
    'message',
    'result',
  ]);
  expect(messages.map((e) => e.data.text)).toEqual(['remote true for a', 'remote true for b']);
  const items = (await f.cbk.conversation.message.list(id)).items;
  expect(items.map((m: any) => `${m.type}:${m.text}`)).toEqual([
    'user:a',
    'user:b',
    'bot:remote true for a',
    'bot:remote true for b',
  ]);
  expect(messages.map((e) => e.data.id)).toEqual([items[2].id, items[3].id]);
  expect(events.at(-1)?.data).toEqual({
    id: items[3].id,
    text: 'remote true for b',
    usage: { token: expect.any(Number) },
  });
});

it('answers another conversation while a stateless complete waits for a remote service', async () => {
  const slow = f.cbk.conversation.complete(null, {
    botId: slowBot,
    messages: [{ type: 'user', text: 'solo' }],
  });
  const { quickMs, slow: reply } = await quickWhile<any>(slow);
  expect(quickMs).toBeLessThan(SLOW_MS / 2);
  expect(reply).toMatchObject({ text: 'remote true for solo', end: { reason: 'stop' } });
});
